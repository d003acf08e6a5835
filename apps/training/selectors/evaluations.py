"""Reads of the training evaluation (PT24-EVAL): the year's homeroom teachers against their
process and outcome records, a school's records, one record and its file."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from apps.core.web import int_or_404
from apps.people.models import AssignmentRole, HomeroomAssignment, Teacher
from apps.tenancy.models import School
from apps.training.models import OUTCOME_KINDS, PROCESS_KINDS, EvaluationFile, EvaluationRecord


@dataclass
class EvaluationRow:
    teacher: Teacher
    classes: list[str]
    kinds: dict[str, int]  # kind → number of records
    process_done: bool = False
    outcome_done: bool = False

    @property
    def complete(self) -> bool:
        return self.process_done and self.outcome_done


def evaluation_overview(
    *, school: School, school_year: int, semester: int | None = None
) -> list[EvaluationRow]:
    """PT24-EVAL: the year's homeroom teachers × process and outcome evidence, with what is
    missing (two queries: the homeroom assignments, the record counts by kind)."""
    rows: dict[int, EvaluationRow] = {}
    for assignment in (
        HomeroomAssignment.objects.for_school(school)
        .filter(school_year=school_year, role=AssignmentRole.HOMEROOM)
        .select_related("teacher", "school_class")
        .order_by("teacher__employee_no", "school_class__grade", "school_class__name")
    ):
        row = rows.setdefault(
            assignment.teacher_id, EvaluationRow(teacher=assignment.teacher, classes=[], kinds={})
        )
        row.classes.append(str(assignment.school_class))
    records = EvaluationRecord.objects.filter(
        school=school, school_year=school_year, teacher_id__in=list(rows)
    )
    if semester in (1, 2):
        records = records.filter(semester=semester)
    for teacher_id, kind, count in (
        records.values_list("teacher_id", "kind").annotate(n=Count("pk")).order_by()
    ):
        rows[teacher_id].kinds[kind] = count
    for row in rows.values():
        row.process_done = any(row.kinds.get(k) for k in PROCESS_KINDS)
        row.outcome_done = any(row.kinds.get(k) for k in OUTCOME_KINDS)
    return list(rows.values())


def evaluation_records(
    *,
    school: School,
    school_year: int | None = None,
    teacher: Teacher | None = None,
    semester: int | None = None,
    kind: str = "",
) -> QuerySet[EvaluationRecord]:
    queryset = EvaluationRecord.objects.filter(school=school, district_id=school.district_id)
    if school_year is not None:
        queryset = queryset.filter(school_year=school_year)
    if teacher is not None:
        queryset = queryset.filter(teacher=teacher)
    if semester in (1, 2):
        queryset = queryset.filter(semester=semester)
    if kind:
        queryset = queryset.filter(kind=kind)
    return queryset.select_related("teacher", "created_by").order_by(
        "-school_year", "-semester", "-created_at", "-pk"
    )


def evaluation_record_get(*, school: School, record_id: int | str) -> EvaluationRecord:
    return get_object_or_404(evaluation_records(school=school), pk=int_or_404(record_id))


def evaluation_file_data(*, record: EvaluationRecord) -> bytes:
    """The uploaded bytes of a record already fetched through a scoped selector; 404 when
    it has none."""
    if not record.file_name:
        raise Http404
    data = EvaluationFile.objects.filter(record=record).values_list("data", flat=True).first()
    if data is None:
        raise Http404
    return bytes(data)
