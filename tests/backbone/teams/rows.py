"""Rows for the growth-team tests: district A of the persona world on xinbei-2023, more
schools (rural or not) with homeroom teachers of this school year, leaders with their
titles, teams built through the services (or straight for the evaluators)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from apps.backbone.models import GrowthMember, GrowthTeam, Honour, Tier
from apps.backbone.services import admissions
from apps.compliance.packs import load_all
from apps.core.schoolyear import current_school_year, today
from apps.people.models import AssignmentRole, HomeroomAssignment, SchoolClass, Teacher
from apps.tenancy.models import School, SchoolType
from tests.backbone.factories import make_growth_member, make_growth_team, make_honour
from tests.personas import World

SINCE = dt.date(2010, 9, 1)  # 16 homeroom years by now


def on_xinbei(world: World) -> World:
    load_all()
    district = world.districts["A"]
    district.policy_packs = ["xinbei-2023"]
    district.save(update_fields=["policy_packs"])
    return world


def school(world: World, code: str, *, rural: bool = False) -> School:
    return School.objects.create(
        district=world.districts["A"], code=f"tm-{code}", name=f"新桥{code}学校",
        school_type=SchoolType.PRIMARY, is_rural=rural,
    )  # fmt: skip


def teacher(sch: School, n: int, *, since: dt.date = SINCE, homeroom: bool = True) -> Teacher:
    found = Teacher.objects.create(
        school=sch, district_id=sch.district_id, employee_no=f"{sch.code}-{n}",
        name=f"{sch.code}师{n}", gender="F", birth_date=dt.date(1985, 1, 1),
        teaching_since=since, homeroom_since=since,
    )  # fmt: skip
    if homeroom:
        year = current_school_year()
        cls = SchoolClass.objects.create(
            school=sch, district_id=sch.district_id, school_year=year, grade=1 + n % 6,
            name=f"{n}班",
        )  # fmt: skip
        HomeroomAssignment.objects.create(
            school=sch, district_id=sch.district_id, teacher=found, school_class=cls,
            school_year=year, role=AssignmentRole.HOMEROOM,
        )  # fmt: skip
    return found


def titled(t: Teacher, world: World, *honours: str) -> Teacher:
    for h in honours:
        make_honour(teacher=t, honour=h, by=world.user("A.admin"), on=dt.date(2020, 1, 1))
    return t


_LEADERS = iter(range(100, 10_000))


def special_leader(world: World, sch: School, n: int | None = None) -> Teacher:
    return titled(teacher(sch, n or next(_LEADERS)), world, Honour.CITY_SPECIAL)


def team(world: World, *, tier: str = Tier.TIER2, name: str = "培育室", **extra: Any) -> GrowthTeam:
    lead_school = extra.pop("lead_school", None) or world.schools["A1"].school
    leader = extra.pop("leader", None) or special_leader(world, lead_school)
    return make_growth_team(
        district=world.districts["A"], leader=leader, by=world.user("A.admin"), tier=tier,
        name=name, **extra,
    )  # fmt: skip


def confirmed(world: World, t: GrowthTeam, teachers: list[Teacher]) -> list[GrowthMember]:
    return [make_growth_member(team=t, teacher=x, by=world.user("A.admin")) for x in teachers]


def through_approval(world: World, t: GrowthTeam, who: Teacher) -> GrowthMember:
    """An admission of `who` taken to 行政审核 through the services (the school leader of
    `who` applies and recommends, the reviewer selects, the admin approves)."""
    leader = school_leader(world, who.school)
    member = admissions.admission_apply(actor=leader, team=t, teacher=who, on=today())
    member = admissions.admission_step(actor=leader, member=member, accept=True)
    member = admissions.admission_step(actor=world.user("A.reviewer"), member=member, accept=True)
    return admissions.admission_step(actor=world.user("A.admin"), member=member, accept=True)


def school_leader(world: World, sch: School) -> Any:
    from apps.accounts.models import User
    from apps.tenancy.models import Membership, Role

    found = User.objects.filter(
        memberships__school=sch, memberships__role=Role.SCHOOL_LEADER
    ).first()
    if found is None:
        found = User.objects.create(username=f"lead_{sch.code}", full_name=f"{sch.name}负责人")
        Membership.objects.create(
            user=found, district_id=sch.district_id, school=sch, role=Role.SCHOOL_LEADER
        )
    return found
