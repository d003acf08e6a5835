"""Team rows for the persona world, made on first use (idempotent, so the tenancy matrix
can name them from its kwargs): beside district A's studio of the world (`A.studio`,
tests/personas.py) a school studio of A2 (`A2.studio`, no lead) and district B's studio
(`B.studio`, members from B1 and B2, no lead); each team one session recorded through the
service with its members' attendance. Rows of a school's team carry the school's marker;
district A's studio carries none (its lead reads no school, only the studio)."""

from __future__ import annotations

import datetime as dt
import typing
from decimal import Decimal

from apps.core.schoolyear import current_school_year, school_year
from apps.studios.access import ensure_team_groups
from apps.studios.models import HostKind, Member, MemberRole, Session, Team, TeamKind
from apps.studios.services import session_record
from apps.training.models import Module
from tests.personas import SchoolData, StudioData, World

MINUTES = "围绕班级中学生同伴冲突的成因展开研讨，三位班主任分享案例并形成干预方案，下月跟进。"
JOINED = dt.date(2024, 9, 1)
TEAM_KEYS = ("A.studio", "A2.studio", "B.studio")


def session_day() -> dt.date:
    """The first day of this school year: always in the past."""
    return school_year(current_school_year()).start


def _team(
    world: World, key: str, *, school: SchoolData | None, members: list[tuple[SchoolData, int]]
) -> StudioData:
    district_key = key[0]
    host_sd, host_index = members[0]
    team = Team.objects.create(
        district=world.districts[district_key], school=school.school if school else None,
        kind=TeamKind.STUDIO, name=f"{school.marker if school else district_key}工作室",
        host=host_sd.teachers[host_index], host_kind=HostKind.SENIOR, established_on=JOINED,
        created_by=world.user(f"{district_key}.admin"),
    )  # fmt: skip
    ensure_team_groups(team)
    rows = [
        Member.objects.create(
            team=team,
            teacher=sd.teachers[index],
            district=world.districts[district_key],
            school=sd.school,
            role=MemberRole.HOST if n == 0 else MemberRole.MEMBER,
            joined_on=JOINED,
        )
        for n, (sd, index) in enumerate(members)
    ]
    keys = tuple(dict.fromkeys(sd.key for sd, _ in members))
    return StudioData(
        key, team, district_key, school_key=school.key if school else None,
        member_school_keys=keys, members=rows,
    )  # fmt: skip


def studios(world: World) -> dict[str, StudioData]:
    """The world's teams, the two more made first."""
    schools = world.schools
    if "A2.studio" not in world.studios:
        a2 = schools["A2"]
        world.studios["A2.studio"] = _team(
            world, "A2.studio", school=a2, members=[(a2, 2), (a2, 0)]
        )
    if "B.studio" not in world.studios:
        world.studios["B.studio"] = _team(
            world, "B.studio", school=None, members=[(schools["B1"], 1), (schools["B2"], 1)]
        )
    return world.studios


def studio(world: World, key: str) -> StudioData:
    return studios(world)[key]


def session(world: World, key: str) -> Session:
    """The team's one session, attended by all its members (made by the district admin)."""
    data = studio(world, key)
    found = Session.objects.filter(team=data.team).order_by("pk").first()
    if found is not None:
        return found
    marker = world.schools[data.school_key].marker if data.school_key else ""
    return session_record(
        team=data.team, actor=world.user(f"{data.district_key}.admin"),
        **session_fields(title=f"{marker}工作室研讨"),
        teachers=[m.teacher_id for m in data.members],
    )  # fmt: skip


def session_fields(*, title: str = "班级建设难题研讨") -> dict[str, typing.Any]:
    """XH26-STUDIO-MONTHLY: a problem-oriented session (theme, problem, minutes)."""
    return {
        "title": title,
        "topic": "学生同伴冲突的成因与干预",
        "date": session_day(),
        "hours": Decimal("2"),
        "module": Module.CLASS_COLLECTIVE,
        "minutes": MINUTES,
    }
