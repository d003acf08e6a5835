"""The custom user. Roles are not here: they are memberships at a node (apps.tenancy)."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core.audit import audited


@audited(exclude=["password"])  # the hash stays out of the history (apps.core.audit)
class User(AbstractUser):
    full_name = models.CharField(_("姓名"), max_length=60, blank=True)
    phone = models.CharField(_("手机号"), max_length=20, blank=True)
    staff_no = models.CharField(
        _("工号"), max_length=32, blank=True, help_text=_("可用于登录；全平台唯一。")
    )
    must_change_password = models.BooleanField(
        _("须修改密码"),
        default=False,
        help_text=_("初始密码或重置后的密码：登录后须先改成自己的密码。"),
    )
    preferred_language = models.CharField(
        _("界面语言"),
        max_length=10,
        choices=[("zh-hans", "简体中文"), ("en", "English")],
        default="zh-hans",
    )

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        # Login by username, staff number or mobile number: each names one account.
        constraints = [
            models.UniqueConstraint(
                fields=["staff_no"], condition=~Q(staff_no=""), name="user_unique_staff_no"
            ),
            models.UniqueConstraint(
                fields=["phone"], condition=~Q(phone=""), name="user_unique_phone"
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def display_name(self) -> str:
        return self.full_name or self.get_full_name() or self.username


@audited(exclude=["password_hash"])  # issued and ended tokens; not the password's hash
class ApiToken(models.Model):
    """A key for the API (`Authorization: Token <key>`), issued by /api/v1/auth/token/.

    Only the SHA-256 of the key is stored, so a copy of the database holds no usable key.
    A token expires (`settings.TOKEN_TTL` after it was issued) and is bound to the
    password it was issued under (`password_hash` is the user's session auth hash, as
    Django binds sessions): changing the password, deactivating the account or logging
    out of the portal ends it (apps.accounts.tokens, docs/adr/0009-tokens-and-sessions.md).
    """

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("用户")
    )
    key_hash = models.CharField(_("密钥摘要"), max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("密钥前缀"), max_length=8, editable=False)
    password_hash = models.CharField(max_length=128, editable=False)
    created = models.DateTimeField(_("签发时间"), auto_now_add=True)
    expires_at = models.DateTimeField(_("到期时间"), db_index=True)

    class Meta:
        verbose_name = _("API 令牌")
        verbose_name_plural = _("API 令牌")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"
