"""Reads of the training imports: a school's or the district's import jobs, one job, and
the roster rows a sheet's employee numbers and school codes name (for the row checks)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from apps.core.web import int_or_404
from apps.people.models import Teacher
from apps.tenancy.models import District, School
from apps.training.models import TrainingActivity, TrainingImport


def _jobs() -> QuerySet[TrainingImport]:
    return (
        TrainingImport.objects.defer("file_data")
        .select_related("created_by", "activity")
        .order_by("-created_at", "-id")
    )


def school_imports(*, school: School) -> QuerySet[TrainingImport]:
    """The school's imports: its external hours and its own activities' sheets."""
    return _jobs().filter(school=school)


def school_import_get(*, school: School, job_id: int | str) -> TrainingImport:
    return get_object_or_404(school_imports(school=school), pk=int_or_404(job_id))


def district_imports(
    *, district: District, activity: TrainingActivity | None = None
) -> QuerySet[TrainingImport]:
    """Sign-in sheets of the district's own activities."""
    queryset = _jobs().filter(district=district, school__isnull=True)
    if activity is not None:
        queryset = queryset.filter(activity=activity)
    return queryset


def district_import_get(*, district: District, job_id: int | str) -> TrainingImport:
    return get_object_or_404(district_imports(district=district), pk=int_or_404(job_id))


# --------------------------------------------------------------------------- roster for the checks


def school_teachers_by_numbers(*, school: School, numbers: Iterable[str]) -> dict[str, Teacher]:
    """The school's teachers among the employee numbers, by number (one query)."""
    teachers = Teacher.objects.for_school(school).filter(employee_no__in=set(numbers))
    return {t.employee_no: t for t in teachers}


def district_school_codes(*, district_id: int, codes: Iterable[str]) -> set[str]:
    """Those of the codes that name a school of the district."""
    return set(
        School.objects.filter(district_id=district_id, code__in=set(codes)).values_list(
            "code", flat=True
        )
    )


def district_teachers_by_numbers(
    *, district_id: int, codes: Iterable[str], numbers: Iterable[str]
) -> dict[tuple[str, str], Teacher]:
    """Teachers of the district's schools (by code) among the employee numbers, keyed by
    (school code, employee number), in one query."""
    teachers = (
        Teacher.objects.filter(
            district_id=district_id, school__code__in=set(codes), employee_no__in=set(numbers)
        )
        .select_related("school")
        .order_by()
    )
    return {(t.school.code, t.employee_no): t for t in teachers}
