"""The shared persona world (ARCHITECTURE §4): two districts with two schools each, a
user of every role in each, and a few people records per school; and a district studio
of district A spanning two schools (`A.studio`): hosted by A1's second teacher, led by the
studio lead persona `A.lead` (role studio_lead at district A's node, in the team's
lead group), with members from A1 and A2. A lead reads the studio — its members of both
schools as studio members — and nothing of the schools themselves.

Every school's records carry a marker in their employee numbers and names (`MK-A1-…`,
`甲A1…`) so a test can prove that a page or API answer holds no foreign row by looking for
other schools' markers in the body. Each school also has one evidence item waiting for
review (XH26-A1-2, the selection procedure), its title, file name and file bytes marked.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from apps.accounts.models import User
from apps.core.schoolyear import current_school_year
from apps.evidence.models import (
    EvidenceAction,
    EvidenceEvent,
    EvidenceFile,
    EvidenceItem,
    EvidenceKind,
)
from apps.people.models import (
    AssignmentRole,
    HomeroomAssignment,
    RosterImport,
    SchoolClass,
    Teacher,
)
from apps.studios.access import LEAD, TAKE_PART, ensure_team_groups
from apps.studios.models import HostKind, Member, MemberRole, Team, TeamKind
from apps.tenancy.models import District, Membership, Role, School, SchoolType

SCHOOL_KEYS = ("A1", "A2", "B1", "B2")


@dataclass
class SchoolData:
    key: str
    school: School
    teachers: list[Teacher]
    classes: list[SchoolClass]
    assignments: list[HomeroomAssignment]
    job: RosterImport
    evidence: EvidenceItem

    @property
    def marker(self) -> str:
        return f"MK-{self.key}-"


@dataclass
class StudioData:
    """A team of the world: its key, district and (for a school's team) school keys."""

    key: str
    team: Team
    district_key: str
    school_key: str | None = None
    member_school_keys: tuple[str, ...] = ()
    members: list[Member] = field(default_factory=list)


@dataclass
class Persona:
    key: str  # "A.admin", "A1.leader", "anon" …
    user: User | None
    district_key: str | None = None
    school_key: str | None = None
    role: str | None = None
    team_keys: tuple[str, ...] = ()  # the teams a studio lead leads

    def reads_school(self, school_key: str) -> bool:
        if self.role in (Role.DISTRICT_ADMIN, Role.DISTRICT_REVIEWER):
            return school_key.startswith(self.district_key or "?")
        return self.role == Role.SCHOOL_LEADER and self.school_key == school_key

    def writes_school(self, school_key: str) -> bool:
        return self.role == Role.SCHOOL_LEADER and self.school_key == school_key

    def reads_district(self, district_key: str) -> bool:
        return (
            self.role in (Role.DISTRICT_ADMIN, Role.DISTRICT_REVIEWER)
            and self.district_key == district_key
        )

    def reads_team(self, studio: StudioData) -> bool:
        """The team's lead; the district's officers; a school team's own leader (the
        members of the world's teams hold no login, so none reads as a member)."""
        if studio.key in self.team_keys or self.reads_district(studio.district_key):
            return True
        return self.role == Role.SCHOOL_LEADER and self.school_key == studio.school_key

    def writes_team(self, studio: StudioData) -> bool:
        """Records the team's sessions: its lead, the district's admin, a school team's
        leader (apps.studios.access: is_lead or may_manage)."""
        if studio.key in self.team_keys:
            return True
        if self.role == Role.DISTRICT_ADMIN:
            return self.district_key == studio.district_key
        return self.role == Role.SCHOOL_LEADER and self.school_key == studio.school_key

    def studio_school_keys(self, studios: dict[str, StudioData]) -> set[str]:
        """Schools whose members this persona sees on its teams' pages, as team members."""
        return {key for t in self.team_keys for key in studios[t].member_school_keys}


@dataclass
class World:
    districts: dict[str, District] = field(default_factory=dict)
    schools: dict[str, SchoolData] = field(default_factory=dict)
    personas: dict[str, Persona] = field(default_factory=dict)
    studios: dict[str, StudioData] = field(default_factory=dict)

    def persona(self, key: str) -> Persona:
        return self.personas[key]

    def user(self, key: str) -> User:
        user = self.personas[key].user
        assert user is not None
        return user

    def without_studio_schools(self, persona: Persona, body: str) -> str:
        """`body` without the names of the schools of the persona's teams' members: a
        lead sees those as the studio's members (ARCHITECTURE §4), nothing else of them."""
        for key in sorted(persona.studio_school_keys(self.studios)):
            body = body.replace(self.schools[key].school.name, "")
        return body


def _user(username: str) -> User:
    user = User(username=username, full_name=f"用户{username}")
    user.set_password("pw")
    user.save()
    return user


def build_world() -> World:
    world = World()
    year = current_school_year()
    for district_key in ("A", "B"):
        district = District.objects.create(
            code=f"dist-{district_key.lower()}",
            name=f"{district_key}区",
            policy_packs=["xuhui-2026"],
        )
        world.districts[district_key] = district
        for role, suffix in ((Role.DISTRICT_ADMIN, "admin"), (Role.DISTRICT_REVIEWER, "reviewer")):
            key = f"{district_key}.{suffix}"
            user = _user(key.replace(".", "_"))
            Membership.objects.create(user=user, district=district, role=role)
            world.personas[key] = Persona(key, user, district_key=district_key, role=role)
        for number in ("1", "2"):
            key = f"{district_key}{number}"
            school = School.objects.create(
                district=district,
                code=f"school-{key.lower()}",
                name=f"学校MK-{key}-",
                school_type=SchoolType.PRIMARY,
            )
            world.schools[key] = _school_data(key, school, year)
            for role, suffix in ((Role.SCHOOL_LEADER, "leader"), (Role.TEACHER, "teacher")):
                persona_key = f"{key}.{suffix}"
                user = _user(persona_key.replace(".", "_"))
                Membership.objects.create(user=user, district=district, school=school, role=role)
                world.personas[persona_key] = Persona(
                    persona_key, user, district_key=district_key, school_key=key, role=role
                )
            teacher_user = world.personas[f"{key}.teacher"].user
            Teacher.objects.filter(pk=world.schools[key].teachers[0].pk).update(user=teacher_user)
    _studio(world)
    world.personas["anon"] = Persona("anon", None)
    return world


def _studio(world: World) -> None:
    """District A's studio: hosted by A1's second teacher (the lead's login), members
    from A1 (the host and the third teacher) and A2 (its second teacher)."""
    district = world.districts["A"]
    a1, a2 = world.schools["A1"], world.schools["A2"]
    host = a1.teachers[1]
    # The lead's login is not linked to the host's teacher record: the school's login
    # tests give A1's second and third teachers logins of their own.
    lead = _user("A_lead")
    Membership.objects.create(user=lead, district=district, role=Role.STUDIO_LEAD)
    team = Team.objects.create(
        district=district, school=None, kind=TeamKind.STUDIO, name="A区班主任工作室",
        host=host, host_kind=HostKind.SENIOR, established_on=dt.date(2024, 9, 1),
        created_by=world.user("A.admin"),
    )  # fmt: skip
    groups = ensure_team_groups(team)
    lead.groups.add(groups[LEAD])
    assert TAKE_PART in groups
    members = [
        Member.objects.create(
            team=team,
            teacher=teacher,
            district=district,
            school=sd.school,
            role=role,
            joined_on=dt.date(2024, 9, 1),
        )
        for sd, teacher, role in (
            (a1, host, MemberRole.HOST),
            (a1, a1.teachers[2], MemberRole.MEMBER),
            (a2, a2.teachers[1], MemberRole.MEMBER),
        )
    ]
    world.studios["A.studio"] = StudioData(
        "A.studio", team, "A", member_school_keys=("A1", "A2"), members=members
    )
    world.personas["A.lead"] = Persona(
        "A.lead", lead, district_key="A", role=Role.STUDIO_LEAD, team_keys=("A.studio",)
    )


def _school_data(key: str, school: School, year: int) -> SchoolData:
    scope = {"school": school, "district_id": school.district_id}
    teachers = [
        Teacher.objects.create(
            **scope,
            employee_no=f"MK-{key}-{n}",
            name=f"甲{key}{n}",
            gender="F",
            birth_date=dt.date(1990, 1, n),
            teaching_since=dt.date(2012, 9, 1),
            homeroom_since=dt.date(2014, 9, 1),
        )
        for n in (1, 2, 3)
    ]
    classes = [
        SchoolClass.objects.create(**scope, school_year=year, grade=grade, name=f"{key}班")
        for grade in (1, 2)
    ]
    assignments = [
        HomeroomAssignment.objects.create(
            **scope, teacher=teachers[0], school_class=classes[0], school_year=year,
            role=AssignmentRole.HOMEROOM,
        ),
        HomeroomAssignment.objects.create(
            **scope, teacher=teachers[1], school_class=classes[0], school_year=year,
            role=AssignmentRole.DEPUTY_TRAINING,
        ),
    ]  # fmt: skip
    creator = User.objects.create(username=f"creator_{key.lower()}")
    job = RosterImport.objects.create(
        **scope, created_by=creator, file_name=f"MK-{key}-roster.xlsx", file_data=b"x"
    )
    evidence = _evidence(key, school, year, creator)
    return SchoolData(key, school, teachers, classes, assignments, job, evidence)


def evidence_pdf(marker: str) -> bytes:
    """A small PDF whose bytes carry `marker` (so a download of it can be recognised)."""
    body = f"% {marker}\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n"
    return b"%PDF-1.4\n" + body.encode() + b"%%EOF\n"


def _evidence(key: str, school: School, year: int, submitter: User) -> EvidenceItem:
    """A document waiting for review, made directly (the service needs the policy pack)."""
    data = evidence_pdf(f"MK-{key}-")
    item = EvidenceItem.objects.create(
        school=school,
        district_id=school.district_id,
        indicator_code="XH26-A1-2",
        pack_code="xuhui-2026",
        school_year=year,
        kind=EvidenceKind.DOCUMENT,
        title=f"MK-{key}-校本班主任选聘办法",
        file_name=f"MK-{key}-选聘办法.pdf",
        file_type="pdf",
        file_size=len(data),
        file_sha256=hashlib.sha256(data).hexdigest(),
        submitted_by=submitter,
    )
    EvidenceFile.objects.create(item=item, data=data)
    EvidenceEvent.objects.create(item=item, action=EvidenceAction.SUBMITTED, actor=submitter)
    return item
