"""Teams (工作室 XH26-A2-2 / XH26-A2P-4, 工作坊 XB23-WORKSHOP): creating them, their members
across schools, their leads (the studio_lead role and the guardian groups), their themes
(XH26-A2P-4.2) — services, pages, API and Excel."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from apps.compliance.packs import PACK_DIR, load_pack_file
from apps.core.schoolyear import today
from apps.studios.access import is_lead, teams_joined_by
from apps.studios.models import HostKind, Member, MemberRole, Team, TeamKind, Theme, WorkshopType
from apps.studios.services import (
    lead_end,
    lead_grant,
    member_add,
    member_leave,
    team_create,
    team_end,
    theme_add,
    theme_remove,
)
from apps.tenancy.models import Membership, Role
from tests.personas import World
from tests.studios import rows_teams


@pytest.fixture
def pack(world: World) -> World:
    load_pack_file(PACK_DIR / "xuhui-2026.yaml")
    return world


def _studio(world: World, key: str = "A1", **extra: Any) -> Team:
    sd = world.schools[key]
    values: dict[str, Any] = {
        "district": sd.school.district, "school": sd.school, "actor": world.user(f"{key}.leader"),
        "kind": TeamKind.STUDIO, "name": "新苗工作室", "host": sd.teachers[0],
        "host_kind": HostKind.SENIOR, "established_on": today(),
    }  # fmt: skip
    return team_create(**(values | extra))


def _refusal(error: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return error.value.message_dict


def test_xh26_a2_2_school_studio_is_hosted_by_a_senior_teacher_of_the_school(
    world: World,
) -> None:
    """XH26-A2-2: a school's leader sets up a studio under one of the school's senior
    homeroom teachers; the host is on the roster as its host, in the member group."""
    team = _studio(world)
    host = world.schools["A1"].teachers[0]
    member = Member.objects.get(team=team)
    assert (member.teacher, member.role, member.school_id) == (
        host,
        MemberRole.HOST,
        host.school_id,
    )
    assert team in teams_joined_by(world.user("A1.teacher"))  # the host's login


def test_xh26_a2_2_create_refusals_name_the_field_in_chinese(world: World) -> None:
    """XH26-A2-2 / XB23-WORKSHOP: a host of another school, a studio host who is not a
    senior teacher, a workshop without its type, an institute workshop without its
    researcher, a date after today — each refused in Chinese on its field."""
    before = set(Team.objects.all())
    other = world.schools["A2"].teachers[0]
    with pytest.raises(ValidationError) as foreign:
        _studio(world, host=other)
    assert "不是学校MK-A1-的教师" in _refusal(foreign)["host"][0]
    with pytest.raises(ValidationError) as kind:
        _studio(world, host_kind=HostKind.BACKBONE)
    assert "资深班主任" in _refusal(kind)["host_kind"][0]
    with pytest.raises(ValidationError) as workshop:
        _studio(world, kind=TeamKind.WORKSHOP, host_kind=HostKind.LEADER)
    assert "工作坊类型" in _refusal(workshop)["workshop_type"][0]
    with pytest.raises(ValidationError) as researcher:
        _studio(
            world, kind=TeamKind.WORKSHOP, workshop_type=WorkshopType.INSTITUTE,
            host=None, host_kind=HostKind.RESEARCHER,
        )  # fmt: skip
    assert "研训员姓名" in _refusal(researcher)["host_name"][0]
    with pytest.raises(ValidationError) as late:
        _studio(world, established_on=today().replace(year=today().year + 1))
    assert "不能晚于今天" in _refusal(late)["established_on"][0]
    assert set(Team.objects.all()) == before  # nothing saved (the persona world's studio)


def test_xb23_workshop_institute_workshop_hosted_by_a_named_researcher(world: World) -> None:
    """XB23-WORKSHOP: a 院校合作 workshop of the district, its host a researcher by name."""
    district = world.districts["A"]
    team = team_create(
        district=district, school=None, actor=world.user("A.admin"), kind=TeamKind.WORKSHOP,
        name="院校合作坊", host=None, host_name="李研训员", host_kind=HostKind.RESEARCHER,
        workshop_type=WorkshopType.INSTITUTE, established_on=today(),
    )  # fmt: skip
    assert team.host_display == "李研训员"
    assert not Member.objects.filter(team=team).exists()


def test_xh26_a2_2_only_managers_create(world: World) -> None:
    """A school's leader creates the school's teams, not the district's nor another
    school's; the district's reviewer creates none."""
    with pytest.raises(PermissionDenied):
        _studio(world, actor=world.user("A2.leader"))
    with pytest.raises(PermissionDenied):
        _studio(world, school=None, actor=world.user("A1.leader"))
    with pytest.raises(PermissionDenied):
        _studio(world, actor=world.user("A.reviewer"))
    assert _studio(world, actor=world.user("A.admin")).school_id == world.schools["A1"].school.pk


def test_xh26_a2_2_foreign_teacher_refused_as_member_by_name(world: World) -> None:
    """A school's studio takes the school's teachers only; a district studio takes any
    school of the district but not another district's — refused naming the teachers,
    nothing saved."""
    team = _studio(world)
    outsider = world.schools["A2"].teachers[1]
    with pytest.raises(ValidationError) as error:
        member_add(team=team, teachers=[world.schools["A1"].teachers[1], outsider],
                   actor=world.user("A1.leader"), joined_on=today())  # fmt: skip
    assert outsider.name in _refusal(error)["teachers"][0]
    assert Member.objects.filter(team=team).count() == 1
    district_team = rows_teams.district_team("A", world)
    stranger = world.schools["B1"].teachers[1]
    with pytest.raises(ValidationError) as foreign:
        member_add(team=district_team, teachers=[stranger], actor=world.user("A.admin"),
                   joined_on=today())  # fmt: skip
    assert f"不是本区教师，不能加入：{stranger.name}" in _refusal(foreign)["teachers"][0]


def test_xh26_a2_2_members_join_and_leave_the_member_group(world: World) -> None:
    """A member with a login takes part in the team (guardian's member group) while a
    member, and no longer after leaving."""
    team = rows_teams.district_team("A", world)
    teacher = world.schools["A2"].teachers[0]  # A2.teacher's login
    user = world.user("A2.teacher")
    [member] = member_add(team=team, teachers=[teacher], actor=world.user("A.admin"),
                          joined_on=today())  # fmt: skip
    assert team in teams_joined_by(user)
    with pytest.raises(PermissionDenied):
        member_leave(member=member, actor=world.user("A1.leader"), left_on=today())
    member_leave(member=member, actor=world.user("A.admin"), left_on=today())
    assert team not in teams_joined_by(user)


def test_xh26_a2p_4_2_a_third_theme_is_refused_with_the_bound(pack: World) -> None:
    """XH26-A2P-4.2: a studio works on 1–2 themes (the pack's studio_themes_min/max):
    a third is refused saying the bound; the last one cannot be removed."""
    team = _studio(pack)
    actor = pack.user("A1.leader")
    first = theme_add(team=team, actor=actor, title="班级文化建设", started_on=today())
    theme_add(team=team, actor=actor, title="家校沟通", started_on=today())
    with pytest.raises(ValidationError) as error:
        theme_add(team=team, actor=actor, title="学生心理", started_on=today())
    assert "1–2 个" in _refusal(error)["title"][0]
    assert Theme.objects.filter(team=team).count() == 2
    theme_remove(theme=first, actor=actor)
    with pytest.raises(ValidationError) as last:
        theme_remove(theme=Theme.objects.get(team=team), actor=actor)
    assert "至少保留 1 个" in _refusal(last)["theme"][0]


def test_xh26_a2_2_lead_grant_makes_the_studio_space_home(world: World, client_for: Any) -> None:
    """A lead granted by the school's leader holds studio_lead at the school: after login
    they land on the studio space, and they lead the team (guardian's lead group)."""
    team = _studio(world)
    user = world.user("A1.teacher")
    lead_grant(team=team, user=user, actor=world.user("A1.leader"))
    assert is_lead(user, team)
    response = client_for("A1.teacher").get(reverse("tenancy:home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("studios:space")


def test_xh26_a2_2_lead_of_a_second_team_keeps_the_role(world: World) -> None:
    """Ending the lead of one team keeps the studio_lead role while the user leads
    another team at the same node; ending the last one ends it."""
    first, second = _studio(world), _studio(world, name="第二工作室")
    user, leader = world.user("A1.teacher"), world.user("A1.leader")
    lead_grant(team=first, user=user, actor=leader)
    lead_grant(team=second, user=user, actor=leader)
    role = {"user": user, "school": world.schools["A1"].school, "role": Role.STUDIO_LEAD}
    lead_end(team=first, user=user, actor=leader)
    assert not is_lead(user, first)
    assert Membership.objects.get(**role).is_active
    lead_end(team=second, user=user, actor=leader)
    assert not Membership.objects.get(**role).is_active


def test_xh26_a2_2_lead_must_be_a_teacher_of_the_node(world: World) -> None:
    """A school's team is led by a teacher of the school: another school's teacher
    login is refused in Chinese, and a school's leader cannot grant on another school."""
    team = _studio(world)
    with pytest.raises(ValidationError) as error:
        lead_grant(team=team, user=world.user("A2.teacher"), actor=world.user("A1.leader"))
    assert "不是本校在职教师的账号" in _refusal(error)["user"][0]
    with pytest.raises(PermissionDenied):
        lead_grant(team=team, user=world.user("A1.teacher"), actor=world.user("A2.leader"))
    assert not Membership.objects.filter(role=Role.STUDIO_LEAD, school=team.school).exists()


def _sheet(response: Any) -> list[tuple[Any, ...]]:
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)
                                        if response.streaming else response.content))  # fmt: skip
    return list(workbook.active.iter_rows(values_only=True))


def test_xh26_a2_2_district_page_lists_and_exports_teams(world: World, client_for: Any) -> None:
    """The district's 工作室与工作坊 list shows its own and its schools' teams with their
    member counts, filters by kind, and 导出 Excel holds the same rows."""
    rows_teams.district_team("A", world)
    rows_teams.school_team(world.schools["A1"])
    rows_teams.school_team(world.schools["B1"])
    client = client_for("A.admin")
    url = reverse("studios:district_teams", args=[world.districts["A"].pk])
    body = client.get(url).content.decode()
    assert "A区班主任协作工作室" in body and "MK-A1-校级工作室" in body
    assert "MK-B1-" not in body
    sheet = _sheet(client.get(url + "?format=xlsx"))
    assert sheet[0][0] == "名称"
    by_name = {row[0]: row for row in sheet[1:]}
    assert by_name["A区班主任协作工作室"][9] == 3  # host and members of two schools
    # and the persona world's own district studio (tests/personas.py)
    assert set(by_name) == {"A区班主任协作工作室", "A区班主任工作室", "MK-A1-校级工作室"}
    assert "MK-A1-校级工作室" not in client.get(url + "?kind=workshop").content.decode()


def test_xh26_a2_2_district_team_page_shows_members_by_school_and_exports_them(
    world: World, client_for: Any
) -> None:
    """A district team's page lists its members under their schools; the roster export
    holds name, school, role and joined day only."""
    team = rows_teams.district_team("A", world)
    url = reverse("studios:district_team", args=[world.districts["A"].pk, team.pk])
    body = client_for("A.reviewer").get(url).content.decode()
    assert "学校MK-A1-" in body and "学校MK-A2-" in body
    sheet = _sheet(client_for("A.admin").get(url + "?format=xlsx"))
    assert sheet[0] == ("姓名", "学校", "角色", "加入日期")
    assert sorted(row[1] for row in sheet[1:]) == ["学校MK-A1-", "学校MK-A1-", "学校MK-A2-"]


def test_xh26_a2_2_school_leader_creates_a_studio_and_grants_the_lead(
    world: World, client_for: Any
) -> None:
    """The school's leader creates a studio on the page (a refusal shown on its field),
    then grants its lead to a teacher with a login."""
    sd = world.schools["A1"]
    client = client_for("A1.leader")
    url = reverse("studios:school_team_create", args=[sd.school.pk])
    form = {"kind": "studio", "name": "晨光工作室", "host": sd.teachers[0].pk,
            "host_kind": "backbone", "established_on": today().isoformat()}  # fmt: skip
    refused = client.post(url, form)
    assert refused.status_code == 200 and "资深班主任" in refused.content.decode()
    response = client.post(url, form | {"host_kind": "senior"})
    team = Team.objects.get(name="晨光工作室")
    assert response.status_code == 302
    lead = reverse("studios:school_team_lead", args=[sd.school.pk, team.pk])
    client.post(lead, {"user": world.user("A1.teacher").pk})
    assert is_lead(world.user("A1.teacher"), team)


def test_xh26_a2_2_another_schools_leader_gets_404_on_a_team(world: World, client_for: Any) -> None:
    """Tenant: school B1's leader gets 404 on A1's team — under B1's id and under A1's —
    and on A's district team; the school portal shows a district team read-only with the
    school's own members only."""
    a1 = world.schools["A1"]
    team = rows_teams.school_team(a1)
    district_team = rows_teams.district_team("A", world)
    client = client_for("B1.leader")
    b1 = world.schools["B1"].school.pk
    assert client.get(reverse("studios:school_team", args=[b1, team.pk])).status_code == 404
    assert (
        client.get(reverse("studios:school_team", args=[a1.school.pk, team.pk])).status_code == 404
    )
    assert (
        client.get(
            reverse("studios:district_team", args=[world.districts["A"].pk, district_team.pk])
        ).status_code
        == 404
    )
    page = client_for("A1.leader").get(
        reverse("studios:school_team", args=[a1.school.pk, district_team.pk])
    )
    body = page.content.decode()
    assert page.status_code == 200 and a1.teachers[1].name in body
    assert world.schools["A2"].teachers[1].name not in body and "members-form" not in body


def test_xh26_a2_2_api_creates_a_team_and_adds_members(world: World, client_for: Any) -> None:
    """The district's admin creates a district studio over the API and adds teachers of
    two schools; a teacher of another district is a Chinese 400 naming the field."""
    district = world.districts["A"]
    client = client_for("A.admin")
    base = reverse("api:team-list", args=[district.pk])
    response = client.post(base, {
        "kind": "studio", "name": "区级新工作室", "host": world.schools["A1"].teachers[2].pk,
        "host_kind": "senior", "established_on": today().isoformat(),
    }, content_type="application/json")  # fmt: skip
    assert response.status_code == 201, response.content
    team_id = response.json()["id"]
    members = reverse("api:team-members", args=[district.pk, team_id])
    foreign = client.post(members, {"teachers": [world.schools["B1"].teachers[1].pk],
                                    "joined_on": today().isoformat()},
                          content_type="application/json")  # fmt: skip
    assert foreign.status_code == 400 and "teachers" in foreign.json()
    both = [world.schools["A1"].teachers[1].pk, world.schools["A2"].teachers[1].pk]
    added = client.post(members, {"teachers": both, "joined_on": today().isoformat()},
                        content_type="application/json")  # fmt: skip
    assert added.status_code == 201
    assert {row["school_name"] for row in added.json()} == {"学校MK-A1-", "学校MK-A2-"}
    reviewer = client_for("A.reviewer").post(members, {"teachers": both, "joined_on": "2026-01-01"},
                                             content_type="application/json")  # fmt: skip
    assert reviewer.status_code == 404


def _queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_xh26_a2_2_team_lists_do_not_query_per_team(world: World, client_for: Any) -> None:
    """The district's list page and list API, and the school's list, take as many queries
    for four teams as for one (counts are subqueries)."""
    district, a1 = world.districts["A"], world.schools["A1"]
    rows_teams.district_team("A", world)
    client, leader = client_for("A.admin"), client_for("A1.leader")
    urls = [reverse("studios:district_teams", args=[district.pk]),
            reverse("api:team-list", args=[district.pk])]  # fmt: skip
    school_url = reverse("studios:school_teams", args=[a1.school.pk])
    before = [_queries(client, url) for url in urls] + [_queries(leader, school_url)]
    for n in range(3):
        _studio(world, name=f"工作室{n}")
    after = [_queries(client, url) for url in urls] + [_queries(leader, school_url)]
    assert after == before


def test_xh26_a2_2_a_team_ends_once_not_before_it_began(world: World) -> None:
    """A team ends on a day not before it was set up, once; only its managers end it."""
    team = _studio(world)
    with pytest.raises(PermissionDenied):
        team_end(team=team, actor=world.user("A2.leader"), ended_on=today())
    with pytest.raises(ValidationError) as early:
        team_end(team=team, actor=world.user("A1.leader"), ended_on=today().replace(year=2001))
    assert "早于成立日期" in _refusal(early)["ended_on"][0]
    team_end(team=team, actor=world.user("A1.leader"), ended_on=today())
    with pytest.raises(ValidationError) as again:
        team_end(team=team, actor=world.user("A1.leader"), ended_on=today())
    assert "已于" in _refusal(again)["ended_on"][0]


def test_xh26_a2_2_pages_let_a_member_leave_and_the_team_end(world: World, client_for: Any) -> None:
    """On the school's team page its leader lets a member leave (the host cannot) and
    ends the team; the rows stay on record."""
    sd = world.schools["A1"]
    team = rows_teams.school_team(sd)
    client = client_for("A1.leader")
    member = Member.objects.get(team=team, teacher=sd.teachers[1])
    host = Member.objects.get(team=team, role=MemberRole.HOST)
    on = {"on": today().isoformat()}
    client.post(reverse("studios:school_team_leave", args=[sd.school.pk, team.pk, member.pk]), on)
    refused = client.post(
        reverse("studios:school_team_leave", args=[sd.school.pk, team.pk, host.pk]), on,
        follow=True,
    )  # fmt: skip
    assert "主持人不能退出" in refused.content.decode()
    client.post(reverse("studios:school_team_end", args=[sd.school.pk, team.pk]), on)
    member.refresh_from_db()
    team.refresh_from_db()
    assert member.left_on == today() and team.ended_on == today()
    host.refresh_from_db()
    assert host.left_on is None
