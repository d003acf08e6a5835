"""The allowance demo's seed on the persona world (district A: two schools with cohort
members): the first school paid every month (met), the last one behind (not met), the
suspended year unpaid, every bonus but the latest paid; a second run adds nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from apps.backbone.demo.allowance import seed
from apps.backbone.models import AllowancePayment
from apps.compliance.models import ResultStatus
from apps.tenancy.models import School
from tests.backbone.allowance.rows import bonus, cohort_world, suspend
from tests.backbone.allowance.test_evaluator import _judge
from tests.personas import World


def test_demo_seed_mixes_met_and_not_met_and_is_idempotent(world: World) -> None:
    rows = cohort_world(world)
    suspend(rows["backbone"], 2025)
    early = bonus(rows["leader"], 2023, on=dt.date(2024, 7, 10))
    bonus(rows["other"], 2024, on=dt.date(2025, 7, 10))  # the latest: left unpaid
    leaders = {world.schools[k].school.pk: world.user(f"{k}.leader") for k in ("A1", "A2")}

    def leader_of(school: School) -> Any:
        return leaders[school.pk]

    ctx = {"district": world.districts["A"], "leader_of": leader_of}
    seed(ctx)
    count = AllowancePayment.objects.count()
    seed(ctx)
    assert AllowancePayment.objects.count() == count
    outcomes = _judge(world, schools=["A1", "A2"])
    assert outcomes[world.schools["A1"].school.pk].status == ResultStatus.MET
    assert outcomes[world.schools["A2"].school.pk].status == ResultStatus.NOT_MET
    suspended = AllowancePayment.objects.filter(
        member=rows["backbone"], month__gte=dt.date(2025, 9, 1), month__lte=dt.date(2026, 8, 1)
    )
    assert not suspended.exists()
    assert AllowancePayment.objects.filter(member=rows["backbone"]).count() == 24  # 2023, 2024
    assert list(
        AllowancePayment.objects.filter(bonus__isnull=False).values_list("bonus", flat=True)
    ) == [early.pk]
