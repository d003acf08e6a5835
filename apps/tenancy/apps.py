from django.apps import AppConfig


class TenancyConfig(AppConfig):
    name = "apps.tenancy"
    label = "tenancy"
    verbose_name = "租户与角色"

    def ready(self) -> None:
        from . import services  # noqa: F401, PLC0415 - registers the school-list import runner
