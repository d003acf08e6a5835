"""XB23-ALLOWANCE: the backbone allowance paid monthly through the member's school, and
the 优秀 bonuses (XB23-ASSESS) as their own rows; a month of a suspended school year is
refused by the service."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core.audit import audited
from apps.tenancy.models import TenantOwned, TenantQuerySet

from .assessment import Consequence
from .cohort import BackboneMember
from .vocab import AllowanceKind


@audited()
class AllowancePayment(TenantOwned):
    """One payment: a month's allowance (`month` is the month's first day) or a bonus
    (`bonus` names the consequence it pays; `month` the month it was paid in)."""

    member = models.ForeignKey(BackboneMember, on_delete=models.PROTECT, related_name="payments")
    kind = models.CharField(_("类别"), max_length=10, choices=AllowanceKind.choices)
    month = models.DateField(_("月份"))
    amount = models.DecimalField(
        _("金额（元）"),
        validators=[MinValueValidator(Decimal("0.01"))],
        max_digits=10,
        decimal_places=2,
    )
    paid_on = models.DateField(_("发放日期"))
    bonus = models.OneToOneField(
        Consequence, null=True, blank=True, on_delete=models.PROTECT, related_name="payment"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = TenantQuerySet["AllowancePayment"].as_manager()

    class Meta:
        verbose_name = _("骨干津贴发放")
        verbose_name_plural = _("骨干津贴发放")
        ordering = ["school_id", "member_id", "month", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "month"],
                condition=Q(kind=AllowanceKind.MONTHLY),
                name="backbone_allowance_once_a_month",
            ),
            models.CheckConstraint(
                condition=Q(kind=AllowanceKind.BONUS, bonus__isnull=False)
                | Q(kind=AllowanceKind.MONTHLY, bonus__isnull=True),
                name="backbone_allowance_bonus_names_its_consequence",
            ),
            models.CheckConstraint(
                condition=Q(month__day=1), name="backbone_allowance_month_first_day"
            ),
        ]
        indexes = [models.Index(fields=["school", "month"])]

    def __str__(self) -> str:
        return f"{self.member_id} {self.kind} {self.month:%Y-%m}"
