"""The shared persona world (ARCHITECTURE §4): two districts with two schools each, a
user of every role in each, and a few people records per school.

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
class Persona:
    key: str  # "A.admin", "A1.leader", "anon" …
    user: User | None
    district_key: str | None = None
    school_key: str | None = None
    role: str | None = None

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


@dataclass
class World:
    districts: dict[str, District] = field(default_factory=dict)
    schools: dict[str, SchoolData] = field(default_factory=dict)
    personas: dict[str, Persona] = field(default_factory=dict)

    def persona(self, key: str) -> Persona:
        return self.personas[key]

    def user(self, key: str) -> User:
        user = self.personas[key].user
        assert user is not None
        return user


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
    world.personas["anon"] = Persona("anon", None)
    return world


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
