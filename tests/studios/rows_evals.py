"""Studio and workshop rows for the evaluator and outcome tests: teams, members, themes,
sessions (training activities through training's services), outcomes, plans and studio
rules. The teams' own services are another topic's; these tests build the starting rows
directly and exercise the evaluators and the outcome services on them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from apps.compliance.packs import load_all
from apps.people.models import AssignmentRole, HomeroomAssignment, SchoolClass, Teacher
from apps.studios.models import (
    CourseForm,
    HostKind,
    Member,
    Outcome,
    OutcomeKind,
    OutcomeStage,
    Plan,
    PlanKind,
    RulesStatus,
    Session,
    StudioRules,
    Team,
    TeamFile,
    TeamFileData,
    TeamKind,
    Theme,
    WorkshopType,
)
from apps.training import services as training_services
from apps.training.models import CreditClass, OrganiserLevel
from tests.personas import World, evidence_pdf

YEAR = 2025  # a whole past school year: 2025-09-01 … 2026-08-31
END = dt.date(2026, 8, 31)
FOUNDED = dt.date(2025, 9, 1)
MINUTES = "本次研修围绕班级中学生冲突的成因与干预策略展开，三位班主任分享案例并形成改进方案。"


def on_packs(world: World, packs: list[str], *, featured: list[str] | None = None) -> World:
    """District A on the given real packs; its schools in the featured projects."""
    load_all()
    world.districts["A"].policy_packs = packs
    world.districts["A"].save(update_fields=["policy_packs"])
    for key in ("A1", "A2"):
        school = world.schools[key].school
        school.featured_projects = featured or []
        school.save(update_fields=["featured_projects"])
    return world


def staff_year(world: World, key: str) -> None:
    """Teachers 1 and 2 of school `key` homeroom teachers in YEAR (the persona classes are
    in the current year)."""
    sd = world.schools[key]
    for index, teacher in enumerate(sd.teachers[:2]):
        school_class = SchoolClass.objects.create(
            school=sd.school, district_id=sd.school.district_id, school_year=YEAR,
            grade=3 + index, name="甲班",
        )  # fmt: skip
        HomeroomAssignment.objects.create(
            school=sd.school, district_id=sd.school.district_id, teacher=teacher,
            school_class=school_class, school_year=YEAR, role=AssignmentRole.HOMEROOM,
        )  # fmt: skip


def team(world: World, key: str, **fields: Any) -> Team:
    """A team of school `key` (`school_level=False`: of the district, hosted there),
    hosted by the school's third teacher unless `host` is given."""
    sd = world.schools[key]
    school_level = fields.pop("school_level", True)
    values: dict[str, Any] = {
        "kind": TeamKind.STUDIO, "name": f"{key}班主任工作室", "host": sd.teachers[2],
        "host_kind": HostKind.SENIOR, "established_on": FOUNDED,
    } | fields  # fmt: skip
    return Team.objects.create(
        district=sd.school.district, school=sd.school if school_level else None,
        created_by=world.user(f"{key}.leader"), **values,
    )  # fmt: skip


def workshop(world: World, key: str, host_kind: str, **fields: Any) -> Team:
    kind = WorkshopType.INSTITUTE if host_kind == HostKind.RESEARCHER else WorkshopType.IN_SCHOOL
    values = {"kind": TeamKind.WORKSHOP, "workshop_type": kind, "host_kind": host_kind}
    return team(world, key, **(values | {"name": f"{key}{host_kind}工作坊"} | fields))


def member(the_team: Team, teacher: Teacher) -> Member:
    return Member.objects.create(
        team=the_team, teacher=teacher, district_id=teacher.district_id,
        school_id=teacher.school_id, joined_on=the_team.established_on,
    )  # fmt: skip


def themes(the_team: Team, n: int) -> None:
    for index in range(n):
        Theme.objects.create(team=the_team, title=f"研究主题{index + 1}", started_on=FOUNDED)


