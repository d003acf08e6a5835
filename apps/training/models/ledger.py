"""The hours ledger: one row per (teacher, attendance or verified external record), never
changed once written. A correction is a reversal row (negative hours) that names the row
it reverses and why. Totals per school year and semester are sums over the rows."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core.audit import audited
from apps.core.models import TimeStampedModel
from apps.core.review import ReviewedRecord, ReviewEventBase, ReviewMessages, ReviewStates
from apps.people.models import Teacher
from apps.tenancy.models import TenantOwned, TenantQuerySet

from .activities import Attendance, TrainingActivity
from .vocab import CreditClass, ExternalLevel, Layer, ProbationBucket, Programme


class RecordStatus(models.TextChoices):
    SUBMITTED = "submitted", _("待审定")
    VERIFIED = "verified", _("已审定")
    RETURNED = "returned", _("已退回")
    WITHDRAWN = "withdrawn", _("已撤回")


@audited()
class ExternalTraining(TenantOwned, ReviewedRecord):
    """Training a teacher did elsewhere and logs themself; counts once verified (学时审定).
    While it waits, the teacher (or the leader who logged it) may correct or withdraw it;
    once verified only a reversal in the ledger changes what it counts.

    A reviewed record (`apps.core.review`): the school's leader verifies or returns it,
    never a teacher their own hours. A leader may confirm a record they logged for a
    teacher (as an import does), so the submitter may decide.
    """

    teacher = models.ForeignKey(Teacher, on_delete=models.PROTECT, related_name="external_training")
    title = models.CharField(_("培训名称"), max_length=200)
    organiser = models.CharField(_("主办单位"), max_length=100)
    organiser_level = models.CharField(_("主办层级"), max_length=10, choices=ExternalLevel.choices)
    date = models.DateField(_("日期"))
    hours = models.DecimalField(_("学时"), max_digits=5, decimal_places=1)
    credit_class = models.CharField(_("学分类别"), max_length=10, choices=CreditClass.choices)
    note = models.TextField(_("说明"), blank=True)
    file_name = models.CharField(_("证明材料"), max_length=200, blank=True)
    file_type = models.CharField(max_length=10, blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=RecordStatus.choices, default=RecordStatus.SUBMITTED
    )
    reviewed_at = models.DateTimeField(_("审定时间"), null=True, blank=True)
    review_comment = models.TextField(_("审定意见"), blank=True)

    objects = TenantQuerySet["ExternalTraining"].as_manager()

    REVIEW_STATES: ClassVar[ReviewStates] = ReviewStates(
        pending=RecordStatus.SUBMITTED,
        accepted=RecordStatus.VERIFIED,
        returned=RecordStatus.RETURNED,
        withdrawn=RecordStatus.WITHDRAWN,
    )
    REVIEW_MESSAGES: ClassVar[ReviewMessages] = ReviewMessages(
        not_pending="该记录当前为“{status}”，不能再审定。",
        comment_required="退回时请写明原因（如学时与证明不符）。",
        own_record="不能审定本人的学时记录，请由学校其他负责人审定。",
        withdraw_not_pending="只有待审定的记录可以撤回；已审定的学时如有错误，请由学校在台账中冲销更正。",
        correct_not_pending="只有待审定的记录可以修改；已审定的学时如有错误，请由学校在台账中冲销更正。",
    )
    SUBMITTER_MAY_DECIDE = True

    class Meta:
        verbose_name = _("校外培训学时")
        verbose_name_plural = _("校外培训学时")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["school", "status"])]

    def __str__(self) -> str:
        return f"{self.teacher_id} {self.title}"

    def review_subject_user_id(self) -> int | None:
        return self.teacher.user_id


@audited()
class ExternalTrainingEvent(ReviewEventBase):
    """The record's history: submitted, verified or returned, by whom and when."""

    record = models.ForeignKey(ExternalTraining, on_delete=models.CASCADE, related_name="events")

    class Meta(ReviewEventBase.Meta):
        verbose_name = _("学时审定记录")
        verbose_name_plural = _("学时审定记录")

    def __str__(self) -> str:
        return f"{self.record_id} {self.action}"


@audited()
class ExternalTrainingFile(models.Model):
    record = models.OneToOneField(ExternalTraining, on_delete=models.CASCADE, related_name="file")
    data = models.BinaryField()

    class Meta:
        verbose_name = _("校外培训证明文件")
        verbose_name_plural = _("校外培训证明文件")

    def __str__(self) -> str:
        return f"file of {self.record_id}"


class EntryKind(models.TextChoices):
    ATTENDANCE = "attendance", _("参加研修")
    EXTERNAL = "external", _("校外培训（已审定）")
    REVERSAL = "reversal", _("冲销更正")


