"""Schools, teachers, classes, homeroom assignments and logins of a synthetic district.

Classes and assignments are the demo's own (`apps.people.demo.build_classes`,
`build_assignments`, which leave the last class of every school whose code ends in 2
without a homeroom teacher); teachers are made like the demo's, for any number per school.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from apps.people.demo import (
    build_assignments,
    build_classes,
    demo_date,
    demo_login,
    person_name,
    professional_title_for,
)
from apps.people.models import (
    Education,
    HomeroomAssignment,
    PsychCertificate,
    SchoolClass,
    Teacher,
)
from apps.tenancy.models import District, FeaturedProject, Membership, Role, School, SchoolType

from .writes import bulk

# A fixed mix close to an urban district's: mostly primary and junior schools.
TYPE_CYCLE = (
    SchoolType.PRIMARY, SchoolType.PRIMARY, SchoolType.JUNIOR, SchoolType.PRIMARY,
    SchoolType.COMPLETE, SchoolType.JUNIOR, SchoolType.PRIMARY, SchoolType.SENIOR,
    SchoolType.NINE_YEAR, SchoolType.PRIMARY, SchoolType.JUNIOR, SchoolType.KINDERGARTEN,
    SchoolType.PRIMARY, SchoolType.JUNIOR, SchoolType.VOCATIONAL, SchoolType.PRIMARY,
    SchoolType.COMPLETE, SchoolType.JUNIOR, SchoolType.PRIMARY, SchoolType.NINE_YEAR,
)  # fmt: skip
SCHOOL_NOUN = {
    SchoolType.PRIMARY: "小学",
    SchoolType.JUNIOR: "初级中学",
    SchoolType.SENIOR: "高级中学",
    SchoolType.COMPLETE: "中学",
    SchoolType.NINE_YEAR: "学校",
    SchoolType.VOCATIONAL: "职业技术学校",
    SchoolType.KINDERGARTEN: "幼儿园",
}
# (project, every n-th school, offset): about a quarter of the schools opt into something.
PROJECT_PATTERN = (
    (FeaturedProject.DUAL_TRACK_DEPUTY, 6, 0),
    (FeaturedProject.SUPPORT_CENTER, 9, 1),
    (FeaturedProject.DIGITAL_PARTNER, 10, 2),
    (FeaturedProject.TIERED_STUDIO, 12, 3),
)


@dataclass
class People:
    """What was written, with each school's teachers and classes for the later steps."""

    schools: list[School]
    teachers: dict[int, list[Teacher]] = field(default_factory=dict)  # by school id
    classes: dict[int, list[SchoolClass]] = field(default_factory=dict)  # by school id
    teacher_count: int = 0
    class_count: int = 0
    assignment_count: int = 0


def seed_people(
    district: District,
    *,
    schools: int,
    teachers_per_school: int,
    school_years: list[int],
    rng: random.Random,
) -> People:
    """Schools, their teachers, the classes of every school year and their assignments."""
    year = school_years[-1]
    people = People(schools=bulk(School, (school_row(district, n) for n in range(schools))))
    teachers = bulk(
        Teacher,
        (t for s in people.schools for t in teacher_rows(s, rng, year, teachers_per_school)),
    )
    classes = bulk(
        SchoolClass, (c for y in school_years for s in people.schools for c in build_classes(s, y))
    )
    people.teachers = {s.pk: [] for s in people.schools}
    people.classes = {s.pk: [] for s in people.schools}
    for teacher in teachers:
        people.teachers[teacher.school_id].append(teacher)
    for school_class in classes:
        people.classes[school_class.school_id].append(school_class)
    assignments = bulk(
        HomeroomAssignment,
        (a for y in school_years for s in people.schools for a in _assignments(people, s, y, rng)),
    )
    people.teacher_count, people.class_count = len(teachers), len(classes)
    people.assignment_count = len(assignments)
    return people


def _assignments(
    people: People, school: School, year: int, rng: random.Random
) -> list[HomeroomAssignment]:
    classes = [c for c in people.classes[school.pk] if c.school_year == year]
    return build_assignments(school, classes, people.teachers[school.pk], rng, year)


def school_row(district: District, index: int) -> School:
    """The `index`-th school (from 0): its type, rurality and projects by fixed patterns."""
    school_type = TYPE_CYCLE[index % len(TYPE_CYCLE)]
    number = index + 1
    return School(
        district=district,
        code=f"{district.code}-{number:04d}",
        name=f"合成第{number}{SCHOOL_NOUN[school_type]}",
        school_type=school_type,
        is_rural=index % 7 == 5,
        featured_projects=[p for p, every, offset in PROJECT_PATTERN if index % every == offset],
    )


def teacher_rows(school: School, rng: random.Random, year: int, count: int) -> list[Teacher]:
    """`count` teachers like the demo's (employee numbers S0001 …); the first three are
    moral-education cadres."""
    return [_teacher(school, rng, year, index) for index in range(1, count + 1)]


def _teacher(school: School, rng: random.Random, year: int, index: int) -> Teacher:
    birth = demo_date(rng, year - rng.randint(23, 58))
    teaching_year = birth.year + rng.randint(22, 25)
    return Teacher(
        school=school,
        district_id=school.district_id,
        employee_no=f"S{index:04d}",
        name=person_name(rng),
        gender=rng.choice("MFFF"),
        birth_date=birth,
        teaching_since=dt.date(teaching_year, 9, 1),
        homeroom_since=(
            dt.date(min(teaching_year + rng.randint(0, 4), year), 9, 1)
            if rng.random() < 0.85
            else None
        ),
        professional_title=professional_title_for(year - teaching_year),
        highest_education=rng.choice((Education.BACHELOR, Education.BACHELOR, Education.MASTER)),
        psych_certificate=rng.choice(
            (PsychCertificate.NONE, PsychCertificate.C, PsychCertificate.B)
        ),
        is_moral_cadre=index <= 3,
    )


@dataclass(frozen=True)
class Logins:
    admin: Any
    reviewer: Any
    leader: Any


def seed_logins(district: District, first_school: School) -> Logins:
    """`<code>_admin`, `<code>_reviewer` of the district and `<code>_leader` of its first
    school, with the demo password."""
    code = district.code
    logins = Logins(
        admin=demo_login(f"{code}_admin", f"{district.name}管理员"),
        reviewer=demo_login(f"{code}_reviewer", f"{district.name}审核员"),
        leader=demo_login(f"{code}_leader", f"{first_school.name}德育主任"),
    )
    for user, role in (
        (logins.admin, Role.DISTRICT_ADMIN),
        (logins.reviewer, Role.DISTRICT_REVIEWER),
    ):
        Membership.objects.get_or_create(user=user, district=district, school=None, role=role)
    Membership.objects.create(
        user=logins.leader, district=district, school=first_school, role=Role.SCHOOL_LEADER
    )
    return logins
