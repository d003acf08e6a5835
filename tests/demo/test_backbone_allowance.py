"""The allowance demo in the seeded demo (汇景区 on xuhui-backbone-2023): built on the
cohort members the cohort demo made (none: no payment at all). With members: judged for
the 2025 school year, met, partly met and not met schools; nobody paid in a suspended
year; every bonus paid but one."""

from io import StringIO

import pytest
from django.core.management import call_command

from apps.backbone.models import AllowancePayment, BackboneMember, Consequence, ConsequenceKind
from apps.compliance import packs as pack_data
from apps.compliance.models import Indicator
from apps.compliance.registry import Context, get
from apps.core.schoolyear import school_year, school_year_of
from apps.tenancy.models import District, School


@pytest.mark.django_db
def test_demo_allowance_mix_in_huijing() -> None:
    call_command("seed_demo", stdout=StringIO())
    district = District.objects.get(code="huijing")
    if not BackboneMember.objects.filter(district=district).exists():
        assert not AllowancePayment.objects.filter(district=district).exists()
        return
    indicator = Indicator.objects.filter(code="XB23-ALLOWANCE").order_by("-pack__version").first()
    assert indicator is not None
    values = pack_data.resolved_parameters(district, pack_data.active_packs(district))
    params = pack_data.resolve(indicator.params, values[indicator.pack.code])
    period = school_year(2025)
    ctx = Context(district=district, school_year=2025, period=period, as_of=period.end)
    schools = list(School.objects.filter(district=district))
    outcomes = get("backbone.allowance").func(ctx, indicator, params, schools)
    statuses = {o.status for o in outcomes.values()}
    assert {"met", "partly_met", "not_met"} <= statuses, statuses
    for held in Consequence.objects.filter(
        district=district, kind=ConsequenceKind.ALLOWANCE_SUSPENDED
    ):
        paid = AllowancePayment.objects.filter(member_id=held.member_id, kind="monthly")
        assert not any(school_year_of(p.month) == held.school_year for p in paid)
    bonuses = Consequence.objects.filter(district=district, kind=ConsequenceKind.BONUS)
    if bonuses.exists():
        unpaid = bonuses.filter(payment__isnull=True).count()
        assert unpaid == 1
