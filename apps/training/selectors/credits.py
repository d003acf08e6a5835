"""Credits (PT24-CREDIT): the conversion of ledger hours into credits, the district's
rates and targets, the end-of-semester preview and assignments, backbone-training offsets
(XB23-CREDIT), and a teacher's progress towards the year's hours and credits.

The conversion: lecture-type hours and practice-type hours convert at the pack's rates,
each class on its own; the rounding is a parameter too ("floor": whole credits only, as
"每 10 课时计 1 学分" reads; "tenth": to 0.1 credit, rounded down).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from decimal import ROUND_DOWN, Decimal
from typing import Any

from django.db.models import QuerySet, Sum

from apps.core.schoolyear import semester, today
from apps.people import selectors as people_selectors
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
from .ledger import hours_sources_filter, hours_sources_label, ledger_totals
from .offsets import backbone_completion, cohort_offsets, completion_text, offset_rule

ROUNDINGS = ("floor", "tenth")
CREDIT_KEYS = ("lecture_hours_per_credit", "practice_hours_per_credit", "credit_rounding")
HOURS_TARGET_KEYS = ("min_hours_per_year", "yearly_special_training_min_hours")
# The ledger sources each yearly-hours target counts (PT24-HOURS: school-based only).
HOURS_SOURCE_KEYS = {
    "min_hours_per_year": "school_based_hours_sources",
    "yearly_special_training_min_hours": "yearly_special_training_sources",
}


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


def credit_assignment_opens(*, district: District, school_year: int, term: int) -> dt.date:
    """PT24-CREDIT "每学期末赋分": the first day credits for the semester may be assigned —
    the first of the month `credit_assignment_opens_months_before_end` months before its
    end counts from (1: the semester's last month); the semester's first day when the packs
    set no window (a semester not yet begun is never open)."""
    period = semester(school_year, term)
    months = district_parameters(district=district).get("credit_assignment_opens_months_before_end")
    if months is None:
        return period.start
    year, month = period.end.year, period.end.month - (int(months) - 1)
    while month < 1:
        year, month = year - 1, month + 12
    return max(dt.date(year, month, 1), period.start)


def yearly_hours_target(*, district: District) -> Decimal | None:
    return yearly_hours_rule(district=district)[0]


def yearly_hours_rule(*, district: District) -> tuple[Decimal | None, list[str] | None]:
    """The yearly hours target in force and the ledger sources it counts (None: all)."""
    params = district_parameters(district=district)
    for key in HOURS_TARGET_KEYS:
        if key in params:
            sources = params.get(HOURS_SOURCE_KEYS[key])
            return Decimal(str(params[key])), list(sources) if sources is not None else None
    return None, None


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


def teacher_credits(*, teacher: Teacher) -> QuerySet[CreditAssignment]:
    """A teacher's credits as assigned per semester, oldest first (the archive)."""
    return CreditAssignment.objects.filter(teacher=teacher).order_by("school_year", "semester")


def credit_list(*, school: School) -> QuerySet[CreditAssignment]:
    return (
        CreditAssignment.objects.filter(school=school)
        .select_related("teacher")
        .order_by("-school_year", "-semester", "teacher__employee_no")
    )


def offset_candidates(*, school: School, school_year: int) -> list[dict[str, Any]]:
    """XB23-CREDIT: the school's teachers with district backbone centralised training in
    the cohort, whether they completed it (`selectors.offsets`) and the offset recognised
    for them in the cohort, if any (four queries). Empty when the packs set no offset."""
    rule = offset_rule(district_parameters(district=school.district))
    if rule is None:
        return []
    done = backbone_completion(
        rule=rule, district_ids=[school.district_id], schools=[school], as_of=today()
    )
    offsets = cohort_offsets(rule=rule, teacher_ids=done)
    rows = []
    for teacher_id, name, employee_no in (
        Teacher.objects.filter(pk__in=list(done))
        .order_by("employee_no")
        .values_list("id", "name", "employee_no")
    ):
        completion, offset = done[teacher_id], offsets.get(teacher_id)
        rows.append(
            {
                "teacher_id": teacher_id,
                "name": name,
                "employee_no": employee_no,
                "hours": completion.hours,
                "attendance": completion_text(completion, rule),
                "completed": completion.completed,
                "offset": offset.credits if offset else None,
                "offset_year": offset.school_year if offset else None,
                "category": rule.category,
            }
        )
    return rows


# --------------------------------------------------------------------------- a teacher's progress


def _hours_by_term(stints: list[int], school_year: int) -> dict[int, dict[str, Decimal]]:
    by_term: dict[int, dict[str, Decimal]] = defaultdict(
        lambda: {CreditClass.LECTURE: Decimal(0), CreditClass.PRACTICE: Decimal(0)}
    )
    for row in (
        LedgerEntry.objects.filter(teacher_id__in=stints, school_year=school_year)
        .values("semester", "credit_class")
        .annotate(hours=Sum("hours"))
        .order_by()
    ):
        by_term[row["semester"]][row["credit_class"]] += row["hours"]
    return by_term


def _offsets(stints: list[int], school_year: int) -> list[CreditOffset]:
    return list(CreditOffset.objects.filter(teacher_id__in=stints, school_year=school_year))


def _credit_terms(
    by_term: dict[int, dict[str, Decimal]],
    assigned: dict[int, Decimal],
    conversion: dict[str, Any] | None,
) -> list[dict[str, Any]]:
    """Per semester with hours or an assignment: each class's hours and the credits the
    pack's conversion gives them, and what the officer assigned (which then counts)."""
    rounding = str((conversion or {}).get("credit_rounding", "floor"))
    terms = []
    for term in sorted(set(by_term) | set(assigned)):
        hours = by_term.get(term, {})
        lecture = max(hours.get(CreditClass.LECTURE, Decimal(0)), Decimal(0))
        practice = max(hours.get(CreditClass.PRACTICE, Decimal(0)), Decimal(0))
        row: dict[str, Any] = {"term": term, "lecture": lecture, "practice": practice}
        if conversion:
            row["lecture_credits"] = convert(
                lecture, conversion["lecture_hours_per_credit"], rounding
            )
            row["practice_credits"] = convert(
                practice, conversion["practice_hours_per_credit"], rounding
            )
            row["converted"] = row["lecture_credits"] + row["practice_credits"]
        row["assigned"] = assigned.get(term)
        row["credits"] = row["assigned"] if term in assigned else row.get("converted")
        terms.append(row)
    return terms


def _counted_hours(stints: list[int], school_year: int, sources: list[str] | None) -> Decimal:
    total = (
        LedgerEntry.objects.filter(teacher_id__in=stints, school_year=school_year)
        .filter(hours_sources_filter(sources))
        .aggregate(h=Sum("hours"))["h"]
    )
    return total or Decimal(0)


def teacher_progress(*, teacher: Teacher, school_year: int) -> dict[str, Any]:
    """The teacher home's numbers: hours this year that count towards the pack's yearly
    target (`hours`; PT24-HOURS counts school-based training only) and all hours
    (`all_hours`, by semester and class in `by_term`); credits (per semester the officer's
    assignment where made, else the conversion of its hours — `credit_terms` shows the
    arithmetic — plus recognised offsets) against the pack's targets.

    The person's totals (ADR 0012): a teacher who moved here counts the rows of their
    earlier stints too (`earlier`: the hours earned at each earlier school this year), so
    a move in the middle of the year does not cost them the year's target; the targets
    are this school's district's."""
    earlier = list(people_selectors.earlier_stints(teacher=teacher))
    stints = [teacher.pk, *(stint.pk for stint in earlier)]
    by_term = _hours_by_term(stints, school_year)
    all_hours = sum((sum(v.values(), Decimal(0)) for v in by_term.values()), Decimal(0))
    target, sources = yearly_hours_rule(district=teacher.district)
    hours = all_hours if sources is None else _counted_hours(stints, school_year, sources)
    assigned: dict[int, Decimal] = defaultdict(Decimal)
    for assignment in CreditAssignment.objects.filter(
        teacher_id__in=stints, school_year=school_year
    ):
        assigned[assignment.semester] += assignment.credits
    conversion = credit_params(district=teacher.district)
    terms = _credit_terms(by_term, dict(assigned), conversion)
    offsets = _offsets(stints, school_year)
    credits = sum((t["credits"] or Decimal(0) for t in terms), Decimal(0)) + sum(
        (o.credits for o in offsets), Decimal(0)
    )
    credit_target = district_parameters(district=teacher.district).get(
        "designated_credits_per_year"
    )
    pending = ExternalTraining.objects.filter(
        teacher=teacher, status=RecordStatus.SUBMITTED
    ).count()
    earned = _hours_of_stints(earlier, school_year)
    return {
        "hours": hours,
        "all_hours": all_hours,
        "hours_sources": hours_sources_label(sources) if sources is not None else None,
        "hours_target": target,
        "hours_percent": _percent(hours, target),
        "by_term": {term: dict(values) for term, values in sorted(by_term.items())},
        "credits": credits,
        "credit_target": Decimal(str(credit_target)) if credit_target is not None else None,
        "credits_percent": _percent(credits, credit_target),
        "credits_assigned": sorted(assigned),
        "conversion": conversion,
        "credit_terms": terms,
        "offsets": offsets,
        "pending_records": pending,
        "earlier": [
            {"school": stint.school.name, "ended_on": stint.ended_on, "hours": earned[stint.pk]}
            for stint in earlier
            if stint.pk in earned
        ],
    }


def _hours_of_stints(stints: list[Teacher], school_year: int) -> dict[int, Decimal]:
    """{stint id: all its hours of the year} (one query; none for no stints)."""
    if not stints:
        return {}
    return dict(
        LedgerEntry.objects.filter(teacher__in=stints, school_year=school_year)
        .values("teacher_id")
        .annotate(h=Sum("hours"))
        .order_by()
        .values_list("teacher_id", "h")
    )


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