@audited()
class LedgerEntry(TenantOwned):
    """Immutable (the database refuses UPDATE and DELETE, migration 0002)."""

    teacher = models.ForeignKey(Teacher, on_delete=models.PROTECT, related_name="ledger")
    kind = models.CharField(_("来源"), max_length=10, choices=EntryKind.choices)
    date = models.DateField(_("日期"))
    school_year = models.PositiveSmallIntegerField(_("学年"))
    semester = models.PositiveSmallIntegerField(_("学期"))
    hours = models.DecimalField(_("学时"), max_digits=6, decimal_places=1)
    credit_class = models.CharField(_("学分类别"), max_length=10, choices=CreditClass.choices)
    title = models.CharField(_("名称"), max_length=200)
    attendance = models.OneToOneField(
        Attendance, null=True, blank=True, on_delete=models.PROTECT, related_name="entry"
    )
    external = models.OneToOneField(
        ExternalTraining, null=True, blank=True, on_delete=models.PROTECT, related_name="entry"
    )
    activity = models.ForeignKey(
        TrainingActivity, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reverses = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="reversed_by"
    )
    reason = models.TextField(_("更正理由"), blank=True)
    # copied from the activity so aggregates need no join
    programme = models.CharField(max_length=10, choices=Programme.choices, default=Programme.NONE)
    probation_bucket = models.CharField(
        max_length=10, choices=ProbationBucket.choices, default=ProbationBucket.NONE
    )
    layer = models.CharField(max_length=12, choices=Layer.choices, default=Layer.NONE)
    is_cadre_training = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = TenantQuerySet["LedgerEntry"].as_manager()

    class Meta:
        verbose_name = _("学时台账")
        verbose_name_plural = _("学时台账")
        ordering = ["-date", "-id"]
        indexes = [
            # Serves the evaluators' one pass per run (`indicators.common.ledger_totals`:
            # school, semester, credit class, layer and source — kind, activity, reversed
            # row) and the ledger pages' aggregates as index-only scans of one district's
            # year, never another district's pages (issue 9 §2).
            models.Index(
                fields=["district", "school_year", "teacher"],
                include=[
                    "school",
                    "semester",
                    "credit_class",
                    "hours",
                    "layer",
                    "kind",
                    "activity",
                    "reverses",
                ],
                name="ledger_district_year",
            ),
            models.Index(fields=["teacher", "school_year", "semester"], name="ledger_teacher_term"),
            # The run's data fingerprint: the ledger is append-only, so its newest id in a
            # district says whether anything was added — one probe of this index.
            models.Index(fields=["district", "id"], name="ledger_district_newest"),
            models.Index(fields=["school", "id"], name="ledger_school_newest"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="reversal", reverses__isnull=False, hours__lt=0)
                | Q(kind="attendance", attendance__isnull=False, hours__gt=0)
                | Q(kind="external", external__isnull=False, hours__gt=0),
                name="ledger_entry_has_its_source",
            )
        ]

    def __str__(self) -> str:
        return f"{self.teacher_id} {self.date} {self.hours}"


@audited()
class CreditAssignment(TimeStampedModel):
    """PT24-CREDIT: the training officer's end-of-semester credits (from the ledger by the
    pack's conversion, confirmed or adjusted with a note)."""

    district = models.ForeignKey("tenancy.District", on_delete=models.PROTECT, related_name="+")
    school = models.ForeignKey("tenancy.School", on_delete=models.PROTECT, related_name="+")
    teacher = models.ForeignKey(Teacher, on_delete=models.PROTECT, related_name="credits")
    school_year = models.PositiveSmallIntegerField(_("学年"))
    semester = models.PositiveSmallIntegerField(_("学期"))
    lecture_hours = models.DecimalField(_("讲座类学时"), max_digits=6, decimal_places=1)
    practice_hours = models.DecimalField(_("实践类学时"), max_digits=6, decimal_places=1)
    credits = models.DecimalField(_("学分"), max_digits=5, decimal_places=1)
    note = models.TextField(_("说明"), blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("学期赋分")
        verbose_name_plural = _("学期赋分")
        constraints = [
            models.UniqueConstraint(
                fields=["teacher", "school_year", "semester"], name="credit_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.teacher_id} {self.school_year}-{self.semester}: {self.credits}"


@audited()
class CreditOffset(TenantOwned):
    """XB23-CREDIT: completing the district backbone centralised training, once recognised
    (经认定), offsets the pack's number of district credits of the pack's category (知识与
    技能类), once per teacher in the cohort, counted in the school year it names."""

    teacher = models.ForeignKey(Teacher, on_delete=models.PROTECT, related_name="credit_offsets")
    school_year = models.PositiveSmallIntegerField(_("学年"))
    credits = models.DecimalField(_("冲抵学分"), max_digits=4, decimal_places=1)
    category = models.CharField(_("冲抵的培训类别"), max_length=40, blank=True)
    rule_id = models.CharField(_("依据"), max_length=40, default="XB23-CREDIT")
    note = models.TextField(_("认定说明"), blank=True)
    recognised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = TenantQuerySet["CreditOffset"].as_manager()

    class Meta:
        verbose_name = _("学分冲抵")
        verbose_name_plural = _("学分冲抵")
        constraints = [
            models.UniqueConstraint(
                fields=["teacher", "school_year", "rule_id"], name="offset_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.teacher_id} {self.school_year}: +{self.credits}"
