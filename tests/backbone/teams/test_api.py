"""The growth teams' API: the district's board with the composition checks (XB-TEAMS,
XB-TEAM-SIZE, XB-LEADER), a team's members, the teacher's own applications, and the
admission steps through the services — a foreign district or school is a 404, a step
that is not the caller's is a 404, and the XB-TEAM-SIZE refusal comes back as a 400
naming the rule, nothing changed."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from apps.backbone.models import AdmissionStatus, GrowthMember
from apps.backbone.selectors.teams import NO_PACK
from tests.backbone.factories import make_growth_member, make_growth_team
from tests.backbone.teams import rows
from tests.personas import World

S = AdmissionStatus


@pytest.fixture
def xb(world: World) -> World:
    return rows.on_xinbei(world)


def _board(district_id: int) -> str:
    return reverse("api:backbone-team-list", kwargs={"district_id": district_id})


def _members(district_id: int, team_id: int) -> str:
    return reverse("api:backbone-team-members", kwargs={"district_id": district_id, "pk": team_id})


def _act(name: str, district_id: int, member_id: int) -> str:
    return reverse(f"api:backbone-team-admission-{name}",
                   kwargs={"district_id": district_id, "pk": member_id})  # fmt: skip


def test_xb_team_size_board_shows_each_teams_composition_checks(xb: World, client_for: Any) -> None:
    room = rows.team(xb, name="春晖培育室")
    rural = rows.school(xb, "孟河", rural=True)
    rows.confirmed(xb, room, [rows.teacher(rural, 1), rows.teacher(rural, 2),
                              rows.teacher(xb.schools["A2"].school, 7)])  # fmt: skip
    b_leader = xb.schools["B1"].teachers[2]
    make_growth_team(district=xb.districts["B"], leader=b_leader, by=xb.user("B.admin"),
                     name="外区培育室")  # fmt: skip
    body = client_for("A.reviewer").get(_board(xb.districts["A"].pk)).json()
    assert body["applies"] is True and body["members_max"] == 15
    assert [t["name"] for t in body["teams"]] == ["春晖培育室"]  # not district B's
    row = body["teams"][0]
    assert (row["members"], row["largest_school"], row["largest_school_members"]) == (
        3, "新桥孟河学校", 2)  # fmt: skip
    assert row["rural_members"] == 2 and row["leader"] == room.leader.name
    assert {"rule": "XB-TEAM-SIZE", "ok": True, "text": "成员 3/15"} in row["checks"]
    assert any(c["rule"] == "XB-LEADER" for c in row["checks"])
    tier2 = next(t for t in body["tiers"] if t["tier"] == "tier2")
    assert tier2["count"] == 1
    for key in ("B.admin", "A1.leader", "A1.teacher"):
        assert client_for(key).get(_board(xb.districts["A"].pk)).status_code == 404, key


def test_xb_teams_board_of_a_district_without_the_pack_says_so(
    world: World, client_for: Any
) -> None:
    body = client_for("B.admin").get(_board(world.districts["B"].pk)).json()
    assert body["applies"] is False and body["note"] == NO_PACK and body["teams"] == []


def test_xb_member_team_members_with_school_and_status_only_in_the_district(
    xb: World, client_for: Any
) -> None:
    room = rows.team(xb)
    sd = xb.schools["A1"]
    member = make_growth_member(team=room, teacher=sd.teachers[0], by=xb.user("A.admin"),
                                status=S.RECOMMENDED)  # fmt: skip
    got = client_for("A.admin").get(_members(xb.districts["A"].pk, room.pk)).json()
    assert [(m["id"], m["school_name"], m["status"], m["status_label"]) for m in got] == [
        (member.pk, sd.school.name, "recommended", "学校推荐")]  # fmt: skip
    assert client_for("B.admin").get(_members(xb.districts["B"].pk, room.pk)).status_code == 404
    assert client_for("B.admin").get(_members(xb.districts["A"].pk, room.pk)).status_code == 404
    assert client_for("A1.leader").get(_members(xb.districts["A"].pk, room.pk)).status_code == 404


def test_xb_member_a_teacher_sees_only_their_own_applications(xb: World, client_for: Any) -> None:
    room = rows.team(xb)
    own = make_growth_member(team=room, teacher=xb.schools["A1"].teachers[0],
                             by=xb.user("A.admin"), status=S.APPLIED)  # fmt: skip
    make_growth_member(team=room, teacher=xb.schools["A1"].teachers[1], by=xb.user("A.admin"))
    make_growth_member(team=room, teacher=xb.schools["A2"].teachers[0], by=xb.user("A.admin"))
    url = reverse("api:my-backbone-team-list")
    mine = client_for("A1.teacher").get(url).json()  # A1.teacher is the first teacher
    assert [(m["id"], m["team_name"], m["status"]) for m in mine] == [
        (own.pk, room.name, "applied")
    ]
    assert [m["teacher"] for m in client_for("A2.teacher").get(url).json()] == [
        xb.schools["A2"].teachers[0].pk]  # fmt: skip


def test_xb_member_admission_steps_through_the_api_each_by_its_role(
    xb: World, client_for: Any
) -> None:
    room = rows.team(xb, lead_school=xb.schools["A2"].school)
    sd, district = xb.schools["A1"], xb.districts["A"].pk
    member = make_growth_member(team=room, teacher=sd.teachers[0], by=xb.user("A1.leader"),
                                status=S.APPLIED)  # fmt: skip
    recommend = reverse("api:school-backbone-team-admission-recommend",
                        kwargs={"school_id": sd.school.pk, "pk": member.pk})  # fmt: skip
    other = reverse(
        "api:school-backbone-team-admission-recommend",
        kwargs={"school_id": xb.schools["A2"].school.pk, "pk": member.pk},
    )
    assert client_for("A2.leader").post(other, {"accept": True}).status_code == 404
    assert client_for("A1.teacher").post(recommend, {"accept": True}).status_code == 404
    assert (
        client_for("A.admin").post(_act("step", district, member.pk), {"accept": True}).status_code
        == 404
    )  # the school's step
    answer = client_for("A1.leader").post(recommend, {"accept": True})
    assert answer.status_code == 200 and answer.json()[0]["status"] == "recommended"
    declined = client_for("A.reviewer").post(_act("step", district, member.pk), {"accept": False})
    assert declined.status_code == 400 and "不通过时请填写意见" in declined.json()["comment"][0]
    assert client_for("B.admin").post(_act("step", district, member.pk),
                                      {"accept": True}).status_code == 404  # fmt: skip
    assert (
        client_for("A.reviewer")
        .post(_act("step", district, member.pk), {"accept": True})
        .json()[0]["status"]
        == "selected"
    )
    assert (
        client_for("A.reviewer")
        .post(_act("step", district, member.pk), {"accept": True})
        .status_code
        == 404
    )  # admin's step
    assert (
        client_for("A.admin")
        .post(_act("step", district, member.pk), {"accept": True})
        .json()[0]["status"]
        == "approved"
    )
    bad = client_for("A.admin").post(_act("confirm", district, member.pk), {"on": "2026-02-30"})
    assert bad.status_code == 400 and "on" in bad.json()
    assert client_for("A.reviewer").post(_act("confirm", district, member.pk)).status_code == 404
    done = client_for("A.admin").post(_act("confirm", district, member.pk)).json()[0]
    assert done["status"] == "confirmed" and done["confirmed_on"] is not None


def test_xb_team_size_a_third_member_from_one_school_is_refused_naming_the_rule(
    xb: World, client_for: Any
) -> None:
    room = rows.team(xb)
    sch = rows.school(xb, "孟河", rural=True)
    rows.confirmed(xb, room, [rows.teacher(sch, 1)])
    second = rows.through_approval(xb, room, rows.teacher(sch, 2))
    third = rows.through_approval(xb, room, rows.teacher(sch, 3))
    district = xb.districts["A"].pk
    ok = client_for("A.admin").post(_act("confirm", district, second.pk))  # 2 = the maximum
    assert ok.status_code == 200 and ok.json()[0]["status"] == "confirmed"
    refused = client_for("A.admin").post(_act("confirm", district, third.pk))
    assert refused.status_code == 400
    assert refused.json() == {
        "member": ["XB-TEAM-SIZE：同一单位成员不超过2人，新桥孟河学校已有2名成员。"]
    }
    assert GrowthMember.objects.get(pk=third.pk).status == S.APPROVED
