"""Reads of training data, scoped by keyword; aggregates for progress and evaluators."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet, Sum
from django.shortcuts import get_object_or_404

from apps.compliance import packs as pack_data
from apps.people.models import Teacher
from apps.tenancy.models import District, School

from .credits import credits_for
from .models import (
    Attendance,
    CreditAssignment,
    CreditClass,
    ExternalTraining,
    LedgerEntry,
    RecordStatus,
    TrainingActivity,
)

CREDIT_KEYS = ("lecture_hours_per_credit", "practice_hours_per_credit", "credit_rounding")
HOURS_TARGET_KEYS = ("min_hours_per_year", "yearly_special_training_min_hours")


def district_parameters(*, district: District) -> dict[str, Any]:
    """All parameters of the district's packs (with its overrides), first pack first."""
    merged: dict[str, Any] = {}
    for values in pack_data.resolved_parameters(
        district, pack_data.active_packs(district)
    ).values():
        for key, value in values.items():
            merged.setdefault(key, value)
    return merged


def credit_params(*, district: District) -> dict[str, Any] | None:
    """The conversion rates in force (None when the district's packs define none)."""
    params = district_parameters(district=district)
    if "lecture_hours_per_credit" not in params or "practice_hours_per_credit" not in params:
        return None
    return {key: params[key] for key in CREDIT_KEYS if key in params}


def yearly_hours_target(*, district: District) -> Decimal | None:
    params = district_parameters(district=district)
    for key in HOURS_TARGET_KEYS:
        if key in params:
            return Decimal(str(params[key]))
    return None


def activity_list(
    *, school: School | None = None, district: District | None = None
) -> QuerySet[TrainingActivity]:
    if school is not None:
        queryset = TrainingActivity.objects.for_school(school)
    elif district is not None:
        queryset = TrainingActivity.objects.for_district(district).filter(school__isnull=True)
    else:
        raise TypeError("activity_list needs school= or district=")
    return queryset.select_related("created_by").order_by("-date", "-id")


def activity_get(*, school: School, activity_id: int | str) -> TrainingActivity:
    return get_object_or_404(activity_list(school=school), pk=activity_id)


def district_activity_get(*, district: District, activity_id: int | str) -> TrainingActivity:
    return get_object_or_404(activity_list(district=district), pk=activity_id)


def attendance_of(*, activity: TrainingActivity) -> QuerySet[Attendance]:
    return activity.attendances.select_related("teacher", "teacher__school").order_by(
        "teacher__employee_no"
    )


def external_list(*, school: School, status: str | None = None) -> QuerySet[ExternalTraining]:
    queryset = ExternalTraining.objects.for_school(school).select_related("teacher")
    if status:
        queryset = queryset.filter(status=status)
    return queryset.order_by("status", "-date", "-id")


def external_get(*, school: School, record_id: int | str) -> ExternalTraining:
    return get_object_or_404(external_list(school=school), pk=record_id)


def teacher_external(*, teacher: Teacher) -> QuerySet[ExternalTraining]:
    return (
        ExternalTraining.objects.for_school(teacher.school)
        .filter(teacher=teacher)
        .order_by("-date", "-id")
    )


def ledger_of(*, teacher: Teacher, school_year: int | None = None) -> QuerySet[LedgerEntry]:
    queryset = LedgerEntry.objects.for_school(teacher.school).filter(teacher=teacher)
    if school_year is not None:
        queryset = queryset.filter(school_year=school_year)
    return queryset.select_related("reverses").order_by("-date", "-id")


def school_ledger(
    *, school: School, school_year: int, semester: int | None = None
) -> QuerySet[LedgerEntry]:
    queryset = LedgerEntry.objects.for_school(school).filter(school_year=school_year)
    if semester:
        queryset = queryset.filter(semester=semester)
    return queryset.select_related("teacher").order_by("teacher__employee_no", "date", "id")


def ledger_entry_get(*, school: School, entry_id: int | str) -> LedgerEntry:
    return get_object_or_404(LedgerEntry.objects.for_school(school), pk=entry_id)


def hours_by_teacher(
    *, schools: list[School] | QuerySet[School], school_year: int
) -> dict[int, dict[str, Decimal]]:
    """{teacher id: {"lecture": h, "practice": h, "total": h}} in one aggregate query."""
    totals: dict[int, dict[str, Decimal]] = defaultdict(
        lambda: {"lecture": Decimal(0), "practice": Decimal(0), "total": Decimal(0)}
    )
    for row in (
        LedgerEntry.objects.filter(school__in=schools, school_year=school_year)
        .values("teacher_id", "credit_class")
        .annotate(hours=Sum("hours"))
        .order_by()
    ):
        totals[row["teacher_id"]][row["credit_class"]] += row["hours"]
        totals[row["teacher_id"]]["total"] += row["hours"]
    return dict(totals)


def teacher_progress(*, teacher: Teacher, school_year: int) -> dict[str, Any]:
    """The teacher home's numbers: hours this year (by semester and class), credits
    (assigned where the officer did, else as converted now), against the pack's targets."""
    rows = (
        LedgerEntry.objects.filter(teacher=teacher, school_year=school_year)
        .values("semester", "credit_class")
        .annotate(hours=Sum("hours"))
        .order_by()
    )
    by_term: dict[int, dict[str, Decimal]] = defaultdict(
        lambda: {CreditClass.LECTURE: Decimal(0), CreditClass.PRACTICE: Decimal(0)}
    )
    for row in rows:
        by_term[row["semester"]][row["credit_class"]] += row["hours"]
    total = sum((sum(v.values(), Decimal(0)) for v in by_term.values()), Decimal(0))
    target = yearly_hours_target(district=teacher.district)
    conversion = credit_params(district=teacher.district)
    assigned = {
        c.semester: c.credits
        for c in CreditAssignment.objects.filter(teacher=teacher, school_year=school_year)
    }
    credits = Decimal(0)
    for term in (1, 2):
        if term in assigned:
            credits += assigned[term]
        elif conversion and term in by_term:
            credits += credits_for(
                by_term[term][CreditClass.LECTURE], by_term[term][CreditClass.PRACTICE], conversion
            )
    params = district_parameters(district=teacher.district)
    credit_target = params.get("designated_credits_per_year")
    pending = ExternalTraining.objects.filter(
        teacher=teacher, status=RecordStatus.SUBMITTED
    ).count()
    return {
        "hours": total,
        "hours_target": target,
        "hours_percent": _percent(total, target),
        "by_term": {term: dict(values) for term, values in sorted(by_term.items())},
        "credits": credits,
        "credit_target": Decimal(str(credit_target)) if credit_target is not None else None,
        "credits_percent": _percent(credits, credit_target),
        "credits_assigned": sorted(assigned),
        "pending_records": pending,
    }


def _percent(value: Decimal, target: Any) -> int | None:
    if not target:
        return None
    return min(100, int(Decimal(value) * 100 / Decimal(str(target))))