def session(
    world: World, the_team: Team, teachers: list[Teacher], *, day: dt.date, **flags: Any
) -> Session:
    """A research session of the team (a training activity of its school, organised by the
    studio) attended by `teachers`."""
    assert the_team.school is not None
    key = next(k for k, sd in world.schools.items() if sd.school.pk == the_team.school_id)
    actor = world.user(f"{key}.leader")
    values: dict[str, Any] = {
        "is_research_session": True, "module": "class_collective",
        "organiser_level": OrganiserLevel.STUDIO,
    } | flags  # fmt: skip
    activity = training_services.activity_create(
        district=the_team.district, school=the_team.school, actor=actor, allowed=True,
        title="工作室研修", topic="学生冲突的成因与干预", date=day, hours=Decimal(2),
        form="case", credit_class=CreditClass.LECTURE, minutes=MINUTES, **values,
    )  # fmt: skip
    training_services.attendance_record(activity=activity, teachers=teachers, actor=actor)
    return Session.objects.create(team=the_team, activity=activity)


def outcome(world: World, the_team: Team, **fields: Any) -> Outcome:
    values: dict[str, Any] = {
        "kind": OutcomeKind.REPORT, "stage": OutcomeStage.STAGED, "title": "阶段性研究报告",
        "completed_on": dt.date(2026, 5, 20),
    } | fields  # fmt: skip
    return Outcome.objects.create(team=the_team, recorded_by=the_team.created_by, **values)


def course(world: World, the_team: Team, form: str, hours: str) -> Outcome:
    return outcome(
        world, the_team, kind=OutcomeKind.COURSE, title=f"{CourseForm(form).label}{hours}学时",
        course_form=form, course_hours=Decimal(hours),
    )  # fmt: skip


def report(the_team: Team) -> Plan:
    return Plan.objects.create(
        team=the_team, kind=PlanKind.REPORT, school_year=YEAR, title="项目报告",
        body="项目实施与成效总结。", submitted_by=the_team.created_by,
    )  # fmt: skip


def rules(world: World, key: str | None, status: str = RulesStatus.ACCEPTED) -> StudioRules:
    """The district's studio rules (`key` None) or school `key`'s, in `status`."""
    school = world.schools[key].school if key else None
    return StudioRules.objects.create(
        district=world.districts["A"], school=school, title="工作室选拔、考核办法及经费标准",
        selection="选拔办法", assessment="考核办法", funding="经费标准", status=status,
        submitted_by=world.user(f"{key}.leader" if key else "A.admin"),
    )  # fmt: skip


# ------------------------------------------------- the cross-tenant matrix (studios: outcomes)


def matrix_team(key: str, world: World) -> Team:
    """District `key`'s own studio (school null) with an outcome and its file, made once:
    the district's officers read it; its school leaders and teachers, who neither lead
    it nor take part, do not."""
    district = world.districts[key]
    found = Team.objects.filter(district=district, school__isnull=True, name=f"区级工作室{key}")
    if existing := found.first():
        return existing
    made = team(world, f"{key}1", school_level=False, name=f"区级工作室{key}")
    kept = outcome(world, made, title=f"成果{key}")
    stored = TeamFile.objects.create(
        team=made, outcome=kept, file_name=f"成果{key}.pdf", file_type="pdf",
        file_size=len(evidence_pdf(f"OUT-{key}")), uploaded_by=made.created_by,
    )  # fmt: skip
    TeamFileData.objects.create(file=stored, data=evidence_pdf(f"OUT-{key}"))
    return made


def matrix_team_kwargs(key: str, world: World) -> dict[str, Any]:
    return {"team_id": matrix_team(key, world).pk}


def matrix_file_kwargs(key: str, world: World) -> dict[str, Any]:
    made = matrix_team(key, world)
    stored = TeamFile.objects.filter(team=made).order_by("pk").first()
    assert stored is not None
    return {"team_id": made.pk, "file_id": stored.pk}


def matrix_outcome_form(sd: Any) -> dict[str, Any]:
    return {
        "kind": OutcomeKind.CASES, "stage": OutcomeStage.STAGED, "title": "班级冲突调解案例集",
        "completed_on": "2026-05-20",
    }  # fmt: skip


def matrix_snapshot() -> dict[str, Any]:
    """The studios' outcome rows a forbidden write must not change."""
    return {
        "Outcome": sorted(Outcome.objects.values_list("pk", "title", "promoted")),
        "TeamFile": TeamFile.objects.count(),
    }


def matrix_promote_form(sd: Any) -> dict[str, Any]:
    """XH26-A2P-4.3: take the district studio's outcome into the 成果集."""
    made = Team.objects.get(district_id=sd.school.district_id, school__isnull=True,
                            name=f"区级工作室{sd.key[0]}")  # fmt: skip
    kept = Outcome.objects.filter(team=made).order_by("pk").first()
    assert kept is not None
    return {"outcome": kept.pk, "promoted": "1"}
