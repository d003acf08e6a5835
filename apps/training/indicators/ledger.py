"""Evaluators of the hours ledger: every homeroom teacher's yearly hours (PT24-HOURS,
LS15-YEAR-HOURS), the development archive (XH26-A3-1, PT24-ARCHIVE: training this year
and an achievement or honour), and moral-education cadres trained within n years
(XH26-CADRE)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Sum

from apps.compliance.models import ResultStatus
from apps.compliance.registry import Context, Outcome, evaluator
from apps.people.models import Teacher
from apps.training.models import ArchiveEntry, LedgerEntry
from apps.training.selectors.ledger import (
    hours_sources_label,
    sources_counted,
    with_earlier_stints,
)

from .common import (
    _due_at_year_end,
    _each_homeroom_teacher,
    _lacking,
    _share_outcome,
    homeroom_teachers_of,
    ledger_totals,
)

if TYPE_CHECKING:
    from apps.compliance.models import Indicator
    from apps.tenancy.models import School


@evaluator("training.yearly_hours", kind="computed")
def yearly_hours(
    ctx: Context, indicator: Indicator, params: dict[str, Any], schools: Sequence[School]
) -> dict[int | None, Outcome]:
    """PT24-HOURS, LS15-YEAR-HOURS: every homeroom teacher of the year has `min_hours`
    from the ledger rows of the pack's `sources` (PT24-HOURS: school-based training only;
    every row when the pack names none), the hours of a person's earlier stints this
    year included. A rule per school year: judged at its end."""
    minimum = Decimal(str(params["min_hours"]))
    sources = params.get("sources")
    counted = sources_counted(sources)
    teachers = homeroom_teachers_of(ctx, schools)
    ids = [t for mine in teachers.values() for t in mine]
    hours: dict[int, Decimal] = defaultdict(Decimal)
    for row in ledger_totals(ctx, schools):
        if counted is None or row.source in counted:
            hours[row.teacher_id] += row.hours
    # The person's total: a teacher who moved here in the year keeps the hours of their
    # earlier stints (ADR 0012).
    hours = with_earlier_stints(
        hours, teacher_ids=ids, school_year=ctx.school_year, sources=sources
    )

    def shortfall(teacher_id: int, name: str) -> str | None:
        done = hours.get(teacher_id, Decimal(0))
        return f"{name}：{done:.1f} 学时，差 {minimum - done:.1f}" if done < minimum else None

    outcomes = _each_homeroom_teacher(
        ctx,
        schools,
        shortfall,
        unit="名班主任达到",
        goal=f"班主任每学年 ≥ {minimum} 学时",
        teachers=teachers,
    )
    if sources is not None:
        label = f"计入：{hours_sources_label(sources)}。"
        for outcome in outcomes.values():
            outcome.note = f"{outcome.note}{label}" if outcome.note else label
    return _due_at_year_end(ctx, outcomes)


@evaluator("training.archive", kind="computed")
def archive(
    ctx: Context, indicator: Indicator, params: dict[str, Any], schools: Sequence[School]
) -> dict[int | None, Outcome]:
    teachers = homeroom_teachers_of(ctx, schools)
    ids = [tid for mine in teachers.values() for tid in mine]
    total: dict[int, Decimal] = defaultdict(Decimal)
    for row in ledger_totals(ctx, schools):
        total[row.teacher_id] += row.hours
    trained = {tid for tid, hours in total.items() if hours > 0}
    achieved = set(
        ArchiveEntry.objects.filter(teacher_id__in=ids)
        .values_list("teacher_id", flat=True)
        .distinct()
    )
    outcomes = _each_homeroom_teacher(
        ctx,
        schools,
        lambda tid, name: _lacking(
            name, ((tid in trained, "本学年研修记录"), (tid in achieved, "实绩或荣誉"))
        ),
        unit="名班主任档案完整",
        goal="每位班主任专业发展档案完整",
        teachers=teachers,
    )
    return _due_at_year_end(ctx, outcomes)


@evaluator("training.cadre", kind="computed")
def cadre(
    ctx: Context, indicator: Indicator, params: dict[str, Any], schools: Sequence[School]
) -> dict[int | None, Outcome]:
    years = int(params.get("within_years", 3))
    since = dt.date(ctx.as_of.year - years, ctx.as_of.month, min(ctx.as_of.day, 28))
    cadres = list(
        Teacher.objects.filter(school__in=schools, is_moral_cadre=True, is_active=True)
        .order_by("school_id", "employee_no")
        .values_list("school_id", "id", "name")
    )
    trained = set(
        LedgerEntry.objects.filter(
            teacher_id__in=[c[1] for c in cadres],
            is_cadre_training=True,
            date__gte=since,
            date__lte=ctx.as_of,
        )
        .values("teacher_id")
        .annotate(h=Sum("hours"))
        .filter(h__gt=0)
        .values_list("teacher_id", flat=True)
    )
    by_school: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for school_id, tid, name in cadres:
        by_school[school_id].append((tid, name))
    outcomes: dict[int | None, Outcome] = {}
    for school in schools:
        mine = by_school.get(school.pk, [])
        if not mine:
            outcomes[school.pk] = Outcome(ResultStatus.NO_DATA, note="本校没有登记德育干部。")
            continue
        missing = [
            f"{name}：{since:%Y-%m-%d} 以来未参加德育干部培训"
            for tid, name in mine
            if tid not in trained
        ]
        outcomes[school.pk] = _share_outcome(
            len(mine) - len(missing), len(mine), Decimal(1),
            unit="名德育干部已培训", goal=f"德育干部 {years} 年内全覆盖培训", missing=missing,
        )  # fmt: skip
    return outcomes
