"""The growth teams' 待办 (XB-MEMBER): an application waits for its school's leader, then
for the district — 组织遴选 for reviewers and admins, 行政审核 for an admin other than the
one who selected it, 确定名单 for the admins; nobody else's school or district is told."""

from __future__ import annotations

from apps.backbone.models import AdmissionStatus
from apps.backbone.services import admissions
from apps.core.schoolyear import today
from apps.core.todo import due_source_names
from apps.reports.selectors.due_backbone_teams import teams_district_steps, teams_to_recommend
from apps.tenancy.models import Membership, Role
from tests.backbone.teams import rows
from tests.personas import World


def _staff() -> list[Membership]:
    return list(Membership.objects.filter(role__in=[Role.DISTRICT_ADMIN, Role.DISTRICT_REVIEWER]))


def test_xb_member_due_items_follow_the_admission_from_the_school_to_the_district(
    world: World,
) -> None:
    xb = rows.on_xinbei(world)
    a1 = xb.schools["A1"].school
    leader = rows.school_leader(xb, a1)
    team = rows.team(xb, name="待办培育室")
    who = rows.teacher(a1, 7)
    member = admissions.admission_apply(actor=leader, team=team, teacher=who, on=today())
    assert {"backbone.teams_to_recommend", "backbone.teams_district_steps"} <= set(
        due_source_names()
    )

    leaders = list(Membership.objects.filter(role=Role.SCHOOL_LEADER))
    items = teams_to_recommend(holdings=leaders, today=today())
    assert {(i.user_id, i.school_id) for i in items} == {(leader.pk, a1.pk)}
    assert "待学校推荐" in items[0].title and who.name in items[0].title
    assert teams_district_steps(holdings=_staff(), today=today()) == []

    member = admissions.admission_step(actor=leader, member=member, accept=True)
    assert teams_to_recommend(holdings=leaders, today=today()) == []
    selecting = teams_district_steps(holdings=_staff(), today=today())
    assert {i.user_id for i in selecting} == {xb.user("A.admin").pk, xb.user("A.reviewer").pk}
    assert all("待组织遴选" in i.title and i.for_district for i in selecting)

    member = admissions.admission_step(actor=xb.user("A.admin"), member=member, accept=True)
    assert member.status == AdmissionStatus.SELECTED
    # 行政审核 is an admin's other than the one who selected: district A has none left
    assert teams_district_steps(holdings=_staff(), today=today()) == []
