"""The growth teams' services (issue 15 item 5): XB-TEAMS bounds, XB-LEADER titles and
terms, XB-TEAM-SIZE enforced at 确定名单 with the rule named, XB-MEMBER conditions and
steps, XB-ASSESS leaving and refilling — boundaries included."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from apps.backbone.models import AdmissionStatus, Decision, GrowthMember, Honour, Mentor, Tier
from apps.backbone.selectors.admissions import vacancies
from apps.backbone.services import admissions, growth, teams
from apps.core.schoolyear import current_school_year, today
from tests.backbone.teams import rows
from tests.personas import World

S = AdmissionStatus


@pytest.fixture
def xb(world: World) -> World:
    return rows.on_xinbei(world)


def _years_ago(years: int) -> dt.date:
    now = today()
    return now.replace(year=now.year - years)


# ----------------------------------------------------------------------------- XB-TEAMS


def test_xb_teams_a_fifth_team_of_a_tier_is_refused_naming_the_rule(xb: World) -> None:
    for n in range(4):
        rows.team(xb, tier=Tier.TIER2, name=f"培育室{n}")
    leader = rows.titled(rows.teacher(xb.schools["A2"].school, 50), xb, Honour.CITY_SENIOR)
    with pytest.raises(ValidationError) as caught:
        teams.team_create(
            actor=xb.user("A.admin"), district=xb.districts["A"], tier=Tier.TIER2,
            name="第五个培育室", leader=leader, elected_on=today(), established_on=today(),
        )  # fmt: skip
    assert caught.value.message_dict["tier"] == [
        "XB-TEAMS：第二梯队 优秀班主任培育室最多4个，本区已有4个。"
    ]
    # the fourth was fine; a tier-1 camp is still possible
    camp = teams.team_create(
        actor=xb.user("A.admin"), district=xb.districts["A"], tier=Tier.TIER1, name="成长营",
        leader=rows.special_leader(xb, xb.schools["A2"].school, 51), elected_on=today(),
        established_on=today(),
    )  # fmt: skip
    assert camp.leader_school_id == xb.schools["A2"].school.pk


def test_xb_teams_only_the_district_admin_creates_a_team(xb: World) -> None:
    with pytest.raises(PermissionDenied):
        teams.team_create(
            actor=xb.user("A.reviewer"), district=xb.districts["A"], tier=Tier.TIER1, name="x",
            leader=None, elected_on=today(), established_on=today(),
        )  # fmt: skip


# ----------------------------------------------------------------------------- XB-LEADER


def _create(xb: World, tier: str, leader: object, reason: str = "") -> object:
    return teams.team_create(
        actor=xb.user("A.admin"), district=xb.districts["A"], tier=tier, name=f"队{tier}",
        leader=leader, elected_on=today(), established_on=today(),
        leader_exception_reason=reason,
    )  # fmt: skip


def test_xb_leader_tier1_requires_the_city_special_title(xb: World) -> None:
    senior = rows.titled(rows.teacher(xb.schools["A1"].school, 60), xb, Honour.CITY_SENIOR)
    with pytest.raises(ValidationError) as caught:
        _create(xb, Tier.TIER1, senior, reason="业务突出")
    assert caught.value.message_dict["leader"] == [
        f"XB-LEADER：第一梯队领衔人须具有市特级班主任称号，{senior.name}尚无该称号。"
    ]


def test_xb_leader_tier2_city_senior_or_above_else_a_recorded_exception(xb: World) -> None:
    district_senior = rows.titled(
        rows.teacher(xb.schools["A1"].school, 61), xb, Honour.DISTRICT_SENIOR
    )
    with pytest.raises(ValidationError) as caught:
        _create(xb, Tier.TIER2, district_senior)
    assert "XB-LEADER" in caught.value.message_dict["leader_exception_reason"][0]
    room = _create(xb, Tier.TIER2, district_senior, reason="区内无市高级班主任可聘")
    assert room.leader_exception_reason == "区内无市高级班主任可聘"  # type: ignore[attr-defined]
    special = rows.special_leader(xb, xb.schools["A2"].school, 62)  # 及以上: 特级 counts
    teams.team_create(
        actor=xb.user("A.admin"), district=xb.districts["A"], tier=Tier.TIER2, name="特级领衔",
        leader=special, elected_on=today(), established_on=today(),
    )  # fmt: skip


def test_xb_leader_reelection_only_once_the_three_year_term_is_due(xb: World) -> None:
    team = rows.team(xb, elected_on=dt.date(2023, 9, 1))
    new = rows.special_leader(xb, xb.schools["A2"].school, 63)
    with pytest.raises(ValidationError) as caught:
        teams.leader_elect(actor=xb.user("A.admin"), team=team, leader=new,
                           elected_on=dt.date(2026, 8, 31))  # fmt: skip
    assert "本届任期至2026-08-31" in caught.value.message_dict["elected_on"][0]
    teams.leader_elect(actor=xb.user("A.admin"), team=team, leader=new,
                       elected_on=dt.date(2026, 9, 1))  # fmt: skip
    team.refresh_from_db()
    assert (team.leader_id, team.leader_elected_on) == (new.pk, dt.date(2026, 9, 1))


def test_xb_team_size_a_third_mentor_is_refused(xb: World) -> None:
    team = rows.team(xb)
    admin = xb.user("A.admin")
    for name in ("王导师", "李导师"):
        teams.mentor_add(actor=admin, team=team, name=name, affiliation="市教科院",
                         appointed_on=today())  # fmt: skip
    with pytest.raises(ValidationError) as caught:
        teams.mentor_add(actor=admin, team=team, name="赵导师", affiliation="区教育学院",
                         appointed_on=today())  # fmt: skip
    assert caught.value.message_dict["name"] == [
        "XB-TEAM-SIZE：每个团队另聘导师不超过2名，培育室已有2名。"
    ]
    assert Mentor.objects.filter(team=team).count() == 2


# ----------------------------------------------------------------------------- XB-MEMBER


def test_xb_member_tier1_exactly_8_years_with_a_higher_title_is_admitted(xb: World) -> None:
    camp = rows.team(xb, tier=Tier.TIER1, name="成长营")
    sch = xb.schools["A2"].school
    eight = rows.titled(rows.teacher(sch, 1, since=_years_ago(8)), xb, Honour.CITY_SENIOR)
    member = admissions.admission_apply(
        actor=rows.school_leader(xb, sch), team=camp, teacher=eight, on=today()
    )
    assert member.status == S.APPLIED and member.school_id == sch.pk


def test_xb_member_conditions_are_named_when_refused(xb: World) -> None:
    camp = rows.team(xb, tier=Tier.TIER1, name="成长营")
    sch = xb.schools["A2"].school
    seven = rows.teacher(sch, 2, since=_years_ago(7) + dt.timedelta(days=1))
    with pytest.raises(ValidationError) as caught:
        admissions.admission_apply(
            actor=rows.school_leader(xb, sch), team=camp, teacher=seven, on=today()
        )
    message = caught.value.message_dict["teacher"][0]
    assert message.startswith("XB-MEMBER：")
    assert f"{seven.name}班主任工作年限6年，不满8年" in message
    assert "区高级班主任、市级优秀班主任、班主任基本功大赛区级一等奖（及以上）之一" in message
    no_class = rows.teacher(sch, 3, homeroom=False)
    room = rows.team(xb, tier=Tier.TIER2, name="培育室")
    with pytest.raises(ValidationError) as caught:
        admissions.admission_apply(
            actor=rows.school_leader(xb, sch), team=room, teacher=no_class, on=today()
        )
    assert f"{no_class.name}本学年不是现任班主任" in caught.value.message_dict["teacher"][0]


def test_xb_member_a_teacher_applies_for_themself_not_for_another(xb: World) -> None:
    room = rows.team(xb)
    sd = xb.schools["A1"]
    own = sd.teachers[0]  # linked to A1.teacher's login, homeroom teacher this year
    own.refresh_from_db()
    member = admissions.admission_apply(actor=xb.user("A1.teacher"), team=room, teacher=own,
                                        on=today())  # fmt: skip
    assert member.status == S.APPLIED
    with pytest.raises(PermissionDenied):
        admissions.admission_apply(actor=xb.user("A1.teacher"), team=room,
                                   teacher=sd.teachers[1], on=today())  # fmt: skip


def test_xb_member_steps_by_their_roles_and_approval_not_by_the_selector(xb: World) -> None:
    room = rows.team(xb)
    sch = rows.school(xb, "甲")
    who = rows.teacher(sch, 1)
    leader = rows.school_leader(xb, sch)
    member = admissions.admission_apply(actor=leader, team=room, teacher=who, on=today())
    with pytest.raises(PermissionDenied):  # another school's leader
        admissions.admission_step(actor=xb.user("A1.leader"), member=member, accept=True)
    member = admissions.admission_step(actor=leader, member=member, accept=True)
    assert member.status == S.RECOMMENDED
    with pytest.raises(ValidationError):  # declining needs a comment
        admissions.admission_step(actor=xb.user("A.reviewer"), member=member, accept=False)
    member = admissions.admission_step(actor=xb.user("A.admin"), member=member, accept=True)
    with pytest.raises(ValidationError) as caught:
        admissions.admission_step(actor=xb.user("A.admin"), member=member, accept=True)
    assert caught.value.message_dict["member"] == ["行政审核须由组织遴选以外的区管理员办理。"]


# ------------------------------------------------------------------------- XB-TEAM-SIZE


def test_xb_team_size_a_third_member_from_one_school_is_refused_naming_the_rule(
    xb: World,
) -> None:
    room = rows.team(xb)
    sch = rows.school(xb, "孟河", rural=True)
    rows.confirmed(xb, room, [rows.teacher(sch, 1), rows.teacher(sch, 2)])  # exactly 2: fine
    third = rows.through_approval(xb, room, rows.teacher(sch, 3))
    with pytest.raises(ValidationError) as caught:
        admissions.admission_confirm(actor=xb.user("A.admin"), member=third, on=today())
    assert caught.value.message_dict["member"] == [
        "XB-TEAM-SIZE：同一单位成员不超过2人，新桥孟河学校已有2名成员。"
    ]
    third.refresh_from_db()
    assert third.status == S.APPROVED and third.confirmed_on is None


def test_xb_team_size_exactly_15_members_is_met_a_16th_refused(xb: World) -> None:
    room = rows.team(xb)
    schools = [rows.school(xb, f"s{n}", rural=n < 5) for n in range(8)]
    members = [rows.teacher(s, k) for s in schools for k in (1, 2)][:14]
    rows.confirmed(xb, room, members)
    fifteenth = rows.through_approval(xb, room, rows.teacher(rows.school(xb, "s8"), 1))
    admissions.admission_confirm(actor=xb.user("A.admin"), member=fifteenth, on=today())
    sixteenth = rows.through_approval(xb, room, rows.teacher(rows.school(xb, "s9"), 1))
    with pytest.raises(ValidationError) as caught:
        admissions.admission_confirm(actor=xb.user("A.admin"), member=sixteenth, on=today())
    assert caught.value.message_dict["member"] == [
        "XB-TEAM-SIZE：每个团队成员不超过15人，培育室已有15名成员。"
    ]


def test_xb_team_size_roster_needs_exactly_5_rural_or_a_recorded_exception(xb: World) -> None:
    room = rows.team(xb)
    rural = [rows.teacher(rows.school(xb, f"r{n}", rural=True), 1) for n in range(5)]
    rows.confirmed(xb, room, rural[:4])
    admin = xb.user("A.admin")
    with pytest.raises(ValidationError) as caught:
        teams.roster_confirm(actor=admin, team=room, on=today())
    assert caught.value.message_dict["on"][0].startswith(
        "XB-TEAM-SIZE：农村学校成员不少于5人，培育室现有4人"
    )
    teams.team_exception_set(actor=admin, team=room, reason="本届农村学校申报人数不足")
    assert teams.roster_confirm(actor=admin, team=room, on=today()).roster_confirmed_on
    other = rows.team(xb, name="另一培育室", lead_school=xb.schools["A2"].school)
    rows.confirmed(xb, other, rural)
    assert teams.roster_confirm(actor=admin, team=other, on=today()).roster_confirmed_on


# ----------------------------------------------------------------------------- XB-ASSESS


def test_xb_assess_out_makes_the_member_leave_and_the_vacancy_is_refilled(xb: World) -> None:
    room = rows.team(xb)
    sch = rows.school(xb, "乙")
    [out] = rows.confirmed(xb, room, [rows.teacher(sch, 1)])
    admin = xb.user("A.admin")
    year = current_school_year() - 1
    growth.assessment_enter(actor=admin, member=out, year=year, result="fail",
                            funding=Decimal("0"), decision=Decision.OUT, on=today())  # fmt: skip
    out.refresh_from_db()
    assert (out.left_on, out.leave_reason) == (today(), "assessment")
    assert list(vacancies(team=room)) == [out]
    with pytest.raises(ValidationError):  # entered once
        growth.assessment_enter(actor=admin, member=out, year=year, result="pass",
                                funding=None, decision=Decision.STAY, on=today())  # fmt: skip
    leader = rows.school_leader(xb, sch)
    refill = admissions.admission_apply(actor=leader, team=room, teacher=rows.teacher(sch, 2),
                                        on=today(), replaces=out)  # fmt: skip
    assert list(vacancies(team=room)) == []
    assert GrowthMember.objects.get(pk=refill.pk).replaces_id == out.pk


def test_xb_assess_refuses_a_future_date_and_a_negative_funding(xb: World) -> None:
    room = rows.team(xb)
    [m] = rows.confirmed(xb, room, [rows.teacher(rows.school(xb, "丙"), 1)])
    with pytest.raises(ValidationError) as caught:
        growth.assessment_enter(
            actor=xb.user("A.admin"), member=m, year=current_school_year(), result="pass",
            funding=Decimal("-1"), decision=Decision.STAY, on=today() + dt.timedelta(days=1),
        )  # fmt: skip
    assert set(caught.value.message_dict) == {"funding", "on"}
