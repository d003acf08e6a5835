"""Team rows for the persona world, made on first use (idempotent, so the tenancy matrix
and the fuzz world can name them from their kwargs):

* per school, a school studio `MK-<key>-校级工作室` hosted by the school's first teacher
  (a senior homeroom teacher, XH26-A2-2) with its second teacher as a member;
* per district, a district studio hosted by its first school's third teacher, with the
  second teacher of each of its schools as members (a team spanning two schools);
* per school, studio rules filed by its leader, waiting for the district (XH26-A2P-4.1).
"""

from __future__ import annotations

from apps.accounts.models import User
from apps.core.review import review_submitted
from apps.core.schoolyear import today
from apps.studios.access import TAKE_PART, ensure_team_groups
from apps.studios.models import HostKind, Member, MemberRole, StudioRules, Team, TeamKind
from apps.tenancy.models import Membership, Role
from tests.personas import SchoolData, World


def _creator(sd: SchoolData) -> User:
    membership = Membership.objects.filter(school=sd.school, role=Role.SCHOOL_LEADER).first()
    assert membership is not None
    return membership.user


def _team(name: str, sd: SchoolData, school: object, host_no: int) -> Team:
    found = Team.objects.filter(name=name).first()
    if found is not None:
        return found
    host = sd.teachers[host_no]
    team = Team.objects.create(
        district_id=sd.school.district_id, school=school, kind=TeamKind.STUDIO, name=name,
        host=host, host_kind=HostKind.SENIOR, established_on=today(), created_by=_creator(sd),
    )  # fmt: skip
    ensure_team_groups(team)
    _join(team, sd, host_no, MemberRole.HOST)
    return team


def _join(team: Team, sd: SchoolData, n: int, role: str = MemberRole.MEMBER) -> None:
    teacher = sd.teachers[n]
    Member.objects.create(
        team=team, teacher=teacher, district_id=teacher.district_id, school_id=teacher.school_id,
        role=role, joined_on=today(),
    )  # fmt: skip
    if teacher.user_id:
        ensure_team_groups(team)[TAKE_PART].user_set.add(teacher.user_id)


def school_team(sd: SchoolData) -> Team:
    """The school's own studio, with one member besides its host."""
    name = f"{sd.marker}校级工作室"
    if (found := Team.objects.filter(name=name).first()) is not None:
        return found
    team = _team(name, sd, sd.school, 0)
    _join(team, sd, 1)
    return team


def district_team(key: str, world: World) -> Team:
    """The district's studio, its members from both of its schools."""
    name = f"{key}区班主任协作工作室"
    if (found := Team.objects.filter(name=name).first()) is not None:
        return found
    first, second = world.schools[f"{key}1"], world.schools[f"{key}2"]
    team = _team(name, first, None, 2)
    _join(team, first, 1)
    _join(team, second, 1)
    return team


def school_rules(sd: SchoolData) -> StudioRules:
    """The school's studio rules, filed by its leader and waiting (XH26-A2P-4.1)."""
    title = f"{sd.marker}校级工作室办法"
    if (found := StudioRules.objects.filter(title=title).first()) is not None:
        return found
    leader = _creator(sd)
    rules = StudioRules.objects.create(
        district_id=sd.school.district_id, school=sd.school, submitted_by=leader, title=title,
        selection="择优推荐", assessment="年度考核", funding="每年一万元",
    )  # fmt: skip
    review_submitted(rules, actor=leader)
    return rules
