"""Deputy homeroom teachers on the two tracks (XH26-DEPUTY, XH26-A2P-1.1…1.3): one record
per deputy teacher, school year and track (the track is the assignment's role), its
training path, its assessment (the kit's reviewed record: the school's leader assesses,
nobody their own) and, on the expert track, the case-guidance log."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.audit import audited
from apps.core.review import ReviewedRecord, ReviewEventBase, ReviewMessages, ReviewStates
from apps.people.models import Teacher
from apps.tenancy.models import TenantOwned, TenantQuerySet

from .vocab import AssessmentStatus


class DeputyTrack(models.TextChoices):
    """The track is the deputy assignment's role (people.AssignmentRole)."""

    TRAINING = "deputy_training", _("培养型")
    EXPERT = "deputy_expert", _("专家型")


class CaseType(models.TextChoices):
    HOME_SCHOOL = "home_school", _("家校矛盾")
    SPECIAL = "special", _("特殊个案")
    CRISIS = "crisis", _("心理危机")
    STUDY = "study", _("学业困难")
    OTHER = "other", _("其他")


@audited()
class DeputyRecord(TenantOwned):
    teacher = models.ForeignKey(
        Teacher, verbose_name=_("副班主任"), on_delete=models.PROTECT, related_name="deputy_records"
    )
    school_year = models.PositiveSmallIntegerField(_("学年"))
    track = models.CharField(_("轨道"), max_length=20, choices=DeputyTrack.choices)
    note = models.TextField(_("备注"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = TenantQuerySet["DeputyRecord"].as_manager()

    class Meta:
        verbose_name = _("副班主任培养记录")
        verbose_name_plural = _("副班主任培养记录")
        ordering = ["school_id", "-school_year", "track", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["teacher", "school_year", "track"], name="deputy_record_one_per_year"
            ),
            models.UniqueConstraint(fields=["id", "school"], name="deputy_record_id_school"),
        ]
        indexes = [models.Index(fields=["district", "school_year"], name="deputy_record_year")]

    def __str__(self) -> str:
        return f"{self.teacher_id} {self.school_year} {self.get_track_display()}"


@audited()
class DeputyPathItem(TenantOwned):
    """One step of a training-track deputy's path (跟班、主持班会、家访 …)."""

    record = models.ForeignKey(
        DeputyRecord, verbose_name=_("副班主任"), on_delete=models.CASCADE, related_name="path"
    )
    date = models.DateField(_("日期"))
    item = models.CharField(_("培养内容"), max_length=200)
    notes = models.TextField(_("说明"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = TenantQuerySet["DeputyPathItem"].as_manager()

    class Meta:
        verbose_name = _("副班主任培养内容")
        verbose_name_plural = _("副班主任培养内容")
        ordering = ["record_id", "date", "id"]

    def __str__(self) -> str:
        return f"{self.record_id} {self.date} {self.item}"


@audited()
class DeputyAssessment(TenantOwned, ReviewedRecord):
    """The deputy's assessment (合格 / 不合格 with the comment the kit asks for): the
    school's leader records it and decides it at once, never for their own record."""

    record = models.ForeignKey(
        DeputyRecord, verbose_name=_("副班主任"), on_delete=models.PROTECT,
        related_name="assessments",
    )  # fmt: skip
    assessed_on = models.DateField(_("考核日期"))
    status = models.CharField(
        _("结果"), max_length=10, choices=AssessmentStatus.choices, default=AssessmentStatus.PENDING
    )

    objects = TenantQuerySet["DeputyAssessment"].as_manager()

    REVIEW_STATES: ClassVar[ReviewStates] = ReviewStates(
        pending=AssessmentStatus.PENDING,
        accepted=AssessmentStatus.PASSED,
        returned=AssessmentStatus.FAILED,
        withdrawn=AssessmentStatus.WITHDRAWN,
    )
    REVIEW_MESSAGES: ClassVar[ReviewMessages] = ReviewMessages(
        not_pending="该考核当前为“{status}”，不能再评定。",
        comment_required="评定为不合格时请填写考核意见，说明需要改进之处。",
        own_record="不能考核本人的副班主任培养，请由其他考核人评定。",
    )
    SUBMITTER_MAY_DECIDE = True

    class Meta:
        verbose_name = _("副班主任考核")
        verbose_name_plural = _("副班主任考核")
        ordering = ["record_id", "assessed_on", "id"]

    def __str__(self) -> str:
        return f"{self.record_id} {self.get_status_display()}"

    def review_subject_user_id(self) -> int | None:
        return self.record.teacher.user_id


@audited()
class DeputyAssessmentEvent(ReviewEventBase):
    record = models.ForeignKey(DeputyAssessment, on_delete=models.CASCADE, related_name="events")

    class Meta(ReviewEventBase.Meta):
        verbose_name = _("副班主任考核记录")
        verbose_name_plural = _("副班主任考核记录")

    def __str__(self) -> str:
        return f"{self.record_id} {self.action}"


@audited()
class CaseGuidance(TenantOwned):
    """An expert-track deputy's guidance on a case (no student's name is recorded)."""

    record = models.ForeignKey(
        DeputyRecord, verbose_name=_("专家型副班主任"), on_delete=models.CASCADE,
        related_name="cases",
    )  # fmt: skip
    date = models.DateField(_("指导日期"))
    case_type = models.CharField(_("个案类型"), max_length=20, choices=CaseType.choices)
    advice = models.TextField(_("指导意见"))
    outcome = models.TextField(_("处理结果"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = TenantQuerySet["CaseGuidance"].as_manager()

    class Meta:
        verbose_name = _("个案指导记录")
        verbose_name_plural = _("个案指导记录")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.record_id} {self.date} {self.get_case_type_display()}"
