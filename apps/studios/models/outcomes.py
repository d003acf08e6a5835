"""A team's outcomes (成果, XH26-A2P-4.2 / 4.3; a workshop's course deliverable,
XB23-WORKSHOP) and the files kept with its outcomes, plans and briefs."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core.audit import audited
from apps.core.models import TimeStampedModel

from .briefs import Brief
from .studios import Plan, Team, Theme
from .vocab import CourseForm, OutcomeKind, OutcomeStage


@audited()
class Outcome(TimeStampedModel):
    """An outcome: a report, a case collection, a course (with its form and class hours)
    or a paper; staged or final; `promoted` once the district takes it into its 成果集."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="outcomes")
    theme = models.ForeignKey(
        Theme, null=True, blank=True, on_delete=models.SET_NULL, related_name="outcomes"
    )
    kind = models.CharField(_("成果类型"), max_length=10, choices=OutcomeKind.choices)
    stage = models.CharField(
        _("阶段"), max_length=10, choices=OutcomeStage.choices, default=OutcomeStage.STAGED
    )
    title = models.CharField(_("成果名称"), max_length=200)
    summary = models.TextField(_("成果简介"), blank=True)
    completed_on = models.DateField(_("完成日期"))
    course_form = models.CharField(
        _("课程形式"), max_length=16, choices=CourseForm.choices, blank=True
    )
    course_hours = models.DecimalField(
        _("课程学时"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.5"))],
    )
    promoted = models.BooleanField(_("收入成果集"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("成果")
        verbose_name_plural = _("成果")
        ordering = ["team_id", "-completed_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=OutcomeKind.COURSE)
                | (Q(course_form="") & Q(course_hours__isnull=True)),
                name="outcome_course_fields_only_for_courses",
            ),
        ]

    def __str__(self) -> str:
        return self.title


@audited()
class TeamFile(TimeStampedModel):
    """A file kept with one outcome, plan or brief of a team (checked by core.files)."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="files")
    outcome = models.ForeignKey(
        Outcome, null=True, blank=True, on_delete=models.CASCADE, related_name="files"
    )
    plan = models.ForeignKey(
        Plan, null=True, blank=True, on_delete=models.CASCADE, related_name="files"
    )
    brief = models.ForeignKey(
        Brief, null=True, blank=True, on_delete=models.CASCADE, related_name="files"
    )
    file_name = models.CharField(_("文件名"), max_length=200)
    file_type = models.CharField(max_length=10)
    file_size = models.PositiveIntegerField(_("文件大小"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("工作室文件")
        verbose_name_plural = _("工作室文件")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(outcome__isnull=False, plan__isnull=True, brief__isnull=True)
                    | Q(outcome__isnull=True, plan__isnull=False, brief__isnull=True)
                    | Q(outcome__isnull=True, plan__isnull=True, brief__isnull=False)
                ),
                name="team_file_has_one_owner",
            ),
        ]

    def __str__(self) -> str:
        return self.file_name


@audited()
class TeamFileData(models.Model):
    file = models.OneToOneField(TeamFile, on_delete=models.CASCADE, related_name="data")
    data = models.BinaryField()

    class Meta:
        verbose_name = _("工作室文件内容")
        verbose_name_plural = _("工作室文件内容")

    def __str__(self) -> str:
        return f"data of {self.file_id}"
