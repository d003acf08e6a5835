"""The team-work demo (apps/backbone/demo/work.py) on a xinbei-2023 district whose teams
the pool and teams demos would have made (built here with the test factories, as the
other topics' demos are not in this branch): the mix of five ones (2025 mostly complete,
some short; 2026 under way), projects for every tier-1 member but one, showcases 2024 and
2025 and none in 2026, plans and posts; a second run adds nothing; and a district
without teams gets nothing at all."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from apps.backbone.demo import work as demo
from apps.backbone.models import CharacterProject, RadiatePost, Showcase, TeamPlan, Tier
from apps.backbone.selectors.five import five_rows, five_rules
from apps.compliance import packs as pack_data
from apps.compliance.models import Indicator, ResultStatus
from apps.compliance.registry import Context, get
from apps.core.schoolyear import school_year
from apps.training.models import ArchiveEntry
from tests.backbone.work.rows import famous, member, on_xinbei, team
from tests.personas import World


def _ctx(world: World, key: str = "A") -> dict[str, Any]:
    leaders = {
        world.schools[k].school.pk: world.user(f"{k}.leader") for k in ("A1", "A2", "B1", "B2")
    }
    return {
        "district": world.districts[key], "year": 2026, "prefix": "t", "password": "pw",
        "leader_of": lambda school: leaders[school.pk], "reviewer": world.user(f"{key}.reviewer"),
    }  # fmt: skip


def _counts() -> tuple[int, ...]:
    return (ArchiveEntry.objects.count(), TeamPlan.objects.count(), Showcase.objects.count())


@pytest.fixture
def teams(world: World) -> World:
    on_xinbei(world)
    by = world.user("A.admin")
    camp, room = team(world), team(world, tier=Tier.TIER2, name="A区优秀班主任培育室")
    for key in ("A1", "A2"):
        sd = world.schools[key]
        member(camp, sd.teachers[0], by)
        member(room, sd.teachers[1], by)
    famous(world.schools["A2"].teachers[2], by)
    return world


def test_demo_work_gives_a_mix_and_is_idempotent(teams: World) -> None:
    ctx = _ctx(teams)
    demo.seed(ctx)
    district = teams.districts["A"]
    rules = five_rules(district=district)
    assert rules is not None
    done_2025 = [r.complete for r in five_rows(district=district, year=2025, rules=rules)]
    assert len(done_2025) == 5
    assert sum(done_2025) == 4  # most complete, one short
    assert not any(r.complete for r in five_rows(district=district, year=2026, rules=rules))
    assert CharacterProject.objects.filter(district=district).count() == 1  # 2 tier-1, one missing
    years = sorted(
        Showcase.objects.filter(district=district).values_list("held_on__year", flat=True)
    )
    assert years == [2024, 2025]
    assert TeamPlan.objects.filter(team__district=district).count() == 3
    assert RadiatePost.objects.filter(district=district).count() == 4
    counts = (ArchiveEntry.objects.count(), TeamPlan.objects.count(), Showcase.objects.count())
    demo.seed(ctx)
    assert (
        ArchiveEntry.objects.count(),
        TeamPlan.objects.count(),
        Showcase.objects.count(),
    ) == counts
    indicator = Indicator.objects.filter(code="XB-PROJECT").order_by("-pack__version").first()
    assert indicator is not None
    values = pack_data.resolved_parameters(district, pack_data.active_packs(district))
    params = pack_data.resolve(indicator.params, values[indicator.pack.code])
    run = Context(district=district, school_year=2025, period=school_year(2025),
                  as_of=dt.date(2026, 8, 31))  # fmt: skip
    found = get("backbone.project").func(run, indicator, params, [s.school for s in
                                          (teams.schools["A1"], teams.schools["A2"])])  # fmt: skip
    assert {o.status for o in found.values()} == {ResultStatus.MET, ResultStatus.NOT_MET}


def test_demo_work_without_teams_builds_nothing(world: World) -> None:
    on_xinbei(world)
    before = (ArchiveEntry.objects.count(), Showcase.objects.count())
    demo.seed(_ctx(world))
    assert (ArchiveEntry.objects.count(), Showcase.objects.count()) == before
