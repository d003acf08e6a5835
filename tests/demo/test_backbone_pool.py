"""The pool topic's demo: 新桥区's honours for the growth teams' leaders, three elections
with a mix (2024 partly met, 2025 met, 2026 in progress), the target far from reached;
汇景区's pilot school with its recorded rungs winning over the computed ones."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from apps.backbone.indicators.pool import pool, target
from apps.backbone.models import HomeroomHonour, HomeroomRating, Honour, PoolEntry, PoolStatus
from apps.backbone.selectors.ladder import RECORDED, rungs_of, school_ladder
from apps.compliance.models import Indicator, ResultStatus
from apps.compliance.registry import Context
from apps.core.schoolyear import school_year
from apps.tenancy.models import District


def _outcome(district: District, code: str, year: int, as_of: dt.date) -> str:
    func = pool if code == "XB-POOL" else target
    indicator = Indicator.objects.filter(code=code).order_by("-pack__version").first()
    params = {"famous_teacher_target": 100, "target_date": "2026-12-31", "tolerance": 0.9}
    ctx = Context(district=district, school_year=year, period=school_year(year), as_of=as_of)
    return func(ctx, indicator, params, [])[None].status  # type: ignore[arg-type]


@pytest.mark.django_db
def test_demo_shows_the_pool_honours_and_the_ladder_with_a_mix() -> None:
    call_command("seed_demo", stdout=StringIO())
    xinqiao = District.objects.get(code="xinqiao")
    honours = HomeroomHonour.objects.filter(district=xinqiao)
    assert honours.values("teacher").distinct().count() >= 25
    for title in (Honour.CITY_SPECIAL, Honour.CITY_SENIOR):
        assert honours.filter(honour=title).values("school").distinct().count() >= 4
    after = dt.date(2027, 1, 5)
    assert _outcome(xinqiao, "XB-POOL", 2024, after) == ResultStatus.PARTLY_MET
    assert _outcome(xinqiao, "XB-POOL", 2025, after) == ResultStatus.MET
    assert _outcome(xinqiao, "XB-POOL", 2026, dt.date(2026, 12, 4)) == ResultStatus.NOT_YET_DUE
    assert _outcome(xinqiao, "XB-TARGET", 2026, after) == ResultStatus.PARTLY_MET
    waiting = PoolEntry.objects.filter(district=xinqiao, year=2026)
    assert {PoolStatus.APPLIED, PoolStatus.RECOMMENDED} <= set(
        waiting.values_list("status", flat=True)
    )
    huijing = District.objects.get(code="huijing")
    pilot = HomeroomRating.objects.filter(district=huijing).first()
    assert pilot is not None
    rows = school_ladder(school=pilot.school, on=dt.date(2026, 12, 4))
    assert {r.rung for _, r in rows} >= {"junior", "backbone", "excellent"}
    rated = rungs_of([pilot.teacher_id], on=dt.date(2026, 12, 4), district=huijing)
    assert rated[pilot.teacher_id].source == RECORDED
    counts = (
        PoolEntry.objects.count(),
        HomeroomHonour.objects.count(),
        HomeroomRating.objects.count(),
    )
    call_command("seed_demo", stdout=StringIO())  # idempotent
    assert (
        PoolEntry.objects.count(),
        HomeroomHonour.objects.count(),
        HomeroomRating.objects.count(),
    ) == counts
