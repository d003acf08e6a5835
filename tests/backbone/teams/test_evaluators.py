"""The growth-team evaluators on xinbei-2023's indicators: met, partly met and not met,
the boundaries (exactly 15 members, exactly 2 from one school, exactly 5 rural), and a
query count that does not grow with the teams and members."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.backbone.models import AdmissionStatus, GrowthAssessment, Honour, Tier
from apps.compliance import packs as pack_data
from apps.compliance.models import Indicator, ResultStatus
from apps.compliance.registry import Context, Outcome, get
from apps.core.schoolyear import current_school_year, school_year, today
from apps.tenancy.models import School
from tests.backbone.teams import rows
from tests.personas import World


@pytest.fixture
def xb(world: World) -> World:
    return rows.on_xinbei(world)


def _run(world: World, code: str, schools: list[School] | None = None) -> dict[Any, Outcome]:
    district = world.districts["A"]
    indicator = Indicator.objects.filter(code=code).order_by("-pack__version").first()
    assert indicator is not None
    values = pack_data.resolved_parameters(district, pack_data.active_packs(district))
    params = pack_data.resolve(indicator.params, values[indicator.pack.code])
    year = current_school_year()
    ctx = Context(district=district, school_year=year, period=school_year(year), as_of=today())
    return get(indicator.evaluator).func(ctx, indicator, params, schools or [])


def _roster(world: World, team: Any, *, per_school: int, rural: int, total: int) -> None:
    teachers, n = [], 0
    while len(teachers) < total:
        sch = rows.school(world, f"{team.pk}-{n}", rural=n * per_school < rural)
        teachers += [rows.teacher(sch, k) for k in range(per_school)]
        n += 1
    rows.confirmed(world, team, teachers[:total])


def test_xb_teams_met_within_bounds_partly_met_when_one_tier_is_short(xb: World) -> None:
    for n in range(3):
        rows.team(xb, tier=Tier.TIER1, name=f"营{n}")
    for n in range(2):
        rows.team(xb, tier=Tier.TIER2, name=f"室{n}")
    outcome = _run(xb, "XB-TEAMS")[None]
    assert outcome.status == ResultStatus.PARTLY_MET
    assert outcome.missing == ["第二梯队 优秀班主任培育室现有2个，应为3–4个"]
    rows.team(xb, tier=Tier.TIER2, name="室2")
    assert _run(xb, "XB-TEAMS")[None].status == ResultStatus.MET


def test_xb_teams_not_met_without_any_team(xb: World) -> None:
    assert _run(xb, "XB-TEAMS")[None].status == ResultStatus.NOT_MET


def test_xb_team_size_exactly_15_members_2_per_school_5_rural_is_met(xb: World) -> None:
    team = rows.team(xb)
    _roster(xb, team, per_school=2, rural=5, total=15)
    outcome = _run(xb, "XB-TEAM-SIZE")[None]
    assert outcome.status == ResultStatus.MET, outcome.missing
    assert outcome.value == "1/1 个团队符合"


def test_xb_team_size_4_rural_with_a_reason_is_partly_met_without_not_met(xb: World) -> None:
    team = rows.team(xb)
    _roster(xb, team, per_school=1, rural=4, total=10)
    outcome = _run(xb, "XB-TEAM-SIZE")[None]
    assert outcome.status == ResultStatus.NOT_MET
    assert outcome.missing == ["培育室：农村学校成员4人，少于5人，未记录例外说明"]
    team.exception_reason = "农村学校申报不足"
    team.save()
    outcome = _run(xb, "XB-TEAM-SIZE")[None]
    assert outcome.status == ResultStatus.PARTLY_MET
    assert "已记录例外：农村学校申报不足" in outcome.note


def test_xb_team_size_16_members_or_3_from_one_school_is_not_met(xb: World) -> None:
    big = rows.team(xb, name="大团队")
    _roster(xb, big, per_school=2, rural=6, total=16)
    three = rows.team(xb, name="同校团队", lead_school=xb.schools["A2"].school)
    _roster(xb, three, per_school=3, rural=6, total=9)
    missing = _run(xb, "XB-TEAM-SIZE")[None].missing
    assert "大团队：成员16人，超过15人，未记录例外说明" in missing
    assert any(m.startswith("同校团队：新桥") and "成员3人，超过2人" in m for m in missing)


def test_xb_leader_met_partly_with_a_tier2_exception_not_met_when_term_ran_out(
    xb: World,
) -> None:
    rows.team(xb, tier=Tier.TIER1, name="营", elected_on=today() - dt.timedelta(days=30))
    assert _run(xb, "XB-LEADER")[None].status == ResultStatus.MET
    short = rows.titled(rows.teacher(xb.schools["A2"].school, 70), xb, Honour.DISTRICT_SENIOR)
    room = rows.team(xb, name="室", leader=short, elected_on=today() - dt.timedelta(days=30))
    room.leader_exception_reason = "区内无市高级班主任"
    room.save()
    outcome = _run(xb, "XB-LEADER")[None]
    assert outcome.status == ResultStatus.PARTLY_MET
    assert "例外说明：区内无市高级班主任" in outcome.note
    # a term of exactly three years ends the day before its third anniversary
    rows.team(xb, tier=Tier.TIER1, name="老营", elected_on=today().replace(year=today().year - 3))
    outcome = _run(xb, "XB-LEADER")[None]
    assert any("任期已于" in m and "届满" in m for m in outcome.missing)


def test_xb_member_school_met_when_recommended_members_qualify_else_partly(xb: World) -> None:
    camp = rows.team(xb, tier=Tier.TIER1, name="营")
    a2 = xb.schools["A2"].school
    good = rows.titled(rows.teacher(a2, 1), xb, Honour.CITY_EXCELLENT)
    rows.confirmed(xb, camp, [good])
    assert _run(xb, "XB-MEMBER", [a2])[a2.pk].status == ResultStatus.MET
    untitled = rows.teacher(a2, 2)
    [m] = rows.confirmed(xb, camp, [untitled])
    m.status = AdmissionStatus.RECOMMENDED
    m.save()
    outcome = _run(xb, "XB-MEMBER", [a2])[a2.pk]
    assert outcome.status == ResultStatus.PARTLY_MET
    assert "未获得" in outcome.missing[0] and untitled.name in outcome.missing[0]
    a1 = xb.schools["A1"].school
    assert _run(xb, "XB-MEMBER", [a1])[a1.pk].status == ResultStatus.NOT_APPLICABLE


def test_xb_assess_every_member_of_the_ended_year_assessed(xb: World) -> None:
    team = rows.team(xb)
    sch = rows.school(xb, "考")
    done, missing = rows.confirmed(xb, team, [rows.teacher(sch, 1), rows.teacher(sch, 2)])
    outcome = _run(xb, "XB-ASSESS")[None]
    assert outcome.status == ResultStatus.NOT_MET
    GrowthAssessment.objects.create(
        member=done, school_id=sch.pk, district_id=sch.district_id,
        year=current_school_year() - 1, result="pass", decision="stay",
        assessed_on=today(), entered_by=xb.user("A.admin"),
    )  # fmt: skip
    outcome = _run(xb, "XB-ASSESS")[None]
    assert outcome.status == ResultStatus.PARTLY_MET
    assert outcome.missing == [
        f"培育室：{missing.teacher.name}未录入{school_year(current_school_year() - 1).label}考核"
    ]


def test_xb_team_evaluators_query_count_does_not_grow_with_the_teams(xb: World) -> None:
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            for code in ("XB-TEAMS", "XB-TEAM-SIZE", "XB-LEADER", "XB-ASSESS"):
                _run(xb, code)
            _run(xb, "XB-MEMBER", list(School.objects.filter(district=xb.districts["A"])))
        return len(queries)

    first = rows.team(xb, name="一")
    _roster(xb, first, per_school=2, rural=5, total=4)
    small = count()
    for n in range(3):
        more = rows.team(xb, name=f"多{n}", lead_school=xb.schools["A2"].school)
        _roster(xb, more, per_school=2, rural=5, total=8)
    assert count() == small
