"""Rows of each backbone table that names a teacher, for the tenant-key test
(tests/test_db_tenant_keys.py): school `sd`'s row naming `teacher` — refused at the
database when the teacher is another school's."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.db import models

from apps.backbone.models import (
    BackboneMember,
    CharacterProject,
    CohortApplication,
    HomeroomHonour,
    HomeroomRating,
    PoolEntry,
    RadiatePost,
    Rung,
)
from apps.people.models import Teacher
from tests.backbone.factories import make_cohort, make_growth_member, make_growth_team
from tests.personas import SchoolData, World

Builder = Callable[[World, SchoolData, Teacher], models.Model]
DAY = dt.date(2024, 9, 2)


def _scope(sd: SchoolData) -> dict[str, Any]:
    return {"school": sd.school, "district_id": sd.school.district_id}


def _by(sd: SchoolData) -> Any:
    return sd.job.created_by


def _member(world: World, sd: SchoolData, teacher: Teacher) -> models.Model:
    cohort = make_cohort(district=sd.school.district, by=_by(sd))
    return BackboneMember.objects.create(
        **_scope(sd), cohort=cohort, teacher=teacher, category="backbone", joined_on=DAY,
        recorded_by=_by(sd),
    )  # fmt: skip


def _application(world: World, sd: SchoolData, teacher: Teacher) -> models.Model:
    cohort = make_cohort(district=sd.school.district, by=_by(sd))
    return CohortApplication.objects.create(
        **_scope(sd), cohort=cohort, teacher=teacher, category="backbone", submitted_by=_by(sd)
    )


def _honour(world: World, sd: SchoolData, teacher: Teacher) -> models.Model:
    return HomeroomHonour.objects.create(
        **_scope(sd), teacher=teacher, honour="city_senior", awarded_on=DAY, recorded_by=_by(sd)
    )


def _pool(world: World, sd: SchoolData, teacher: Teacher) -> models.Model:
    return PoolEntry.objects.create(
        **_scope(sd), teacher=teacher, year=2025, level="district", statement="申报材料",
        applied_by=_by(sd),
    )  # fmt: skip


def _growth_member(world: World, sd: SchoolData, teacher: Teacher) -> models.Model:
    team = make_growth_team(district=sd.school.district, leader=sd.teachers[0], by=_by(sd))
    member = make_growth_member(team=team, teacher=sd.teachers[1], by=_by(sd))
    member.teacher = teacher  # the row keeps its school: naming another school's teacher
    member.save(update_fields=["teacher"])
    return member


def _project(world: World, sd: SchoolData, teacher: Teacher) -> models.Model:
    team = make_growth_team(district=sd.school.district, leader=sd.teachers[0], by=_by(sd))
    return CharacterProject.objects.create(
        **_scope(sd), team=team, teacher=teacher, title="品格提升项目", scope="region",
        started_on=DAY, recorded_by=_by(sd),
    )  # fmt: skip


def _rating(world: World, sd: SchoolData, teacher: Teacher) -> models.Model:
    return HomeroomRating.objects.create(
        **_scope(sd), teacher=teacher, rung=Rung.BACKBONE, rated_on=DAY, basis="试点评定",
        recorded_by=_by(sd),
    )  # fmt: skip


def _post(world: World, sd: SchoolData, teacher: Teacher) -> models.Model:
    return RadiatePost.objects.create(
        **_scope(sd), teacher=teacher, reach="school", title="成长记录", body="内容",
        posted_on=DAY, posted_by=_by(sd),
    )  # fmt: skip


BACKBONE_ROWS: dict[str, Builder] = {
    "backbone_backbonemember": _member,
    "backbone_cohortapplication": _application,
    "backbone_homeroomhonour": _honour,
    "backbone_poolentry": _pool,
    "backbone_growthmember": _growth_member,
    "backbone_characterproject": _project,
    "backbone_homeroomrating": _rating,
    "backbone_radiatepost": _post,
}
