"""Reads of the assessment imports: the jobs of a school or a district, and the trainees
a sheet's rows name (by 工号, or 学校代码 + 工号 for the district), in one query."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from apps.core.web import int_or_404
from apps.people.models import Teacher
from apps.probation.models import AssessmentImport, Trainee
from apps.tenancy.models import District, School


def school_assessment_imports(*, school: School) -> QuerySet[AssessmentImport]:
    return AssessmentImport.objects.for_school(school).order_by("-created_at")


def school_assessment_import_get(*, school: School, job_id: int | str) -> AssessmentImport:
    return get_object_or_404(school_assessment_imports(school=school), pk=int_or_404(job_id))


def district_assessment_imports(*, district: District) -> QuerySet[AssessmentImport]:
    return AssessmentImport.objects.filter(district=district, school__isnull=True).order_by(
        "-created_at"
    )


def district_assessment_import_get(*, district: District, job_id: int | str) -> AssessmentImport:
    return get_object_or_404(district_assessment_imports(district=district), pk=int_or_404(job_id))


def school_teachers_named(*, school: School, numbers: Iterable[str]) -> dict[str, Teacher]:
    """{工号: teacher} of the school (its current teachers only)."""
    return {
        t.employee_no: t
        for t in Teacher.objects.for_school(school).filter(employee_no__in=set(numbers))
    }


def district_teachers_named(
    *, district: District, keys: Iterable[tuple[str, str]]
) -> dict[tuple[str, str], Teacher]:
    """{(学校代码, 工号): teacher} of the district's schools."""
    keys = set(keys)
    numbers = {number for _code, number in keys}
    found = Teacher.objects.filter(district=district, employee_no__in=numbers).select_related(
        "school"
    )
    return {
        (t.school.code, t.employee_no): t for t in found if (t.school.code, t.employee_no) in keys
    }


def trainees_of_teachers(*, teacher_ids: Iterable[int]) -> dict[int, Trainee]:
    """{teacher id: trainee} with the teacher selected."""
    return {
        t.teacher_id: t
        for t in Trainee.objects.filter(teacher_id__in=set(teacher_ids)).select_related(
            "teacher", "school"
        )
    }
