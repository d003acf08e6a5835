"""Rows of the backbone app for tests, written straight to the models (the services are
tested on their own): a cohort with members, growth teams with confirmed members, honours.
Each builder takes the scope first and returns what it made."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from apps.backbone.models import (
    AdmissionStatus,
    BackboneMember,
    Category,
    Cohort,
    GrowthMember,
    GrowthTeam,
    HomeroomHonour,
    Honour,
    Tier,
)
from apps.people.models import Teacher
from apps.tenancy.models import District

COHORT_START = dt.date(2023, 9, 1)
COHORT_END = dt.date(2026, 6, 30)


def _home(teacher: Teacher) -> dict[str, int]:
    """The teacher's school and district as the database has them (a test's teacher object
    may be a copy naming another school's teacher by id, as the matrix's hybrids do)."""
    return Teacher.objects.values("school_id", "district_id").get(pk=teacher.pk)


def make_cohort(
    *, district: District, by: Any, name: str = "2023届骨干", pack: str = "xuhui-backbone-2023",
    starts_on: dt.date = COHORT_START, ends_on: dt.date = COHORT_END, **extra: Any,
) -> Cohort:  # fmt: skip
    extra.setdefault("leader_monthly_allowance", Decimal("800"))
    extra.setdefault("backbone_monthly_allowance", Decimal("500"))
    return Cohort.objects.create(
        district=district, name=name, pack=pack, starts_on=starts_on, ends_on=ends_on,
        created_by=by, **extra,
    )  # fmt: skip


def make_member(
    *, cohort: Cohort, teacher: Teacher, by: Any, category: str = Category.BACKBONE,
    joined_on: dt.date | None = None,
) -> BackboneMember:  # fmt: skip
    return BackboneMember.objects.create(
        cohort=cohort, teacher_id=teacher.pk, **_home(teacher), category=category,
        joined_on=joined_on or cohort.starts_on, recorded_by=by,
    )  # fmt: skip


def make_honour(*, teacher: Teacher, honour: str, by: Any, on: dt.date) -> HomeroomHonour:
    return HomeroomHonour.objects.create(
        teacher_id=teacher.pk, **_home(teacher), honour=honour, awarded_on=on, recorded_by=by,
    )  # fmt: skip


def make_growth_team(
    *, district: District, leader: Teacher, by: Any, tier: str = Tier.TIER2,
    name: str = "成长团队", elected_on: dt.date = dt.date(2024, 9, 1),
) -> GrowthTeam:  # fmt: skip
    return GrowthTeam.objects.create(
        district=district, tier=tier, name=name, leader_id=leader.pk,
        leader_school_id=_home(leader)["school_id"], leader_elected_on=elected_on,
        established_on=elected_on, created_by=by,
    )  # fmt: skip


def make_growth_member(
    *, team: GrowthTeam, teacher: Teacher, by: Any, status: str = AdmissionStatus.CONFIRMED,
    on: dt.date = dt.date(2024, 9, 10),
) -> GrowthMember:  # fmt: skip
    return GrowthMember.objects.create(
        team=team, teacher_id=teacher.pk, **_home(teacher), status=status, applied_on=on,
        confirmed_on=on if status == AdmissionStatus.CONFIRMED else None, recorded_by=by,
    )  # fmt: skip


__all__ = [
    "COHORT_END",
    "COHORT_START",
    "Honour",
    "make_cohort",
    "make_growth_member",
    "make_growth_team",
    "make_honour",
    "make_member",
]
