"""The district's spot-checks (抽查) of the research sessions schools record (XH26-A2-1
"杜绝事务性替代"): a reviewer of the district marks a recorded session as counting or not
(不计入, with the reason); the school sees the verdict and a session marked 不计入 stops
counting towards the monthly sessions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core.audit import audited
from apps.tenancy.models import TenantOwned, TenantQuerySet

from .activities import TrainingActivity


class SpotCheckVerdict(models.TextChoices):
    COUNTS = "counts", _("抽查通过，计入")
    EXCLUDED = "excluded", _("不计入")


@audited()
class SessionSpotCheck(TenantOwned):
    """One verdict per session; a later check replaces the earlier (the audit trail keeps
    both)."""

    activity = models.OneToOneField(
        TrainingActivity, on_delete=models.PROTECT, related_name="spot_check"
    )
    verdict = models.CharField(_("抽查结论"), max_length=10, choices=SpotCheckVerdict.choices)
    reason = models.TextField(_("理由"), blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = TenantQuerySet["SessionSpotCheck"].as_manager()

    class Meta:
        verbose_name = _("研修活动抽查")
        verbose_name_plural = _("研修活动抽查")
        constraints = [
            models.CheckConstraint(
                condition=Q(verdict="counts") | ~Q(reason=""),
                name="spot_check_exclusion_has_reason",
            )
        ]

    def __str__(self) -> str:
        return f"{self.activity_id} {self.verdict}"
