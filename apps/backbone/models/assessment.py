"""XB23-ASSESS: the district's yearly (project + comprehensive) and term-end results, the
consequences the service draws from them (warning, suspended allowance, no certificate,
barred, termination, bonus), and the written rectification plan a warning asks for."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core.audit import audited
from apps.core.review import ReviewedRecord, ReviewEventBase, ReviewStates
from apps.tenancy.models import TenantOwned, TenantQuerySet

from .cohort import BackboneMember
from .files import BackboneFile
from .vocab import AssessmentKind, ConsequenceKind, RectificationStatus, Result


@audited()
class Assessment(TenantOwned):
    """One result of one member: a school year's assessment (project and comprehensive
    parts and the overall result) or the term-end one (`school_year` is then the cohort's
    last). Entered by the district; a result is corrected by entering it again, and the
    consequences are drawn afresh."""

    member = models.ForeignKey(BackboneMember, on_delete=models.CASCADE, related_name="assessments")
    kind = models.CharField(_("考核类型"), max_length=10, choices=AssessmentKind.choices)
    school_year = models.PositiveSmallIntegerField(_("学年"))
    project_result = models.CharField(
        _("项目考核"), max_length=10, choices=Result.choices, blank=True
    )
    comprehensive_result = models.CharField(
        _("综合考核"), max_length=10, choices=Result.choices, blank=True
    )
    result = models.CharField(_("考核结果"), max_length=10, choices=Result.choices)
    assessed_on = models.DateField(_("考核日期"))
    note = models.TextField(_("说明"), blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = TenantQuerySet["Assessment"].as_manager()

    class Meta:
        verbose_name = _("骨干考核")
        verbose_name_plural = _("骨干考核")
        ordering = ["member_id", "kind", "school_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "kind", "school_year"], name="backbone_assessment_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member_id} {self.kind} {self.school_year} {self.result}"


@audited()
class Consequence(TenantOwned):
    """What a result (or the leading group's decision) brings about. `school_year` is the
    year it concerns: the assessed year for a warning or a bonus, the next one for a
    suspended allowance. A warning carries the rectification plan's deadline; a bonus its
    amount (the pack's); a termination has no assessment, only its reason."""

    member = models.ForeignKey(
        BackboneMember, on_delete=models.CASCADE, related_name="consequences"
    )
    assessment = models.ForeignKey(
        Assessment,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="consequences",
    )
    kind = models.CharField(_("结果运用"), max_length=20, choices=ConsequenceKind.choices)
    school_year = models.PositiveSmallIntegerField(_("所涉学年"))
    due_on = models.DateField(_("整改方案提交期限"), null=True, blank=True)
    amount = models.DecimalField(
        _("金额（元）"),
        null=True,
        blank=True,
        max_digits=10,
        decimal_places=2,
    )
    reason = models.TextField(_("依据"), blank=True)
    decided_on = models.DateField(_("决定日期"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = TenantQuerySet["Consequence"].as_manager()

    class Meta:
        verbose_name = _("考核结果运用")
        verbose_name_plural = _("考核结果运用")
        ordering = ["member_id", "school_year", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "kind", "school_year"], name="backbone_consequence_once"
            ),
            models.CheckConstraint(
                condition=Q(kind=ConsequenceKind.WARNING) | Q(due_on__isnull=True),
                name="backbone_consequence_due_only_for_warnings",
            ),
            models.CheckConstraint(
                condition=Q(kind=ConsequenceKind.BONUS, amount__isnull=False)
                | (~Q(kind=ConsequenceKind.BONUS) & Q(amount__isnull=True)),
                name="backbone_consequence_amount_only_for_bonuses",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} {self.kind} {self.school_year}"


@audited()
class Rectification(TenantOwned, ReviewedRecord):
    """The written rectification plan (书面整改方案) a warning asks for, uploaded by the
    member or their school and accepted or returned by the district; a returned plan
    stays returned and a new one is filed."""

    warning = models.ForeignKey(
        Consequence, on_delete=models.CASCADE, related_name="rectifications"
    )
    summary = models.TextField(_("整改措施"))
    file = models.ForeignKey(
        BackboneFile, verbose_name=_("整改方案"), on_delete=models.PROTECT, related_name="+"
    )
    filed_at = models.DateTimeField(_("提交时间"))
    status = models.CharField(
        _("状态"),
        max_length=10,
        choices=RectificationStatus.choices,
        default=RectificationStatus.SUBMITTED,
    )

    REVIEW_STATES = ReviewStates(
        pending=RectificationStatus.SUBMITTED,
        accepted=RectificationStatus.ACCEPTED,
        returned=RectificationStatus.RETURNED,
    )
    SUBMITTER_MAY_DECIDE = False

    objects = TenantQuerySet["Rectification"].as_manager()

    class Meta:
        verbose_name = _("整改方案")
        verbose_name_plural = _("整改方案")
        ordering = ["warning_id", "-filed_at"]

    def __str__(self) -> str:
        return f"{self.warning_id} {self.status}"

    def review_subject_user_id(self) -> int | None:
        return self.warning.member.teacher.user_id


@audited()
class RectificationEvent(ReviewEventBase):
    record = models.ForeignKey(Rectification, on_delete=models.CASCADE, related_name="events")

    class Meta(ReviewEventBase.Meta):
        verbose_name = _("整改方案审核记录")
        verbose_name_plural = _("整改方案审核记录")

    def __str__(self) -> str:
        return f"{self.record_id} {self.action}"
