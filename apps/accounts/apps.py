from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "apps.accounts"
    label = "accounts"
    verbose_name = "账号"

    def ready(self) -> None:
        from django.contrib import admin  # noqa: PLC0415
        from django.contrib.auth.decorators import login_required  # noqa: PLC0415

        from . import signals  # noqa: F401, PLC0415 - connects the receivers

        # One door in: the admin's own password form would skip the second factor
        # (apps/accounts/totp.py), so /admin/login/ sends people to the portal's login.
        admin.site.login = login_required(admin.site.login)  # type: ignore[method-assign]
