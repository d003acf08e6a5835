"""Credits (PT24-CREDIT): the conversion of ledger hours into credits, the district's
rates and targets, the end-of-semester preview and assignments, backbone-training offsets
(XB23-CREDIT), and a teacher's progress towards the year's hours and credits.

The conversion: lecture-type hours and practice-type hours convert at the pack's rates,
each class on its own; the rounding is a parameter too ("floor": whole credits only, as
"每 10 课时计 1 学分" reads; "tenth": to 0.1 credit, rounded down).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import ROUND_DOWN, Decimal
from typing import Any

from django.db.models import QuerySet, Sum

from apps.people.models import Teacher
from apps.tenancy.models import District, School
from apps.training.models import (
    CreditAssignment,
    CreditClass,
    CreditOffset,
    ExternalTraining,
    LedgerEntry,
    RecordStatus,
)

from .common import district_parameters
from .ledger import ledger_totals

ROUNDINGS = ("floor", "tenth")
CREDIT_KEYS = ("lecture_hours_per_credit", "practice_hours_per_credit", "credit_rounding")
HOURS_TARGET_KEYS = ("min_hours_per_year", "yearly_special_training_min_hours")


# --------------------------------------------------------------------------- conversion


def convert(hours: Decimal, hours_per_credit: Any, rounding: str) -> Decimal:
    if hours <= 0:
        return Decimal(0)
    raw = Decimal(hours) / Decimal(str(hours_per_credit))
    if rounding == "tenth":
        return raw.quantize(Decimal("0.1"), rounding=ROUND_DOWN)
    if rounding == "floor":
        return raw.quantize(Decimal(1), rounding=ROUND_DOWN)
    raise ValueError(f"unknown credit rounding {rounding!r}; use one of {ROUNDINGS}")


def credits_for(lecture_hours: Decimal, practice_hours: Decimal, params: dict[str, Any]) -> Decimal:
    """Credits of one teacher for one semester, each class converted on its own."""
    rounding = str(params.get("credit_rounding", "floor"))
    return convert(lecture_hours, params["lecture_hours_per_credit"], rounding) + convert(
        practice_hours, params["practice_hours_per_credit"], rounding
    )


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


# --------------------------------------------------------------------------- school pages


def _term_credits(row: Teacher, term: int, params: dict[str, Any]) -> Decimal:
    """The officer's assignment of the term where made, else the conversion of its hours."""
    assigned = getattr(row, f"a{term}")
    if assigned is not None:
        return Decimal(assigned)
    lecture = max(getattr(row, f"l{term}"), Decimal(0))
    practice = max(getattr(row, f"p{term}"), Decimal(0))
    return credits_for(lecture, practice, params)


def with_credit_totals(
    rows: Iterable[Teacher], *, params: dict[str, Any] | None, semester: int | None = None
) -> list[Teacher]:
    """Attach `lecture`, `practice`, `total` and `credit_total` (per semester: the officer's
    assignment where made, else the pack's conversion of that semester's hours) to rows of
    `ledger_totals`, for the whole year or one semester. No queries."""
    terms = (semester,) if semester in (1, 2) else (1, 2)
    result = []
    for row in rows:
        lecture = sum((getattr(row, f"l{t}") for t in terms), Decimal(0))
        practice = sum((getattr(row, f"p{t}") for t in terms), Decimal(0))
        credits = (
            sum((_term_credits(row, t, params) for t in terms), Decimal(0)) if params else None
        )
        row.lecture = lecture  # type: ignore[attr-defined]
        row.practice = practice  # type: ignore[attr-defined]
        row.total = lecture + practice  # type: ignore[attr-defined]
        row.credit_total = credits  # type: ignore[attr-defined]
        row.credits_assigned = all(getattr(row, f"a{t}") is not None for t in terms)  # type: ignore[attr-defined]
        result.append(row)
    return result


def credit_preview(
    *, school: School, school_year: int, semester: int, params: dict[str, Any] | None
) -> list[Teacher]:
    """PT24-CREDIT preview: every active teacher (those the assignment covers) with the
    semester's hours by class, the credits the conversion gives now (`preview`) and what
    was assigned (`assigned`, None if not yet)."""
    rows = list(ledger_totals(school=school, school_year=school_year).filter(is_active=True))
    for row in rows:
        lecture = max(getattr(row, f"l{semester}"), Decimal(0))
        practice = max(getattr(row, f"p{semester}"), Decimal(0))
        row.lecture = lecture  # type: ignore[attr-defined]
        row.practice = practice  # type: ignore[attr-defined]
        row.preview = credits_for(lecture, practice, params) if params else None  # type: ignore[attr-defined]
        row.assigned = getattr(row, f"a{semester}")  # type: ignore[attr-defined]
    return rows


