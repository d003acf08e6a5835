"""Rows of the pool topic for tests, written straight to the models (the services are
tested on their own): pool entries at a given step, ratings, and district A on xinbei."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from apps.backbone.models import FamousLevel, HomeroomRating, PoolEntry, PoolStatus
from apps.compliance.packs import load_all
from apps.core.schoolyear import current_school_year
from apps.people.models import Teacher
from tests.personas import World


def on_xinbei(world: World, packs: tuple[str, ...] = ("xinbei-2023",)) -> World:
    load_all()
    district = world.districts["A"]
    district.policy_packs = list(packs)
    district.save(update_fields=["policy_packs"])
    return world


def make_entry(
    *,
    teacher: Teacher,
    by: Any,
    year: int,
    status: str = PoolStatus.APPLIED,
    level: str = FamousLevel.DISTRICT,
    recommender: Any = None,
    reviewer: Any = None,
) -> PoolEntry:
    now = timezone.now()
    later = status not in (PoolStatus.APPLIED,)
    reviewed = status in (PoolStatus.ELECTED, PoolStatus.REJECTED)
    return PoolEntry.objects.create(
        teacher=teacher,
        school_id=teacher.school_id,
        district_id=teacher.district_id,
        year=year,
        level=level,
        statement="班级管理成果",
        status=status,
        applied_by=by,
        recommended_by=recommender if later else None,
        recommended_at=now if later else None,
        reviewed_by=reviewer if reviewed else None,
        reviewed_at=now if reviewed else None,
    )


def make_rating(*, teacher: Teacher, rung: str, on: dt.date, by: Any) -> HomeroomRating:
    return HomeroomRating.objects.create(
        teacher=teacher,
        school_id=teacher.school_id,
        district_id=teacher.district_id,
        rung=rung,
        rated_on=on,
        basis="学校评级委员会评定",
        recorded_by=by,
    )


def more_teachers(world: World, key: str, n: int) -> list[Teacher]:
    """`n` more teachers of school `key` (employee numbers P-<key>-<i>)."""
    school = world.schools[key].school
    return [
        Teacher.objects.create(
            school=school,
            district_id=school.district_id,
            employee_no=f"P-{key}-{i}",
            name=f"教师{key}{i}",
            gender="F",
        )
        for i in range(n)
    ]


# ---------------------------------------------------------------- the tenancy matrix
# Payloads and kwargs of the pool routes (tests/tenancy/test_matrix.py, block "backbone:
# pool"). An entry to recommend is the school's first teacher's own application (applied
# by the teacher's login, so the school's leader may recommend it); an entry to review is
# one the school recommended.


def matrix_honour_form(sd: Any) -> dict[str, Any]:
    return {
        "teacher": sd.teachers[1].pk,
        "honour": "city_senior",
        "awarded_on": "2025-05-01",
        "issuer": "市教育局",
    }


def matrix_apply_form(sd: Any) -> dict[str, Any]:
    return {
        "teacher": sd.teachers[1].pk,
        "year": current_school_year(),
        "level": "district",
        "statement": "带班育人成果",
    }


def matrix_rating_form(sd: Any) -> dict[str, Any]:
    return {
        "teacher": sd.teachers[1].pk,
        "rung": "backbone",
        "rated_on": "2025-05-01",
        "basis": "学校评级委员会评定",
    }


def matrix_decision_form(sd: Any) -> dict[str, Any]:
    return {"decision": "yes", "comment": "同意"}


def _entry_of(teacher: Teacher, status: str, recommender: Any = None) -> PoolEntry:
    found = PoolEntry.objects.filter(teacher=teacher, year=current_school_year() - 1).first()
    if found is not None:
        return found
    teacher = Teacher.objects.select_related("user").get(pk=teacher.pk)  # with its login
    return make_entry(
        teacher=teacher,
        by=teacher.user,
        year=current_school_year() - 1,
        status=status,
        recommender=recommender,
    )


def matrix_recommend_kwargs(sd: Any) -> dict[str, Any]:
    entry = _entry_of(sd.teachers[0], PoolStatus.APPLIED)
    return {"school_id": sd.school.pk, "entry_id": entry.pk}


def matrix_review_kwargs(key: str, world: World) -> dict[str, Any]:
    sd = world.schools[f"{key}1"]
    entry = _entry_of(sd.teachers[0], PoolStatus.RECOMMENDED, world.user(f"{key}1.leader"))
    return {"district_id": world.districts[key].pk, "entry_id": entry.pk}
