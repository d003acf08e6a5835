"""The district's backbone cohort (XB23-COHORT): its dates and allowance rates, its
members with their category, joining and leaving; the manual task entries with evidence
(XB23-TASKS, for what the product holds no record of); and the applications to a next
cohort, which a failed term-end assessment bars (XB23-ASSESS)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from apps.core.audit import audited
from apps.core.models import TimeStampedModel
from apps.core.review import ReviewedRecord, ReviewEventBase, ReviewStates
from apps.people.models import Teacher
from apps.tenancy.models import District, TenantOwned, TenantQuerySet
from apps.training.models import AchievementLevel

from .files import BackboneFile
from .vocab import ApplicationStatus, Category, EntryStatus, LeaveReason, Task, TaskEntryKind


@audited()
class Cohort(TimeStampedModel):
    """One cohort (届) of the district's backbone teachers. `pack` names the policy pack
    whose parameters judge it (thresholds, consequences, the bonus); the monthly
    allowance rates are the district's own figures (the pack says 一定的工作经费)."""

    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("名称"), max_length=100)
    pack = models.CharField(_("政策包"), max_length=40)
    starts_on = models.DateField(_("培养周期开始"))
    ends_on = models.DateField(_("培养周期结束"))
    previous = models.ForeignKey(
        "self",
        verbose_name=_("上一届"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="next_cohorts",
    )
    accepting_applications = models.BooleanField(_("接受申报"), default=False)
    leader_monthly_allowance = models.DecimalField(
        _("带头人月度津贴（元）"),
        default=Decimal("0"),
        validators=[MinValueValidator(0)],
        max_digits=10,
        decimal_places=2,
    )
    backbone_monthly_allowance = models.DecimalField(
        _("中青年骨干月度津贴（元）"),
        default=Decimal("0"),
        validators=[MinValueValidator(0)],
        max_digits=10,
        decimal_places=2,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("骨干培养周期")
        verbose_name_plural = _("骨干培养周期")
        ordering = ["district_id", "-starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gt=F("starts_on")), name="backbone_cohort_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.name


@audited()
class BackboneMember(TenantOwned):
    """A teacher in a cohort, from joining to leaving. `school` is the teacher's (a
    transfer ends this row and starts one at the new school's stint)."""

    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="members")
    teacher = models.ForeignKey(Teacher, on_delete=models.PROTECT, related_name="backbone_members")
    category = models.CharField(_("类别"), max_length=10, choices=Category.choices)
    joined_on = models.DateField(_("入选日期"))
    left_on = models.DateField(_("离开日期"), null=True, blank=True)
    leave_reason = models.CharField(
        _("离开原因"), max_length=12, choices=LeaveReason.choices, blank=True
    )
    leave_note = models.TextField(_("说明"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = TenantQuerySet["BackboneMember"].as_manager()

    class Meta:
        verbose_name = _("骨干")
        verbose_name_plural = _("骨干")
        ordering = ["cohort_id", "category", "id"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "teacher"], name="backbone_member_once"),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=F("joined_on")),
                name="backbone_member_leaves_after_joining",
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True, leave_reason="")
                | (Q(left_on__isnull=False) & ~Q(leave_reason="")),
                name="backbone_member_leave_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["school", "cohort"])]

    def __str__(self) -> str:
        return f"{self.cohort_id} {self.teacher_id}"


@audited()
class TaskEntry(TenantOwned, ReviewedRecord):
    """A task item the member (or their school) records with evidence, accepted by the
    school's leader: counted toward XB23-TASKS only once accepted."""

    member = models.ForeignKey(BackboneMember, on_delete=models.CASCADE, related_name="entries")
    task = models.CharField(_("任务"), max_length=2, choices=Task.choices)
    kind = models.CharField(_("类别"), max_length=16, choices=TaskEntryKind.choices)
    school_year = models.PositiveSmallIntegerField(_("学年"))
    level = models.CharField(_("级别"), max_length=10, choices=AchievementLevel.choices)
    title = models.CharField(_("名称"), max_length=200)
    date = models.DateField(_("日期"))
    hours = models.DecimalField(
        _("课程学时"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.5"))],
    )
    file = models.ForeignKey(
        BackboneFile, verbose_name=_("证明材料"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=EntryStatus.choices, default=EntryStatus.SUBMITTED
    )

    REVIEW_STATES = ReviewStates(
        pending=EntryStatus.SUBMITTED, accepted=EntryStatus.ACCEPTED, returned=EntryStatus.RETURNED
    )
    # The school's leader may file an entry for a member (one without a login) and accept
    # it; the member never decides their own entry.
    SUBMITTER_MAY_DECIDE = True

    objects = TenantQuerySet["TaskEntry"].as_manager()

    class Meta:
        verbose_name = _("骨干任务记录")
        verbose_name_plural = _("骨干任务记录")
        ordering = ["member_id", "task", "-date", "-id"]
        indexes = [models.Index(fields=["school", "school_year"])]

    def __str__(self) -> str:
        return self.title

    def review_subject_user_id(self) -> int | None:
        return self.member.teacher.user_id


@audited()
class TaskEntryEvent(ReviewEventBase):
    record = models.ForeignKey(TaskEntry, on_delete=models.CASCADE, related_name="events")

    class Meta(ReviewEventBase.Meta):
        verbose_name = _("任务记录审核记录")
        verbose_name_plural = _("任务记录审核记录")

    def __str__(self) -> str:
        return f"{self.record_id} {self.action}"


@audited()
class CohortApplication(TenantOwned):
    """A teacher's application to a cohort; the service refuses a teacher barred by a
    failed term-end assessment or a termination, with the reason."""

    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="applications")
    teacher = models.ForeignKey(Teacher, on_delete=models.PROTECT, related_name="+")
    category = models.CharField(_("申报类别"), max_length=10, choices=Category.choices)
    statement = models.TextField(_("申报说明"), blank=True)
    status = models.CharField(
        _("状态"),
        max_length=10,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.APPLIED,
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("评审时间"), null=True, blank=True)

    objects = TenantQuerySet["CohortApplication"].as_manager()

    class Meta:
        verbose_name = _("骨干申报")
        verbose_name_plural = _("骨干申报")
        ordering = ["cohort_id", "-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "teacher"], name="backbone_application_once")
        ]

    def __str__(self) -> str:
        return f"{self.cohort_id} {self.teacher_id}"