def credit_assignments_of(
    *, school: School, school_year: int, semester: int
) -> QuerySet[CreditAssignment]:
    return CreditAssignment.objects.filter(
        school=school, school_year=school_year, semester=semester
    ).select_related("assigned_by")


def credit_list(*, school: School) -> QuerySet[CreditAssignment]:
    return (
        CreditAssignment.objects.filter(school=school)
        .select_related("teacher")
        .order_by("-school_year", "-semester", "teacher__employee_no")
    )


def offset_candidates(*, school: School, school_year: int) -> list[dict[str, Any]]:
    """XB23-CREDIT: teachers with district backbone centralised training hours this year,
    and whether their offset is already recognised (two queries)."""
    rows = (
        LedgerEntry.objects.for_school(school)
        .filter(school_year=school_year, layer="backbone", activity__school__isnull=True)
        .values("teacher_id", "teacher__name", "teacher__employee_no")
        .annotate(hours=Sum("hours"))
        .filter(hours__gt=0)
        .order_by("teacher__employee_no")
    )
    recognised = dict(
        CreditOffset.objects.for_school(school)
        .filter(school_year=school_year)
        .values_list("teacher_id", "credits")
    )
    return [
        {
            "teacher_id": row["teacher_id"],
            "name": row["teacher__name"],
            "employee_no": row["teacher__employee_no"],
            "hours": row["hours"],
            "offset": recognised.get(row["teacher_id"]),
        }
        for row in rows
    ]


# --------------------------------------------------------------------------- a teacher's progress


def _hours_by_term(teacher: Teacher, school_year: int) -> dict[int, dict[str, Decimal]]:
    by_term: dict[int, dict[str, Decimal]] = defaultdict(
        lambda: {CreditClass.LECTURE: Decimal(0), CreditClass.PRACTICE: Decimal(0)}
    )
    for row in (
        LedgerEntry.objects.filter(teacher=teacher, school_year=school_year)
        .values("semester", "credit_class")
        .annotate(hours=Sum("hours"))
        .order_by()
    ):
        by_term[row["semester"]][row["credit_class"]] += row["hours"]
    return by_term


def _year_credits(
    teacher: Teacher,
    school_year: int,
    by_term: dict[int, dict[str, Decimal]],
    assigned: dict[int, Decimal],
) -> Decimal:
    """Per semester the officer's assignment, else the conversion of its hours (when the
    packs define one); plus the recognised offsets."""
    conversion = credit_params(district=teacher.district)
    credits = Decimal(0)
    for term in (1, 2):
        if term in assigned:
            credits += assigned[term]
        elif conversion and term in by_term:
            credits += credits_for(
                by_term[term][CreditClass.LECTURE], by_term[term][CreditClass.PRACTICE], conversion
            )
    offsets = CreditOffset.objects.filter(teacher=teacher, school_year=school_year).aggregate(
        total=Sum("credits")
    )["total"]
    return credits + (offsets or Decimal(0))


def teacher_progress(*, teacher: Teacher, school_year: int) -> dict[str, Any]:
    """The teacher home's numbers: hours this year (by semester and class), credits
    (assigned where the officer did, else as converted now), against the pack's targets."""
    by_term = _hours_by_term(teacher, school_year)
    total = sum((sum(v.values(), Decimal(0)) for v in by_term.values()), Decimal(0))
    target = yearly_hours_target(district=teacher.district)
    assigned = {
        c.semester: c.credits
        for c in CreditAssignment.objects.filter(teacher=teacher, school_year=school_year)
    }
    credits = _year_credits(teacher, school_year, by_term, assigned)
    credit_target = district_parameters(district=teacher.district).get(
        "designated_credits_per_year"
    )
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


def progress_missing(progress: dict[str, Any]) -> list[str]:
    """What still stands between the teacher and this year's targets (as in
    `teacher_progress`), e.g. ["学时 12.0", "学分 2.0"]; empty when nothing is short or
    the packs set no target."""
    missing = []
    target = progress.get("hours_target")
    if target is not None and progress["hours"] < target:
        missing.append(f"学时 {target - progress['hours']:.1f}")
    credit_target = progress.get("credit_target")
    if credit_target is not None and progress["credits"] < credit_target:
        missing.append(f"学分 {credit_target - progress['credits']:.1f}")
    return missing
