"""lishui-2015: a leader's recorded exception to the post's conditions (LS15-ELIGIBLE,
原则上), and the homeroom teachers' home visits per class (LS15-HOMEVISIT: counts only,
no student's personal data)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.audit import audited
from apps.people.models import SchoolClass, Teacher
from apps.tenancy.models import TenantOwned, TenantQuerySet


@audited()
class EligibilityException(TenantOwned):
    """例外任用: a teacher short of LS15-ELIGIBLE's conditions may take a homeroom post in
    the school year for the reason the leader recorded; the result shows it."""

    teacher = models.ForeignKey(
        Teacher, verbose_name=_("教师"), on_delete=models.PROTECT,
        related_name="eligibility_exceptions",
    )  # fmt: skip
    school_year = models.PositiveSmallIntegerField(_("学年"))
    reason = models.TextField(_("例外任用原因"))
    recorded_on = models.DateField(_("登记日期"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip

    objects = TenantQuerySet["EligibilityException"].as_manager()

    class Meta:
        verbose_name = _("班主任例外任用")
        verbose_name_plural = _("班主任例外任用")
        ordering = ["school_id", "-school_year", "-recorded_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["teacher", "school_year"], name="eligibility_exception_one_per_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.teacher_id} {self.school_year} 例外任用"


@audited()
class HomeVisit(TenantOwned):
    """Homes a class's homeroom teacher visited on a day (a count: no student's data)."""

    school_class = models.ForeignKey(
        SchoolClass, verbose_name=_("班级"), on_delete=models.PROTECT, related_name="home_visits"
    )
    school_year = models.PositiveSmallIntegerField(_("学年"))
    date = models.DateField(_("家访日期"))
    homes = models.PositiveSmallIntegerField(_("家访户数"))
    note = models.CharField(_("备注"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = TenantQuerySet["HomeVisit"].as_manager()

    class Meta:
        verbose_name = _("家访记录")
        verbose_name_plural = _("家访记录")
        ordering = ["school_id", "-date", "-id"]
        indexes = [models.Index(fields=["district", "school_year"], name="home_visit_year")]

    def __str__(self) -> str:
        return f"{self.school_class_id} {self.date} {self.homes}户"
