"""XB-POOL (`backbone.pool`) and XB-TARGET (`backbone.target`): met, partly met and not
met with what the district is told, boundaries included, and a query count that does not
depend on the number of entries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.backbone.models import FamousLevel, PoolStatus
from apps.compliance import packs as pack_data
from apps.compliance.models import Indicator, ResultStatus
from apps.compliance.registry import Context, Outcome, get
from apps.core.schoolyear import school_year
from apps.people.models import Teacher
from tests.backbone.pool.rows import make_entry, more_teachers, on_xinbei
from tests.personas import World

pytestmark = pytest.mark.django_db
PAST = 2024  # an ended school year (2024-09-01 → 2025-08-31)


@pytest.fixture
def xinbei(world: World) -> World:
    return on_xinbei(world)


def _params(world: World, code: str) -> tuple[Indicator, dict[str, Any]]:
    district = world.districts["A"]
    indicator = Indicator.objects.filter(code=code).order_by("-pack__version").first()
    assert indicator is not None
    values = pack_data.resolved_parameters(district, pack_data.active_packs(district))
    return indicator, pack_data.resolve(indicator.params, values[indicator.pack.code])


def _run(
    world: World,
    code: str,
    *,
    year: int = PAST,
    as_of: dt.date | None = None,
    params: dict[str, Any] | None = None,
) -> Outcome:
    indicator, resolved = _params(world, code)
    period = school_year(year)
    ctx = Context(
        district=world.districts["A"],
        school_year=year,
        period=period,
        as_of=as_of or period.end + dt.timedelta(days=1),
    )
    return get(indicator.evaluator).func(ctx, indicator, params or resolved, [])[None]


def _leader(world: World, key: str = "A1") -> Any:
    return world.user(f"{key}.leader")


def test_xb_pool_both_indicators_are_switched_to_the_backbone_evaluators(xinbei: World) -> None:
    pool, params = _params(xinbei, "XB-POOL")
    target, target_params = _params(xinbei, "XB-TARGET")
    assert (pool.evaluator, target.evaluator) == ("backbone.pool", "backbone.target")
    assert params["pool_selection_steps"] == ["个人申报", "学校推荐", "区级评审"]
    assert target_params["famous_teacher_target"] == 100
    assert str(target_params["target_date"]) == "2026-12-31"


def test_xb_pool_every_entry_through_all_three_steps_is_met(xinbei: World) -> None:
    t1, t2 = xinbei.schools["A1"].teachers[:2]
    t3 = xinbei.schools["A2"].teachers[0]
    by, rev = _leader(xinbei), xinbei.user("A.reviewer")
    make_entry(
        teacher=t1, by=by, year=PAST, status=PoolStatus.ELECTED, recommender=by, reviewer=rev
    )
    make_entry(teacher=t2, by=by, year=PAST, status=PoolStatus.NOT_RECOMMENDED, recommender=by)
    make_entry(
        teacher=t3, by=by, year=PAST, status=PoolStatus.REJECTED, recommender=by, reviewer=rev
    )
    outcome = _run(xinbei, "XB-POOL")
    assert outcome.status == ResultStatus.MET
    assert "申报 3 人：入选 1" in outcome.value and outcome.missing == []
    assert "个人申报→学校推荐→区级评审" in outcome.target


def test_xb_pool_entries_still_waiting_a_step_in_an_ended_year_are_partly_met(
    xinbei: World,
) -> None:
    t1, t2 = xinbei.schools["A1"].teachers[:2]
    t3 = xinbei.schools["A2"].teachers[0]
    by, rev = _leader(xinbei), xinbei.user("A.reviewer")
    make_entry(
        teacher=t1, by=by, year=PAST, status=PoolStatus.ELECTED, recommender=by, reviewer=rev
    )
    make_entry(teacher=t2, by=by, year=PAST)  # waiting for the school
    make_entry(teacher=t3, by=by, year=PAST, status=PoolStatus.RECOMMENDED, recommender=by)
    outcome = _run(xinbei, "XB-POOL")
    assert outcome.status == ResultStatus.PARTLY_MET
    school1, school2 = (xinbei.schools[k].school.name for k in ("A1", "A2"))
    assert outcome.missing == [f"待学校推荐 1 条（{school1} 1）", f"待区级评审 1 条（{school2} 1）"]


def test_xb_pool_no_election_in_an_ended_year_is_not_met(xinbei: World) -> None:
    other = xinbei.schools["B1"].teachers[0]  # another district's entry does not count
    make_entry(teacher=other, by=xinbei.user("B1.leader"), year=PAST)
    make_entry(teacher=xinbei.schools["A1"].teachers[0], by=_leader(xinbei), year=PAST + 1)
    outcome = _run(xinbei, "XB-POOL")
    assert outcome.status == ResultStatus.NOT_MET
    assert outcome.missing == [f"{PAST}年度未开展名班主任推选。"]


def test_xb_pool_a_year_in_progress_is_not_yet_due_on_its_last_day(xinbei: World) -> None:
    make_entry(teacher=xinbei.schools["A1"].teachers[0], by=_leader(xinbei), year=PAST)
    last_day = school_year(PAST).end
    assert _run(xinbei, "XB-POOL", as_of=last_day).status == ResultStatus.NOT_YET_DUE
    assert _run(xinbei, "XB-POOL", as_of=last_day + dt.timedelta(days=1)).status == (
        ResultStatus.PARTLY_MET
    )
    assert _run(xinbei, "XB-POOL", year=PAST + 1, as_of=last_day).status == (
        ResultStatus.NOT_YET_DUE
    )


def _elect(world: World, teachers: list[Teacher], year: int, level: str) -> None:
    by, rev = _leader(world), world.user("A.reviewer")
    for t in teachers:
        make_entry(
            teacher=t,
            by=by,
            year=year,
            level=level,
            status=PoolStatus.ELECTED,
            recommender=by,
            reviewer=rev,
        )


SMALL = {"famous_teacher_target": 10, "target_date": "2026-12-31", "tolerance": 0.9}


def test_xb_target_exactly_target_times_tolerance_distinct_persons_is_met(xinbei: World) -> None:
    teachers = more_teachers(xinbei, "A1", 9)
    _elect(xinbei, teachers[:4], 2024, FamousLevel.CITY)
    _elect(xinbei, teachers[4:], 2025, FamousLevel.DISTRICT)
    outcome = _run(xinbei, "XB-TARGET", year=2026, as_of=dt.date(2026, 12, 4), params=SMALL)
    assert outcome.status == ResultStatus.MET
    assert outcome.value == "已入选 9 人（市级 4，区级 5）"
    assert "90%" in outcome.target and "9 人视为达成" in outcome.target


def test_xb_target_one_short_is_partly_met_with_the_gap_never_not_met(xinbei: World) -> None:
    teachers = more_teachers(xinbei, "A1", 8)
    _elect(xinbei, teachers, 2025, FamousLevel.DISTRICT)
    # the same person elected again (a record at another school, same person key) counts once
    Teacher.objects.filter(pk=teachers[0].pk).update(
        ended_on=dt.date(2026, 8, 31), status="transferred"
    )
    again = Teacher.objects.create(
        school=xinbei.schools["A2"].school,
        district=xinbei.districts["A"],
        employee_no="X-1",
        name=teachers[0].name,
        gender="F",
        person_key=teachers[0].person_key,
    )
    _elect(xinbei, [again], 2026, FamousLevel.CITY)
    outcome = _run(xinbei, "XB-TARGET", year=2026, as_of=dt.date(2027, 1, 5), params=SMALL)
    assert outcome.status == ResultStatus.PARTLY_MET
    assert outcome.missing == ["距目标（9 人）尚差 1 人。"]
    nobody = _run(xinbei, "XB-TARGET", year=2024, params={**SMALL, "target_date": "2024-08-31"})
    assert nobody.status == ResultStatus.ENCOURAGED  # none elected by then: still not 未达标


def test_xb_target_elections_after_the_target_date_do_not_count(xinbei: World) -> None:
    teachers = more_teachers(xinbei, "A1", 9)
    _elect(xinbei, teachers, 2027, FamousLevel.DISTRICT)  # begins 2027-09-01, after the date
    outcome = _run(xinbei, "XB-TARGET", year=2026, params=SMALL)
    assert outcome.status == ResultStatus.ENCOURAGED
    assert outcome.value.startswith("已入选 0 人")


def test_xb_target_reads_the_pack_tolerance_as_an_interpretation(xinbei: World) -> None:
    _, params = _params(xinbei, "XB-TARGET")
    assert Decimal(str(params["tolerance"])) == Decimal("0.9")
    outcome = _run(xinbei, "XB-TARGET", year=2026, as_of=dt.date(2026, 12, 4))
    assert "90 人视为达成" in outcome.target and "左右" in outcome.note


def test_xb_pool_and_xb_target_query_counts_do_not_grow_with_the_entries(xinbei: World) -> None:
    def count(code: str, year: int) -> int:
        indicator, params = _params(xinbei, code)
        period = school_year(year)
        ctx = Context(
            district=xinbei.districts["A"],
            school_year=year,
            period=period,
            as_of=period.end + dt.timedelta(days=1),
        )
        with CaptureQueriesContext(connection) as seen:
            get(indicator.evaluator).func(ctx, indicator, params, [])
        return len(seen)

    before = (count("XB-POOL", PAST), count("XB-TARGET", 2026))
    _elect(
        xinbei,
        more_teachers(xinbei, "A1", 5) + more_teachers(xinbei, "A2", 5),
        PAST,
        FamousLevel.DISTRICT,
    )
    assert (count("XB-POOL", PAST), count("XB-TARGET", 2026)) == before
    assert before == (1, 1)
