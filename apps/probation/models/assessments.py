"""The three-level assessment (XH26-PROB-ASSESS), as the kit's reviewed records: the
assessor records it and decides it at once (合格 / 不合格 with a comment); nobody
assesses a probation of their own."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.audit import audited
from apps.core.jobs import ImportJobBase
from apps.core.review import ReviewedRecord, ReviewEventBase, ReviewMessages, ReviewStates
from apps.tenancy.models import TenantOwned, TenantQuerySet

from .trainees import Trainee
from .vocab import AssessmentLevel, AssessmentStatus


@audited()
class Assessment(TenantOwned, ReviewedRecord):
    trainee = models.ForeignKey(
        Trainee, verbose_name=_("见习班主任"), on_delete=models.PROTECT, related_name="assessments"
    )
    level = models.CharField(_("考核类别"), max_length=20, choices=AssessmentLevel.choices)
    attempt = models.PositiveSmallIntegerField(_("考核轮次"), default=1)
    assessed_on = models.DateField(_("考核日期"))
    assessor_name = models.CharField(_("考核人"), max_length=60)
    score = models.DecimalField(_("成绩"), max_digits=5, decimal_places=1, null=True, blank=True)
    status = models.CharField(
        _("结果"), max_length=10, choices=AssessmentStatus.choices, default=AssessmentStatus.PENDING
    )
    file_name = models.CharField(_("考核材料"), max_length=200, blank=True)
    file_type = models.CharField(max_length=10, blank=True)

    objects = TenantQuerySet["Assessment"].as_manager()

    REVIEW_STATES: ClassVar[ReviewStates] = ReviewStates(
        pending=AssessmentStatus.PENDING,
        accepted=AssessmentStatus.PASSED,
        returned=AssessmentStatus.FAILED,
        withdrawn=AssessmentStatus.WITHDRAWN,
    )
    REVIEW_MESSAGES: ClassVar[ReviewMessages] = ReviewMessages(
        not_pending="该考核当前为“{status}”，不能再评定；如需重考，请先办理暂缓聘任后重新考核。",
        comment_required="评定为不合格时请填写考核意见，说明需要改进之处。",
        own_record="不能评定本人的见习考核，请由其他考核人评定。",
    )
    # The assessor records the facts of someone else's probation and decides them; the
    # trainee never does (review_subject_user_id).
    SUBMITTER_MAY_DECIDE = True

    class Meta:
        verbose_name = _("见习考核")
        verbose_name_plural = _("见习考核")
        ordering = ["trainee_id", "attempt", "assessed_on", "id"]
        indexes = [models.Index(fields=["district", "level", "status"], name="assess_level")]

    def __str__(self) -> str:
        return f"{self.trainee_id} {self.get_level_display()} {self.get_status_display()}"

    def review_subject_user_id(self) -> int | None:
        return self.trainee.teacher.user_id


@audited()
class AssessmentEvent(ReviewEventBase):
    record = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="events")

    class Meta(ReviewEventBase.Meta):
        verbose_name = _("见习考核记录")
        verbose_name_plural = _("见习考核记录")

    def __str__(self) -> str:
        return f"{self.record_id} {self.action}"


@audited()
class AssessmentFile(models.Model):
    record = models.OneToOneField(Assessment, on_delete=models.CASCADE, related_name="file")
    data = models.BinaryField()

    class Meta:
        verbose_name = _("见习考核材料")
        verbose_name_plural = _("见习考核材料")

    def __str__(self) -> str:
        return f"file of {self.record_id}"


@audited()
class AssessmentImport(TenantOwned, ImportJobBase):
    """An Excel sheet of assessment results: a school's (its two levels) or the
    district's (school null: graduation results across its schools)."""

    school = models.ForeignKey(  # type: ignore[assignment]
        "tenancy.School", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = TenantQuerySet["AssessmentImport"].as_manager()

    class Meta:
        verbose_name = _("见习考核结果导入")
        verbose_name_plural = _("见习考核结果导入")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.file_name}（{self.get_state_display()}）"
