"""Evidence a school submits against an indicator and school year — an uploaded document
(a procedure, a plan, a checklist) or a written attestation — and its review by the
district. Items are never edited after submission: a returned item stays returned (with
the reviewer's comment) and the school submits a new one, so the history is complete.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.audit import audited
from apps.core.review import (
    ReviewAction,
    ReviewedRecord,
    ReviewEventBase,
    ReviewMessages,
    ReviewStates,
)
from apps.tenancy.models import TenantOwned, TenantQuerySet


class EvidenceKind(models.TextChoices):
    DOCUMENT = "document", _("文件材料")
    ATTESTATION = "attestation", _("情况说明")


class EvidenceStatus(models.TextChoices):
    SUBMITTED = "submitted", _("待审核")
    ACCEPTED = "accepted", _("已通过")
    RETURNED = "returned", _("已退回")
    WITHDRAWN = "withdrawn", _("已撤回")


@audited()
class EvidenceItem(TenantOwned, ReviewedRecord):
    """A reviewed record (`apps.core.review`): submitted by the school's leader, accepted
    or returned by a district reviewer, withdrawn while it waits."""

    indicator_code = models.CharField(_("指标编号"), max_length=40)
    pack_code = models.SlugField(_("政策包"), max_length=40)
    school_year = models.PositiveSmallIntegerField(_("学年"))
    kind = models.CharField(_("类型"), max_length=12, choices=EvidenceKind.choices)
    title = models.CharField(_("标题"), max_length=200)
    statement = models.TextField(_("说明"), blank=True)
    file_name = models.CharField(_("文件名"), max_length=200, blank=True)
    file_type = models.CharField(_("文件类型"), max_length=10, blank=True)
    file_size = models.PositiveIntegerField(_("文件大小"), default=0)
    file_sha256 = models.CharField(_("文件摘要"), max_length=64, blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=EvidenceStatus.choices, default=EvidenceStatus.SUBMITTED
    )
    # The required parts of a document (its indicator's `required_parts`, e.g. XH26-A1-2's
    # 选聘条件 / 选聘程序 / 任职期限) the reviewer ticked as present when accepting it.
    checked_parts = models.JSONField(_("已核对的要件"), default=list, blank=True)

    objects = TenantQuerySet["EvidenceItem"].as_manager()

    REVIEW_STATES: ClassVar[ReviewStates] = ReviewStates(
        pending=EvidenceStatus.SUBMITTED,
        accepted=EvidenceStatus.ACCEPTED,
        returned=EvidenceStatus.RETURNED,
        withdrawn=EvidenceStatus.WITHDRAWN,
    )
    REVIEW_MESSAGES: ClassVar[ReviewMessages] = ReviewMessages(
        not_pending="该材料当前状态为“{status}”，不能再审核。",
        comment_required="退回时请填写意见，说明需要如何修改。",
        withdraw_not_pending="只有待审核的材料可以撤回。",
    )

    class Meta:
        verbose_name = _("佐证材料")
        verbose_name_plural = _("佐证材料")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["district", "school_year", "indicator_code", "status"]),
            models.Index(fields=["school", "school_year", "indicator_code"]),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_code} {self.title}"


@audited()
class EvidenceFile(models.Model):
    """The uploaded bytes, apart from the item so lists never load them."""

    item = models.OneToOneField(EvidenceItem, on_delete=models.CASCADE, related_name="file")
    data = models.BinaryField()

    class Meta:
        verbose_name = _("佐证材料文件")
        verbose_name_plural = _("佐证材料文件")

    def __str__(self) -> str:
        return f"file of {self.item_id}"


EvidenceAction = ReviewAction  # the workflow's own actions: 提交, 审核通过, 退回, 撤回


@audited()
class EvidenceEvent(ReviewEventBase):
    """The item's history: who did what, when, with which comment."""

    item = models.ForeignKey(EvidenceItem, on_delete=models.CASCADE, related_name="events")

    class Meta(ReviewEventBase.Meta):
        verbose_name = _("佐证材料审核记录")
        verbose_name_plural = _("佐证材料审核记录")

    def __str__(self) -> str:
        return f"{self.item_id} {self.action}"
