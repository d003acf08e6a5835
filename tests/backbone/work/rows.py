"""Rows for the team-work tests (XB-FIVE, XB-PROJECT, XB-SHOWCASE …): district A on
xinbei-2023, a talent-pool entry, growth teams with confirmed members (tests/backbone/
factories.py), archive entries written straight to the table, and the matrix's rows
(one tier-1 team per district with a member from each school, marked)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from apps.backbone.models import (
    BackboneFile,
    BackboneFileData,
    CharacterProject,
    Collection,
    FamousLevel,
    GrowthMember,
    GrowthTeam,
    PoolEntry,
    PoolStatus,
    ProjectScope,
    RadiatePost,
    Tier,
)
from apps.compliance.packs import load_all
from apps.core.schoolyear import current_school_year
from apps.people.models import Teacher
from apps.training.models import ArchiveEntry
from tests.backbone.factories import make_growth_member, make_growth_team
from tests.personas import SchoolData, World

YEAR = 2025  # a whole past school year: 2025-09-01 … 2026-08-31
IN_YEAR = dt.date(2025, 11, 20)
FIVE_KINDS = ("open_lesson", "lecture", "mentoring", "research", "paper")


def on_xinbei(world: World, key: str = "A") -> World:
    load_all()
    world.districts[key].policy_packs = ["xinbei-2023"]
    world.districts[key].save(update_fields=["policy_packs"])
    return world


def famous(teacher: Teacher, by: Any, *, year: int = 2024) -> PoolEntry:
    return PoolEntry.objects.create(
        teacher=teacher, school_id=teacher.school_id, district_id=teacher.district_id,
        year=year, level=FamousLevel.DISTRICT, statement="申报材料", status=PoolStatus.ELECTED,
        applied_by=by,
    )  # fmt: skip


def archive(
    teacher: Teacher,
    by: Any,
    kinds: tuple[str, ...] = FIVE_KINDS,
    *,
    on: dt.date = IN_YEAR,
    title: str = "班会课：学会感恩",
) -> list[ArchiveEntry]:
    return [
        ArchiveEntry.objects.create(
            teacher=teacher,
            school_id=teacher.school_id,
            district_id=teacher.district_id,
            kind=kind,
            level="district",
            title=title,
            date=on,
            created_by=by,
        )
        for kind in kinds
    ]


def team(world: World, key: str = "A", *, tier: str = Tier.TIER1, name: str = "") -> GrowthTeam:
    leader = world.schools[f"{key}1"].teachers[2]
    return make_growth_team(
        district=world.districts[key], leader=leader, by=world.user(f"{key}.admin"), tier=tier,
        name=name or f"{key}区卓越班主任成长营", elected_on=dt.date(2024, 9, 1),
    )  # fmt: skip


def member(growth_team: GrowthTeam, teacher: Teacher, by: Any) -> GrowthMember:
    return make_growth_member(team=growth_team, teacher=teacher, by=by)


def project(m: GrowthMember, by: Any, *, on: dt.date = IN_YEAR) -> CharacterProject:
    return CharacterProject.objects.create(
        team=m.team, teacher=m.teacher, school_id=m.school_id, district_id=m.district_id,
        title="学生品格提升：责任", scope=ProjectScope.REGION, started_on=on, recorded_by=by,
    )  # fmt: skip


# ------------------------------------------------------------------ the tenancy matrix
# Made on first use (idempotent): per school, a tier-1 team led by its third teacher with
# its second teacher as a confirmed member, a marked project, a collection with a file,
# a marked archive entry and a marked column post.


def matrix_team(sd: SchoolData) -> GrowthTeam:
    name = f"矩阵成长营{sd.key}"
    found = GrowthTeam.objects.filter(district_id=sd.school.district_id, name=name).first()
    if found is not None:
        return found
    by = sd.job.created_by
    growth_team = make_growth_team(
        district=sd.school.district, leader=sd.teachers[2], by=by, tier=Tier.TIER1, name=name
    )
    m = member(growth_team, sd.teachers[1], by)
    CharacterProject.objects.create(
        team=growth_team, teacher_id=m.teacher_id, school_id=m.school_id, district_id=m.district_id,
        title=f"{sd.marker}品格项目", scope=ProjectScope.SCHOOL, started_on=IN_YEAR,
        recorded_by=by,
    )  # fmt: skip
    archive(m.teacher, by, ("paper",), on=dt.date(current_school_year(), 9, 5),
            title=f"{sd.marker}德育论文")  # fmt: skip
    stored = BackboneFile.objects.create(
        district_id=sd.school.district_id, file_name=f"{sd.marker}专辑.pdf", file_type="pdf",
        file_size=4, uploaded_by=by,
    )  # fmt: skip
    BackboneFileData.objects.create(file=stored, data=b"%PDF")
    Collection.objects.create(
        team=growth_team, year=2025, title=f"{sd.marker}研究专辑",
        compiled_on=dt.date(2025, 12, 1), file=stored, recorded_by=by,
    )  # fmt: skip
    RadiatePost.objects.create(
        teacher=m.teacher, school=sd.school, district_id=m.district_id, reach="school",
        title=f"{sd.marker}专栏", body="带领一所学校", posted_on=IN_YEAR, posted_by=by,
    )  # fmt: skip
    return growth_team


def matrix_school(sd: SchoolData) -> dict[str, Any]:
    matrix_team(sd)
    return {"school_id": sd.school.pk}


def matrix_district(key: str, world: World) -> dict[str, Any]:
    for number in ("1", "2"):
        matrix_team(world.schools[f"{key}{number}"])
    return {"district_id": world.districts[key].pk}


def matrix_team_kwargs(key: str, world: World) -> dict[str, Any]:
    growth_team = matrix_team(world.schools[f"{key}1"])
    return {"district_id": world.districts[key].pk, "team_id": growth_team.pk}


def matrix_collection_file(key: str, world: World) -> dict[str, Any]:
    growth_team = matrix_team(world.schools[f"{key}1"])
    collection = Collection.objects.get(team=growth_team)
    return matrix_team_kwargs(key, world) | {"collection_id": collection.pk}


def matrix_project_form(sd: SchoolData) -> dict[str, Any]:
    m = GrowthMember.objects.get(team=matrix_team(sd), school=sd.school)
    return {"member": m.pk, "title": "学校德育课题", "scope": "school",
            "started_on": "2025-10-01"}  # fmt: skip


def matrix_post_form(sd: SchoolData) -> dict[str, Any]:
    m = GrowthMember.objects.get(team=matrix_team(sd), school=sd.school)
    return {"teacher": m.teacher_id, "reach": "grade", "title": "带领年级", "body": "记录",
            "posted_on": "2025-10-01"}  # fmt: skip


def matrix_showcase_form(sd: SchoolData) -> dict[str, Any]:
    return {"title": "年度成果展示", "held_on": "2025-12-10", "summary": "展示",
            "teams": [matrix_team(sd).pk]}  # fmt: skip


def matrix_plan_form(sd: SchoolData) -> dict[str, Any]:
    return {
        "what": "plan", "kind": "yearly", "year": 2026, "title": "年度计划",
        "needs_analysis": "调研", "content": "学习与实践", "mentors_consulted": "on",
    }  # fmt: skip
