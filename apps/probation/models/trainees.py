"""Trainee homeroom teachers (见习班主任, XH26-PROB-HOURS) and their mentors' guidance log
(XH26-PROB-MENTOR)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core.audit import audited
from apps.people.models import HomeroomAssignment, Teacher
from apps.tenancy.models import TenantOwned, TenantQuerySet

from .vocab import OPEN_STATUSES, TraineeStatus


@audited()
class Trainee(TenantOwned):
    """One teacher's probation: its window (the pack's length), the school's X for
    shadowing, the mentor, the stage, and — once appointed — the assignment it created.
    A deferred trainee retries in a new attempt of the same record; the assessments of
    earlier attempts stay as they were."""

    teacher = models.ForeignKey(
        Teacher, verbose_name=_("见习教师"), on_delete=models.PROTECT, related_name="probations"
    )
    started_on = models.DateField(_("见习开始日期"))
    planned_end_on = models.DateField(_("见习计划结束日期"))
    school_hours_target = models.DecimalField(
        _("校级跟岗培训学时（X）"), max_digits=5, decimal_places=1, default=0
    )
    mentor = models.ForeignKey(
        Teacher,
        verbose_name=_("指导教师"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="mentees",
    )
    status = models.CharField(
        _("状态"), max_length=14, choices=TraineeStatus.choices, default=TraineeStatus.IN_PROBATION
    )
    attempt = models.PositiveSmallIntegerField(_("考核轮次"), default=1)
    appointed_on = models.DateField(_("正式聘任日期"), null=True, blank=True)
    assignment = models.ForeignKey(
        HomeroomAssignment,
        verbose_name=_("聘任的班级"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField(_("备注"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = TenantQuerySet["Trainee"].as_manager()

    class Meta:
        verbose_name = _("见习班主任")
        verbose_name_plural = _("见习班主任")
        ordering = ["school_id", "planned_end_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["teacher"], name="trainee_one_probation"),
            models.UniqueConstraint(fields=["id", "school"], name="trainee_id_school"),
            models.CheckConstraint(
                condition=Q(planned_end_on__gt=models.F("started_on")),
                name="trainee_window_forward",
            ),
            models.CheckConstraint(
                condition=Q(status="appointed", appointed_on__isnull=False)
                | ~Q(status="appointed"),
                name="trainee_appointed_has_date",
            ),
        ]
        indexes = [models.Index(fields=["district", "status"], name="trainee_district_status")]

    def __str__(self) -> str:
        return f"{self.teacher} 见习（{self.get_status_display()}）"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


@audited()
class MentorLog(TenantOwned):
    """A mentor's guidance of a trainee (听课、谈心、指导家校沟通 …)."""

    trainee = models.ForeignKey(
        Trainee, verbose_name=_("见习班主任"), on_delete=models.CASCADE, related_name="mentor_logs"
    )
    mentor = models.ForeignKey(
        Teacher, verbose_name=_("指导教师"), on_delete=models.PROTECT, related_name="+"
    )
    date = models.DateField(_("指导日期"))
    topic = models.CharField(_("指导内容"), max_length=200)
    notes = models.TextField(_("指导记录"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = TenantQuerySet["MentorLog"].as_manager()

    class Meta:
        verbose_name = _("指导记录")
        verbose_name_plural = _("指导记录")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.trainee_id} {self.date} {self.topic}"
