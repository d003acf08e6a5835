"""Tiered programmes 启航 / 续航 / 领航 (XH26-TIER), needs surveys (PT24-NEEDS) and the
per-participant training evaluation (PT24-EVAL)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.audit import audited
from apps.core.models import TimeStampedModel
from apps.people.models import Teacher
from apps.tenancy.models import District, School

from .vocab import Programme


@audited()
class Cohort(TimeStampedModel):
    """One school year's intake of a programme, run by the district."""

    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="+")
    programme = models.CharField(_("培养工程"), max_length=10, choices=Programme.choices)
    school_year = models.PositiveSmallIntegerField(_("学年"))
    name = models.CharField(_("名称"), max_length=100)
    required_hours = models.DecimalField(
        _("结业所需学时"), max_digits=5, decimal_places=1, default=0
    )

    class Meta:
        verbose_name = _("培养班次")
        verbose_name_plural = _("培养班次")
        ordering = ["-school_year", "programme"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "programme", "school_year"], name="cohort_once"
            )
        ]

    def __str__(self) -> str:
        return self.name


@audited()
class CohortCourse(models.Model):
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="courses")
    title = models.CharField(_("课程"), max_length=200)
    hours = models.DecimalField(_("学时"), max_digits=5, decimal_places=1)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("班次课程")
        verbose_name_plural = _("班次课程")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.title


class MemberStatus(models.TextChoices):
    ENROLLED = "enrolled", _("在读")
    COMPLETED = "completed", _("已结业")
    WITHDRAWN = "withdrawn", _("退出")


@audited()
class CohortMember(TimeStampedModel):
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="members")
    teacher = models.ForeignKey(Teacher, on_delete=models.PROTECT, related_name="cohorts")
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="+")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("状态"), max_length=10, choices=MemberStatus.choices, default=MemberStatus.ENROLLED
    )

    class Meta:
        verbose_name = _("班次学员")
        verbose_name_plural = _("班次学员")
        constraints = [
            models.UniqueConstraint(fields=["cohort", "teacher"], name="cohort_member_once")
        ]

    def __str__(self) -> str:
        return f"{self.teacher_id}@{self.cohort_id}"


@audited()
class Survey(TimeStampedModel):
    """PT24-NEEDS: a short questionnaire a district (school null) or a school publishes."""

    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="+")
    school = models.ForeignKey(
        School, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("问卷标题"), max_length=200)
    questions = models.JSONField(
        _("题目"),
        default=list,
        help_text=_('[{"text": "…", "choices": ["…", "…"], "multiple": false}]'),
    )
    is_open = models.BooleanField(_("开放作答"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("需求调研")
        verbose_name_plural = _("需求调研")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


@audited()
class SurveyResponse(TimeStampedModel):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    teacher = models.ForeignKey(Teacher, on_delete=models.PROTECT, related_name="+")
    answers = models.JSONField(_("回答"), default=list)

    class Meta:
        verbose_name = _("调研答卷")
        verbose_name_plural = _("调研答卷")
        constraints = [
            models.UniqueConstraint(fields=["survey", "teacher"], name="survey_answer_once")
        ]

    def __str__(self) -> str:
        return f"{self.teacher_id}@{self.survey_id}"


class EvaluationKind(models.TextChoices):
    """PT24-EVAL: process evidence and outcome evidence."""

    PARTICIPATION = "participation", _("过程·参与情况")
    ASSIGNMENT = "assignment", _("过程·作业提交")
    DISCUSSION = "discussion", _("过程·研讨发言")
    SUMMARY = "summary", _("成果·总结报告")
    CASE = "case", _("成果·案例分析")
    PRACTICE = "practice", _("成果·实践成果")


PROCESS_KINDS = (EvaluationKind.PARTICIPATION, EvaluationKind.ASSIGNMENT, EvaluationKind.DISCUSSION)
OUTCOME_KINDS = (EvaluationKind.SUMMARY, EvaluationKind.CASE, EvaluationKind.PRACTICE)


@audited()
class EvaluationRecord(TimeStampedModel):
    """One piece of a participant's evaluation in a semester, with an optional file."""

    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="+")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    teacher = models.ForeignKey(Teacher, on_delete=models.PROTECT, related_name="evaluations")
    school_year = models.PositiveSmallIntegerField(_("学年"))
    semester = models.PositiveSmallIntegerField(_("学期"))
    kind = models.CharField(_("类别"), max_length=14, choices=EvaluationKind.choices)
    title = models.CharField(_("名称"), max_length=200)
    note = models.TextField(_("说明"), blank=True)
    file_name = models.CharField(max_length=200, blank=True)
    file_type = models.CharField(max_length=10, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("研修评价")
        verbose_name_plural = _("研修评价")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["school", "school_year", "teacher"])]

    def __str__(self) -> str:
        return f"{self.teacher_id} {self.kind}"


@audited()
class EvaluationFile(models.Model):
    record = models.OneToOneField(EvaluationRecord, on_delete=models.CASCADE, related_name="file")
    data = models.BinaryField()

    class Meta:
        verbose_name = _("研修评价附件")
        verbose_name_plural = _("研修评价附件")

    def __str__(self) -> str:
        return f"file of {self.record_id}"
