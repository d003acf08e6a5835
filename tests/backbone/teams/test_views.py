"""The growth-team pages: the district admin creates a team on the board and is refused
on the team page naming XB-TEAM-SIZE when a confirmation would be a third member from
one school; the school leader applies and recommends; the teacher applies for themself;
other roles get 404 and nothing is written."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from apps.backbone.models import AdmissionStatus, GrowthMember, GrowthTeam
from tests.backbone.teams import rows
from tests.personas import World

S = AdmissionStatus


@pytest.fixture
def xb(world: World) -> World:
    return rows.on_xinbei(world)


def test_board_post_creates_a_team_for_the_admin_only(xb: World, client_for: Any) -> None:
    url = reverse("backbone:teams_board", args=[xb.districts["A"].pk])
    leader = rows.special_leader(xb, xb.schools["A2"].school)
    form = {"tier": "tier1", "name": "春晖成长营", "leader": leader.pk,
            "elected_on": "2026-09-01", "established_on": "2026-09-01"}  # fmt: skip
    for key in ("A.reviewer", "A1.leader", "B.admin"):
        assert client_for(key).post(url, form).status_code == 404, key
    assert not GrowthTeam.objects.exists()
    response = client_for("A.admin").post(url, form, follow=True)
    assert "已组建“春晖成长营”" in response.content.decode()
    page = client_for("A.reviewer").get(url).content.decode()
    assert "春晖成长营" in page and "XB-TEAMS" in page


def test_team_page_refuses_a_third_member_from_one_school_naming_the_rule(
    xb: World, client_for: Any
) -> None:
    room = rows.team(xb)
    sch = rows.school(xb, "孟河", rural=True)
    rows.confirmed(xb, room, [rows.teacher(sch, 1), rows.teacher(sch, 2)])
    third = rows.through_approval(xb, room, rows.teacher(sch, 3))
    district = xb.districts["A"].pk
    url = reverse("backbone:team_member_act", args=[district, third.pk])
    response = client_for("A.admin").post(url, {"action": "confirm"}, follow=True)
    body = response.content.decode()
    assert "XB-TEAM-SIZE：同一单位成员不超过2人，新桥孟河学校已有2名成员。" in body
    assert GrowthMember.objects.get(pk=third.pk).status == S.APPROVED
    assert client_for("A.reviewer").post(url, {"action": "confirm"}).status_code == 404


def test_school_leader_applies_and_recommends_teacher_applies_for_themself(
    xb: World, client_for: Any
) -> None:
    room = rows.team(xb, lead_school=xb.schools["A2"].school)
    sd = xb.schools["A1"]
    url = reverse("backbone:school_teams", args=[sd.school.pk])
    client_for("A1.leader").post(url, {"team": room.pk, "teacher": sd.teachers[0].pk})
    applied = GrowthMember.objects.get(teacher=sd.teachers[0])
    assert applied.status == S.APPLIED
    client_for("A1.leader").post(url, {"member": applied.pk, "action": "pass"})
    assert GrowthMember.objects.get(pk=applied.pk).status == S.RECOMMENDED
    assert client_for("A1.teacher").get(url).status_code == 404  # the leader's page
    other = rows.team(xb, name="另一培育室", lead_school=xb.schools["A2"].school)
    mine = reverse("backbone:my_teams")
    client_for("A1.teacher").post(mine, {"team": other.pk})  # A1.teacher is teachers[0]
    own = GrowthMember.objects.get(teacher=sd.teachers[0], team=other)
    assert own.status == S.APPLIED
    page = client_for("A1.teacher").get(mine).content.decode()
    assert "另一培育室" in page and "个人申报" in page
    assert "尚未申报" in client_for("A2.teacher").get(mine).content.decode()  # not A1's
