"""XH26-LADDER: a school that pilots a homeroom rating records each teacher's rung
(职初 / 骨干 / 卓越) with its date and basis; elsewhere the rung is computed from the
data (years, backbone status, titles) by the selectors."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.audit import audited
from apps.people.models import Teacher
from apps.tenancy.models import TenantOwned, TenantQuerySet

from .vocab import Rung


@audited()
class HomeroomRating(TenantOwned):
    teacher = models.ForeignKey(Teacher, on_delete=models.PROTECT, related_name="homeroom_ratings")
    rung = models.CharField(_("职级"), max_length=10, choices=Rung.choices)
    rated_on = models.DateField(_("评定日期"))
    basis = models.TextField(_("评定依据"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = TenantQuerySet["HomeroomRating"].as_manager()

    class Meta:
        verbose_name = _("班主任职级评定")
        verbose_name_plural = _("班主任职级评定")
        ordering = ["teacher_id", "-rated_on", "-id"]

    def __str__(self) -> str:
        return f"{self.teacher_id} {self.rung} {self.rated_on}"
