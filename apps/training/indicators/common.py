"""What the training evaluators share: the year's homeroom teachers of the schools, the
schools' ledger of a year aggregated once per run (`ledger_totals`), and the
per-homeroom-teacher shape most of them take (the share without a shortfall against a
target share, naming who falls short).

Within a run both reads are shared through the run's cache (`Context.shared`): one
query each per run, whatever the number of indicators reading them, and for a whole
district's run filtered by the district (the ledger's covering index) rather than by a
list of its schools."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, NamedTuple

from django.db.models import QuerySet, Sum

from apps.compliance.models import ResultStatus
from apps.compliance.registry import Context, Outcome
from apps.people.models import AssignmentRole, HomeroomAssignment
from apps.training.models import LedgerEntry
from apps.training.selectors.ledger import hours_source

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
    return _teachers_by_school(
        HomeroomAssignment.objects.filter(
            school__in=schools, school_year=school_year, role=AssignmentRole.HOMEROOM
        )
    )


def _teachers_by_school(assignments: QuerySet[HomeroomAssignment]) -> dict[int, dict[int, str]]:
    rows = (
        assignments.values_list("school_id", "teacher_id", "teacher__name")
        .order_by("school_id", "teacher__employee_no")
        .distinct()
    )
    teachers: dict[int, dict[int, str]] = defaultdict(dict)
    for school_id, teacher_id, name in rows:
        teachers[school_id][teacher_id] = name
    return teachers


def homeroom_teachers_of(ctx: Context, schools: Sequence[School]) -> dict[int, dict[int, str]]:
    """`_homeroom_teachers` of these schools, read once per run for the run's schools."""
    whole, ids = ctx.run_scope(schools)

    def read() -> dict[int, dict[int, str]]:
        rows = HomeroomAssignment.objects.filter(
            school_year=ctx.school_year, role=AssignmentRole.HOMEROOM
        )
        rows = rows.filter(district=ctx.district) if whole else rows.filter(school_id__in=ids)
        return _teachers_by_school(rows)

    everyone = ctx.shared(("training.homeroom_teachers", ctx.school_year, whole, ids), read)
    wanted = {s.pk for s in schools}
    return {school_id: mine for school_id, mine in everyone.items() if school_id in wanted}


class LedgerTotal(NamedTuple):
    """A year's hours of one teacher at one school, per semester, credit class, layer and
    source (`selectors.ledger.hours_source`)."""

    school_id: int
    teacher_id: int
    semester: int
    credit_class: str
    layer: str
    source: str
    hours: Decimal


def read_ledger_totals(
    *, school_year: int, district_id: int | None = None, school_ids: frozenset[int] = frozenset()
) -> list[LedgerTotal]:
    """One aggregate over the year's ledger of a district (`district_id`: the covering
    index's predicate) or of some schools."""
    rows = LedgerEntry.objects.filter(school_year=school_year)
    if district_id is not None:
        rows = rows.filter(district_id=district_id)
    else:
        rows = rows.filter(school_id__in=school_ids)
    fields = ("school_id", "teacher_id", "semester", "credit_class", "layer", "source")
    return [
        LedgerTotal(*row)
        for row in rows.annotate(source=hours_source())
        .values(*fields)
        .annotate(h=Sum("hours"))
        .order_by()
        .values_list(*fields, "h")
    ]


def ledger_totals(ctx: Context, schools: Sequence[School]) -> list[LedgerTotal]:
    """The year's ledger totals of these schools: one aggregate per run (for the run's
    schools, by its district when it covers all of them), filtered here."""
    whole, ids = ctx.run_scope(schools)
    everything = ctx.shared(
        ("training.ledger_totals", ctx.school_year, whole, ids),
        lambda: read_ledger_totals(
            school_year=ctx.school_year,
            district_id=ctx.district.pk if whole else None,
            school_ids=ids,
        ),
    )
    if not whole and ids == {s.pk for s in schools}:
        return everything
    wanted = {s.pk for s in schools}
    return [row for row in everything if row.school_id in wanted]


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
        teachers = homeroom_teachers_of(ctx, schools)
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
