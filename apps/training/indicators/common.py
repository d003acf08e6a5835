"""What the training evaluators share: the year's homeroom teachers of the schools, the
schools' ledger rows of a year, and the per-homeroom-teacher shape most of them take (the
share without a shortfall against a target share, naming who falls short)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import QuerySet

from apps.compliance.models import ResultStatus
from apps.compliance.registry import Context, Outcome
from apps.people.models import AssignmentRole, HomeroomAssignment
from apps.training.models import LedgerEntry

if TYPE_CHECKING:
    from apps.tenancy.models import School

MAX_NAMED = 30
SHORT = (ResultStatus.NOT_MET, ResultStatus.PARTLY_MET)


def _named(items: list[str]) -> list[str]:
    return (
        items
        if len(items) <= MAX_NAMED
        else [*items[:MAX_NAMED], f"……另有 {len(items) - MAX_NAMED} 人"]
    )


def _homeroom_teachers(schools: Sequence[School], school_year: int) -> dict[int, dict[int, str]]:
    """{school id: {teacher id: name}} of the year's homeroom teachers (one query)."""
    rows = (
        HomeroomAssignment.objects.filter(
            school__in=schools, school_year=school_year, role=AssignmentRole.HOMEROOM
        )
        .values_list("school_id", "teacher_id", "teacher__name")
        .order_by("school_id", "teacher__employee_no")
        .distinct()
    )
    teachers: dict[int, dict[int, str]] = defaultdict(dict)
    for school_id, teacher_id, name in rows:
        teachers[school_id][teacher_id] = name
    return teachers


def _ledger(schools: Sequence[School], school_year: int) -> QuerySet[LedgerEntry]:
    """The schools' ledger rows of a year, filtered the way the covering index
    (district, school_year, teacher) INCLUDE (semester, credit_class, hours) serves."""
    district_ids = {s.district_id for s in schools}
    return LedgerEntry.objects.filter(
        district_id__in=district_ids, school_year=school_year, school__in=schools
    )


def _share_outcome(
    done: int, total: int, target_share: Decimal, *, unit: str, goal: str, missing: list[str]
) -> Outcome:
    share = Decimal(done) / Decimal(total)
    status = (
        ResultStatus.MET if share >= target_share
        else ResultStatus.NOT_MET if done == 0
        else ResultStatus.PARTLY_MET
    )  # fmt: skip
    return Outcome(
        status,
        value=f"{done}/{total} {unit}（{share * 100:.0f}%）",
        target=f"{target_share * 100:.0f}% {goal}",
        missing=_named(missing),
    )


def _each_homeroom_teacher(
    ctx: Context,
    schools: Sequence[School],
    shortfall: Callable[[int, str], str | None],
    *,
    unit: str,
    goal: str,
    target_share: Decimal = Decimal(1),
    teachers: dict[int, dict[int, str]] | None = None,
) -> dict[int | None, Outcome]:
    """The common shape of the per-teacher indicators: for each school, its homeroom
    teachers of the year; `shortfall(teacher id, name)` says what one lacks (None when
    nothing); the share without a shortfall is measured against `target_share`.
    `teachers` is `_homeroom_teachers(...)` when the caller already read it."""
    if teachers is None:
        teachers = _homeroom_teachers(schools, ctx.school_year)
    outcomes: dict[int | None, Outcome] = {}
    for school in schools:
        mine = teachers.get(school.pk, {})
        if not mine:
            outcomes[school.pk] = Outcome(
                ResultStatus.NO_DATA, note=f"{ctx.school_year}学年没有班主任任职记录。"
            )
            continue
        missing = [m for tid, name in mine.items() if (m := shortfall(tid, name)) is not None]
        outcomes[school.pk] = _share_outcome(
            len(mine) - len(missing), len(mine), target_share, unit=unit, goal=goal, missing=missing
        )
    return outcomes


def _lacking(name: str, checks: Sequence[tuple[bool, str]]) -> str | None:
    lacks = [label for ok, label in checks if not ok]
    return f"{name}：缺{'、'.join(lacks)}" if lacks else None


def _due_at_year_end(
    ctx: Context, outcomes: dict[int | None, Outcome]
) -> dict[int | None, Outcome]:
    """POLICY "Periods": a rule per school year is judged once the year has ended (31
    August). Before that, a shortfall is `not_yet_due` — the value and who is missing stay,
    so a school sees how far each teacher is; a rule already met is shown met."""
    if ctx.as_of >= ctx.period.end:
        return outcomes
    note = f"本学年至 {ctx.period.end:%Y-%m-%d} 结束，届时判定是否达标；以下为目前进度。"
    for outcome in outcomes.values():
        if outcome.status in SHORT:
            outcome.status = ResultStatus.NOT_YET_DUE
            outcome.note = f"{note}{outcome.note}"
    return outcomes
