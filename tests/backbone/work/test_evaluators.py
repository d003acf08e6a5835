"""xinbei-2023's team-work evaluators: XB-FIVE (backbone.five), XB-PROJECT
(backbone.project), XB-SHOWCASE (backbone.showcase) — met, partly met, not met, not
applicable and not yet due, the boundaries (exactly 1 of each), what the school is told,
and a query count that does not grow with the schools. School year 2025 is judged whole."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.backbone.models import Showcase, Tier
from apps.compliance import engine
from apps.compliance import packs as pack_data
from apps.compliance.models import Indicator, ResultStatus
from apps.compliance.registry import Context, Outcome, get
from apps.core.schoolyear import school_year
from apps.tenancy.models import School
from tests.backbone.work.rows import (
    FIVE_KINDS,
    YEAR,
    archive,
    famous,
    member,
    on_xinbei,
    project,
    team,
)
from tests.personas import World

END = dt.date(2026, 8, 31)


@pytest.fixture
def xinbei(world: World) -> World:
    return on_xinbei(world)


def _direct(world: World, code: str, *, year: int = YEAR, as_of: dt.date = END,
            schools: list[School] | None = None) -> dict[Any, Outcome]:  # fmt: skip
    district = world.districts["A"]
    indicator = Indicator.objects.filter(code=code).order_by("-pack__version").first()
    assert indicator is not None
    assert indicator.evaluator.startswith("backbone.")
    values = pack_data.resolved_parameters(district, pack_data.active_packs(district))
    params = pack_data.resolve(indicator.params, values[indicator.pack.code])
    if schools is None:
        schools = [world.schools["A1"].school, world.schools["A2"].school]
    ctx = Context(district=district, school_year=year, period=school_year(year), as_of=as_of)
    return get(indicator.evaluator).func(ctx, indicator, params, schools)


def _pk(world: World, key: str) -> int:
    return world.schools[key].school.pk


# ------------------------------------------------------------------------------ XB-FIVE


def test_xb_five_exactly_one_of_each_item_is_met(xinbei: World) -> None:
    """A famous teacher of A1 with exactly one archive entry of each of the five kinds in
    the school year: met."""
    by = xinbei.user("A1.leader")
    teacher = xinbei.schools["A1"].teachers[0]
    famous(teacher, by)
    archive(teacher, by)
    result = _direct(xinbei, "XB-FIVE")[_pk(xinbei, "A1")]
    assert result.status == ResultStatus.MET
    assert result.value == "1 人中 1 人完成“五个一”"
    assert result.missing == []


def test_xb_five_missing_paper_is_partly_met_naming_it_and_encouraged_in_the_engine(
    xinbei: World,
) -> None:
    """XB-FIVE: a member with four of the five (no paper), another member complete — partly
    met naming the teacher and 德育论文; the engine shows it as 鼓励项 (never 未达标)."""
    by = xinbei.user("A.admin")
    a1 = xinbei.schools["A1"]
    growth_team = team(xinbei)
    member(growth_team, a1.teachers[0], by)
    member(growth_team, a1.teachers[1], by)
    archive(a1.teachers[0], by, FIVE_KINDS[:4])
    archive(a1.teachers[1], by)
    result = _direct(xinbei, "XB-FIVE")[_pk(xinbei, "A1")]
    assert result.status == ResultStatus.PARTLY_MET
    assert result.missing == [f"{a1.teachers[0].name}：德育论文"]
    district = xinbei.districts["A"]
    rows = engine.evaluate(district=district, school_year=YEAR,
                           schools=[a1.school], as_of=END)  # fmt: skip
    found = next(r.outcome for r in rows if r.indicator.code == "XB-FIVE")
    assert found.status == ResultStatus.ENCOURAGED


def test_xb_five_entries_outside_the_school_year_do_not_count(xinbei: World) -> None:
    """XB-FIVE boundary: the five entries on 2025-08-31 (the day before the school year)
    count for nothing; one more on 2025-09-01 (its first day) counts."""
    by = xinbei.user("A1.leader")
    teacher = xinbei.schools["A1"].teachers[0]
    famous(teacher, by)
    archive(teacher, by, on=dt.date(2025, 8, 31))
    archive(teacher, by, ("paper",), on=dt.date(2025, 9, 1))
    result = _direct(xinbei, "XB-FIVE")[_pk(xinbei, "A1")]
    assert result.status == ResultStatus.PARTLY_MET
    assert result.missing == [
        f"{teacher.name}：德育公开课、班级文化建设交流讲座、指导青年班主任、德育课题（项目）研究"
    ]


def test_xb_five_no_famous_teacher_or_member_is_not_applicable(xinbei: World) -> None:
    famous(xinbei.schools["A1"].teachers[0], xinbei.user("A1.leader"))
    result = _direct(xinbei, "XB-FIVE")[_pk(xinbei, "A2")]
    assert result.status == ResultStatus.NOT_APPLICABLE


def test_xb_five_a_year_in_progress_with_items_short_is_not_yet_due(xinbei: World) -> None:
    teacher = xinbei.schools["A1"].teachers[0]
    famous(teacher, xinbei.user("A1.leader"))
    result = _direct(xinbei, "XB-FIVE", as_of=dt.date(2026, 3, 1))[_pk(xinbei, "A1")]
    assert result.status == ResultStatus.NOT_YET_DUE
    assert len(result.missing) == 1


def test_xb_five_the_narrow_reading_counts_only_moral_open_lessons(xinbei: World) -> None:
    """XB-FIVE interpretation `five_open_lesson_any` false: an open lesson titled 数学公开课
    is not a 德育公开课; with the default reading (true) it is."""
    by = xinbei.user("A1.leader")
    teacher = xinbei.schools["A1"].teachers[0]
    famous(teacher, by)
    archive(teacher, by, FIVE_KINDS[1:])
    archive(teacher, by, ("open_lesson",), title="数学公开课：分数")
    assert _direct(xinbei, "XB-FIVE")[_pk(xinbei, "A1")].status == ResultStatus.MET
    indicator = Indicator.objects.filter(code="XB-FIVE").order_by("-pack__version").first()
    assert indicator is not None
    district = xinbei.districts["A"]
    values = pack_data.resolved_parameters(district, pack_data.active_packs(district))
    params = pack_data.resolve(indicator.params, values[indicator.pack.code])
    ctx = Context(district=district, school_year=YEAR, period=school_year(YEAR), as_of=END)
    narrow = get("backbone.five").func(ctx, indicator, params | {"five_open_lesson_any": False},
                                       [xinbei.schools["A1"].school])  # fmt: skip
    assert narrow[_pk(xinbei, "A1")].missing == [f"{teacher.name}：德育公开课"]


def test_xb_five_query_count_does_not_grow_with_the_schools(xinbei: World) -> None:
    by = xinbei.user("A.admin")
    growth_team = team(xinbei)
    for key in ("A1", "A2"):
        for teacher in xinbei.schools[key].teachers[:2]:
            member(growth_team, teacher, by)
            archive(teacher, by, FIVE_KINDS[:3])
    one = [xinbei.schools["A1"].school]
    with CaptureQueriesContext(connection) as small:
        _direct(xinbei, "XB-FIVE", schools=one)
    with CaptureQueriesContext(connection) as large:
        _direct(xinbei, "XB-FIVE")
    assert len(large) == len(small)


# --------------------------------------------------------------------------- XB-PROJECT


def test_xb_project_a_tier1_member_with_exactly_one_project_is_met(xinbei: World) -> None:
    by = xinbei.user("A.admin")
    m = member(team(xinbei), xinbei.schools["A1"].teachers[0], by)
    project(m, by)
    result = _direct(xinbei, "XB-PROJECT")[_pk(xinbei, "A1")]
    assert result.status == ResultStatus.MET
    assert result.value == "第一梯队成员 1 人，1 人承担项目达到要求"


def test_xb_project_one_of_two_members_without_a_project_is_partly_met(xinbei: World) -> None:
    by = xinbei.user("A.admin")
    a1 = xinbei.schools["A1"]
    growth_team = team(xinbei)
    project(member(growth_team, a1.teachers[0], by), by)
    member(growth_team, a1.teachers[1], by)
    result = _direct(xinbei, "XB-PROJECT")[_pk(xinbei, "A1")]
    assert result.status == ResultStatus.PARTLY_MET
    assert result.missing == [
        f"{a1.teachers[1].name}（{growth_team.name}）：已承担 0 个，应至少 1 个"
    ]


def test_xb_project_no_member_with_a_project_is_not_met(xinbei: World) -> None:
    """XB-PROJECT: a project started after the reference day does not count yet."""
    by = xinbei.user("A.admin")
    m = member(team(xinbei), xinbei.schools["A1"].teachers[0], by)
    project(m, by, on=dt.date(2026, 9, 1))
    assert _direct(xinbei, "XB-PROJECT")[_pk(xinbei, "A1")].status == ResultStatus.NOT_MET


def test_xb_project_only_tier2_members_is_not_applicable(xinbei: World) -> None:
    by = xinbei.user("A.admin")
    member(team(xinbei, tier=Tier.TIER2, name="培育室"), xinbei.schools["A1"].teachers[0], by)
    result = _direct(xinbei, "XB-PROJECT")
    assert result[_pk(xinbei, "A1")].status == ResultStatus.NOT_APPLICABLE
    assert result[_pk(xinbei, "A2")].status == ResultStatus.NOT_APPLICABLE


def test_xb_project_query_count_does_not_grow_with_the_schools(xinbei: World) -> None:
    by = xinbei.user("A.admin")
    growth_team = team(xinbei)
    for key in ("A1", "A2"):
        project(member(growth_team, xinbei.schools[key].teachers[0], by), by)
    with CaptureQueriesContext(connection) as small:
        _direct(xinbei, "XB-PROJECT", schools=[xinbei.schools["A1"].school])
    with CaptureQueriesContext(connection) as large:
        _direct(xinbei, "XB-PROJECT")
    assert len(large) == len(small)


# -------------------------------------------------------------------------- XB-SHOWCASE


def _showcase(world: World, on: dt.date) -> Showcase:
    return Showcase.objects.create(
        district=world.districts["A"], title=f"{on.year}年成果展示", held_on=on,
        recorded_by=world.user("A.admin"),
    )  # fmt: skip


def test_xb_showcase_exactly_one_in_the_ended_year_is_met(xinbei: World) -> None:
    """XB-SHOWCASE: calendar year 2025 (the run's year) ended with one showcase on
    2025-12-31 (its last day): met."""
    team(xinbei)
    _showcase(xinbei, dt.date(2025, 12, 31))
    result = _direct(xinbei, "XB-SHOWCASE")[None]
    assert result.status == ResultStatus.MET
    assert result.value == "2025 年已举办 1 次"


def test_xb_showcase_none_in_the_ended_year_is_not_met(xinbei: World) -> None:
    """A showcase on 2026-01-01 belongs to 2026, not to 2025."""
    team(xinbei)
    _showcase(xinbei, dt.date(2026, 1, 1))
    result = _direct(xinbei, "XB-SHOWCASE")[None]
    assert result.status == ResultStatus.NOT_MET
    assert result.missing == ["2025 年成长团队成果展示（差 1 次）"]


def test_xb_showcase_the_year_in_progress_is_not_yet_due_until_held(xinbei: World) -> None:
    team(xinbei)
    as_of = dt.date(2026, 12, 4)
    assert _direct(xinbei, "XB-SHOWCASE", year=2026, as_of=as_of)[None].status == (
        ResultStatus.NOT_YET_DUE
    )
    _showcase(xinbei, dt.date(2026, 11, 30))
    assert _direct(xinbei, "XB-SHOWCASE", year=2026, as_of=as_of)[None].status == ResultStatus.MET


def test_xb_showcase_without_teams_is_not_applicable(xinbei: World) -> None:
    assert _direct(xinbei, "XB-SHOWCASE")[None].status == ResultStatus.NOT_APPLICABLE
