"""The talent pool (XB-POOL) and its target (XB-TARGET): the yearly election's entries —
a teacher's own, a school's queue, the district's board of a year — the elected pool by
level and year, and the progress toward the pack's target of about N distinct persons
(Teacher.person_key) elected at city or district level by the target date.

An entry's `year` is the school year of the election (2025 = 2025-09 → 2026-08)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from apps.backbone.models import FamousLevel, PoolEntry, PoolStatus
from apps.core.schoolyear import school_year
from apps.people.models import Teacher
from apps.tenancy.models import District, School
from apps.training.selectors import district_parameters

WAITING = (PoolStatus.APPLIED, PoolStatus.RECOMMENDED)
TARGET_KEY = "famous_teacher_target"
TARGET_DATE_KEY = "famous_teacher_target_date"
TOLERANCE_KEY = "famous_teacher_target_tolerance"


def _entries() -> QuerySet[PoolEntry]:
    return PoolEntry.objects.select_related("teacher", "school", "applied_by", "recommended_by")


def teacher_entries(*, teacher: Teacher) -> QuerySet[PoolEntry]:
    return _entries().filter(teacher=teacher, school_id=teacher.school_id).order_by("-year")


def school_entries(*, school: School, year: int | None = None) -> QuerySet[PoolEntry]:
    rows = _entries().filter(school=school)
    if year is not None:
        rows = rows.filter(year=year)
    return rows.order_by("-year", "status", "teacher__name", "id")


def school_entry_get(*, school: School, entry_id: int) -> PoolEntry | None:
    return _entries().filter(school=school, pk=entry_id).first()


def district_entries(*, district: District, year: int) -> QuerySet[PoolEntry]:
    return (
        _entries()
        .filter(district=district, year=year)
        .order_by("status", "school__code", "teacher__name", "id")
    )


def district_entry_get(*, district: District, entry_id: int) -> PoolEntry | None:
    return _entries().filter(district=district, pk=entry_id).first()


def pool_list(
    *, district: District, year: int | None = None, level: str | None = None
) -> QuerySet[PoolEntry]:
    """The elected (the talent pool), newest year first, optionally one year or level."""
    rows = _entries().filter(district=district, status=PoolStatus.ELECTED)
    if year is not None:
        rows = rows.filter(year=year)
    if level:
        rows = rows.filter(level=level)
    return rows.order_by("-year", "level", "school__code", "teacher__name", "id")


def pool_years(*, district: District) -> list[int]:
    found = PoolEntry.objects.filter(district=district).values_list("year", flat=True)
    return sorted(set(found), reverse=True)


def year_counts(*, district: District) -> dict[int, dict[str, dict[str, int]]]:
    """{year: {level: {status: n}}} of the district's entries; one query."""
    counts: dict[int, dict[str, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
    rows = PoolEntry.objects.filter(district=district).values_list("year", "level", "status")
    for year, level, status in rows:
        counts[year][level][status] = counts[year][level].get(status, 0) + 1
    return {y: {lv: dict(s) for lv, s in by.items()} for y, by in counts.items()}


@dataclass(frozen=True)
class TargetReading:
    """The pack's target (about `target` by `target_date`, 左右 read as `tolerance`)."""

    target: int
    target_date: dt.date
    tolerance: Decimal

    @property
    def threshold(self) -> Decimal:
        return Decimal(self.target) * self.tolerance


def target_reading(params: dict[str, Any]) -> TargetReading:
    """The target from an indicator's params or from the district's parameters."""
    day: Any = params["target_date"] if "target_date" in params else params[TARGET_DATE_KEY]
    if not isinstance(day, dt.date):
        day = dt.date.fromisoformat(str(day))
    tolerance = params["tolerance"] if "tolerance" in params else params.get(TOLERANCE_KEY, 1)
    return TargetReading(
        target=int(params[TARGET_KEY]), target_date=day, tolerance=Decimal(str(tolerance))
    )


def district_target(*, district: District) -> TargetReading | None:
    values = district_parameters(district=district)
    if TARGET_KEY not in values:
        return None
    return target_reading(values)


@dataclass(frozen=True)
class YearProgress:
    year: int
    city: int  # persons first elected this year at city level
    district: int  # … at district level (and never at city level before)
    new: int  # persons elected this year for the first time
    total: int  # distinct persons elected up to this year


def elected_persons(*, district: District, until: dt.date) -> dict[str, tuple[int, str]]:
    """{person key: (first year, level of that first election)} of the persons elected at
    city or district level in elections that began on or before `until`; one query."""
    last_year = until.year if until >= school_year(until.year).start else until.year - 1
    rows = (
        PoolEntry.objects.filter(
            district=district,
            status=PoolStatus.ELECTED,
            year__lte=last_year,
            level__in=[FamousLevel.CITY, FamousLevel.DISTRICT],
        )
        .order_by("year", "level")
        .values_list("teacher__person_key", "year", "level")
    )
    first: dict[str, tuple[int, str]] = {}
    for key, year, level in rows:
        first.setdefault(str(key), (year, level))
    return first


def target_progress(*, district: District, until: dt.date) -> list[YearProgress]:
    """Per election year, the persons newly elected and the running total of distinct
    persons (a person elected twice counts once, in their first year)."""
    first = elected_persons(district=district, until=until)
    by_year: dict[int, list[str]] = defaultdict(list)
    for year, level in first.values():
        by_year[year].append(level)
    rows, total = [], 0
    for year in sorted(by_year):
        levels = by_year[year]
        total += len(levels)
        rows.append(
            YearProgress(
                year=year,
                city=levels.count(FamousLevel.CITY),
                district=levels.count(FamousLevel.DISTRICT),
                new=len(levels),
                total=total,
            )
        )
    return rows


def waiting_recommendation(*, school_ids: list[int]) -> QuerySet[PoolEntry]:
    return _entries().filter(school_id__in=school_ids, status=PoolStatus.APPLIED)


def waiting_review(*, district_ids: list[int]) -> QuerySet[PoolEntry]:
    return _entries().filter(district_id__in=district_ids, status=PoolStatus.RECOMMENDED)


__all__ = [
    "WAITING",
    "TargetReading",
    "YearProgress",
    "district_entries",
    "district_entry_get",
    "district_target",
    "elected_persons",
    "pool_list",
    "pool_years",
    "school_entries",
    "school_entry_get",
    "target_progress",
    "target_reading",
    "teacher_entries",
    "waiting_recommendation",
    "waiting_review",
    "year_counts",
]
