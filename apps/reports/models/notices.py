"""Notices (消息中心), a person's mutes, a district's robot channels (企业微信 / 钉钉) and
the outbound deliveries (robots and e-mail) — docs/notices.md.

Once only: a notice is unique per (recipient, dedupe key) and a delivery per (channel,
notice) or (district, channel, due key), so computing the same due item again, or an
event announced twice, records nothing new; a delivery moves pending → sending → sent
by conditional UPDATEs, so it is sent at most once."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.audit import audited
from apps.tenancy.models import District, School


class NoticeKind(models.TextChoices):
    REVIEWED = "reviewed", _("审核结果")
    TODO = "todo", _("待办提醒")
    DUE = "due", _("截止提醒")


@audited()
class Notice(models.Model):
    """One message to one person, in their district (and school, where it is one's)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="+")
    school = models.ForeignKey(
        School, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("类别"), max_length=10, choices=NoticeKind.choices)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    link = models.CharField(_("链接"), max_length=300, blank=True)
    dedupe_key = models.CharField(_("去重键"), max_length=200)
    created_at = models.DateTimeField(_("时间"), default=timezone.now)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("消息")
        verbose_name_plural = _("消息")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"], name="notice_once_per_recipient"
            )
        ]
        indexes = [
            models.Index(
                fields=["recipient"], condition=Q(read_at__isnull=True), name="notice_unread"
            ),
            models.Index(fields=["recipient", "-created_at"], name="notice_recipient_newest"),
        ]

    def __str__(self) -> str:
        return f"{self.recipient_id} {self.title}"


@audited()
class NoticeMute(models.Model):
    """A kind of notice a person chose not to receive (nor by e-mail)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("类别"), max_length=10, choices=NoticeKind.choices)

    class Meta:
        verbose_name = _("消息免打扰")
        verbose_name_plural = _("消息免打扰")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="notice_mute_once")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}"


class Channel(models.TextChoices):
    WECOM = "wecom", _("企业微信群机器人")
    DINGTALK = "dingtalk", _("钉钉群机器人")
    EMAIL = "email", _("电子邮件")


ROBOT_CHANNELS = (Channel.WECOM, Channel.DINGTALK)


@audited()
class RobotChannel(models.Model):
    """A district's group robots. URLs and the signing secret are sealed
    (`apps.core.sealed`): the database, its backups and the audit trail hold tokens, and
    a page shows only their last characters."""

    district = models.OneToOneField(District, on_delete=models.CASCADE, related_name="+")
    wecom_url_sealed = models.TextField(blank=True)
    wecom_on = models.BooleanField(_("启用企业微信"), default=False)
    dingtalk_url_sealed = models.TextField(blank=True)
    dingtalk_secret_sealed = models.TextField(blank=True)
    dingtalk_on = models.BooleanField(_("启用钉钉"), default=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("群机器人设置")
        verbose_name_plural = _("群机器人设置")

    def __str__(self) -> str:
        return f"robots of {self.district_id}"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("待发送")
    SENDING = "sending", _("发送中")
    SENT = "sent", _("已发送")
    FAILED = "failed", _("发送失败")


@audited()
class Delivery(models.Model):
    """One notice by e-mail, or one due item to a district's robot: sent at most once
    (pending → sending → sent by conditional UPDATEs), retried with backoff while
    attempts remain (`next_attempt_at`), failed with the last error after that."""

    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="+")
    school = models.ForeignKey(
        School, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    channel = models.CharField(_("渠道"), max_length=10, choices=Channel.choices)
    notice = models.ForeignKey(
        Notice, null=True, blank=True, on_delete=models.CASCADE, related_name="deliveries"
    )
    due_key = models.CharField(_("待办键"), max_length=200, blank=True)
    title = models.CharField(_("标题"), max_length=200)
    text = models.TextField(_("内容"), blank=True)
    link = models.CharField(_("链接"), max_length=300, blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    next_attempt_at = models.DateTimeField(_("下次尝试"), default=timezone.now)
    last_error = models.TextField(_("最近错误"), blank=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)

    class Meta:
        verbose_name = _("消息投递")
        verbose_name_plural = _("消息投递")
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "notice"],
                condition=Q(notice__isnull=False),
                name="delivery_once_per_notice",
            ),
            models.UniqueConstraint(
                fields=["district", "channel", "due_key"],
                condition=Q(notice__isnull=True),
                name="delivery_once_per_due_item",
            ),
            models.CheckConstraint(
                condition=Q(notice__isnull=False) | ~Q(due_key=""),
                name="delivery_names_what_it_sends",
            ),
        ]
        indexes = [
            models.Index(
                fields=["channel", "district", "next_attempt_at"],
                condition=Q(status="pending"),
                name="delivery_waiting",
            )
        ]

    def __str__(self) -> str:
        return f"{self.channel} {self.title} ({self.status})"


@audited()
class RobotPost(models.Model):
    """Each message posted to a district's robot (the throttle counts the last minute's),
    with how many due items it carried and how it went."""

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(_("渠道"), max_length=10, choices=Channel.choices)
    at = models.DateTimeField(_("时间"), default=timezone.now)
    items = models.PositiveSmallIntegerField(_("条目数"))
    ok = models.BooleanField(_("成功"))

    class Meta:
        verbose_name = _("群机器人消息")
        verbose_name_plural = _("群机器人消息")
        indexes = [models.Index(fields=["district", "channel", "at"], name="robot_post_recent")]

    def __str__(self) -> str:
        return f"{self.channel} {self.at:%Y-%m-%d %H:%M} ×{self.items}"
