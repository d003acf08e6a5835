"""Evaluators of the schools' training activities: monthly problem-oriented research
sessions (XH26-A2-1) and joint sessions with ideological-political teachers (XH26-A2-4)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.db.models import Count

from apps.compliance.models import ResultStatus
from apps.compliance.registry import Context, Outcome, evaluator
from apps.core.schoolyear import months_judged
from apps.training.models import TrainingActivity
from apps.training.selectors.counting import counting_research_sessions

if TYPE_CHECKING:
    from apps.compliance.models import Indicator
    from apps.tenancy.models import School


@evaluator("training.monthly_sessions", kind="computed")
def monthly_sessions(
    ctx: Context, indicator: Indicator, params: dict[str, Any], schools: Sequence[School]
) -> dict[int | None, Outcome]:
    """XH26-A2-1: at least the pack's number of research sessions every month, a session
    counting by its structure (`services.research`). A month is judged once it has ended
    (POLICY "Periods"); the month in progress is shown, not missed; months before the plan
    took effect do not count."""
    wanted = int(params["sessions_per_month"])
    ended, current = months_judged(ctx.period, since=ctx.counts_from, as_of=ctx.as_of)
    last = min(ctx.as_of, ctx.period.end)
    counts = _sessions_by_month(schools, ctx.counts_from, last, params, ctx.school_year)
    outcomes: dict[int | None, Outcome] = {}
    for school in schools:
        held_now = current is not None and counts[(school.pk, *current)] >= wanted
        judged = [*ended, current] if held_now and current else ended
        short = [f"{y}年{m}月" for (y, m) in ended if counts[(school.pk, y, m)] < wanted]
        note = _month_in_progress_note(current, held_now)
        if not judged:
            outcomes[school.pk] = Outcome(
                ResultStatus.NOT_YET_DUE, note=note or "本学年尚无已结束的月份。"
            )
            continue
        held = len(judged) - len(short)
        status = (
            ResultStatus.MET if not short
            else ResultStatus.NOT_MET if held == 0
            else ResultStatus.PARTLY_MET
        )  # fmt: skip
        outcomes[school.pk] = Outcome(
            status,
            value=f"{held}/{len(judged)} 个月达到",
            target=f"每月不少于 {wanted} 次问题导向型研修",
            missing=[f"{month}无研修记录" for month in short],
            note=note,
        )
    return outcomes


def _sessions_by_month(
    schools: Sequence[School], start: dt.date, end: dt.date, params: dict[str, Any], year: int
) -> dict[tuple[int, int, int], int]:
    """{(school id, year, month): research sessions that count} in one query."""
    sessions = TrainingActivity.objects.filter(school__in=schools, date__gte=start, date__lte=end)
    rows = counting_research_sessions(sessions, params, year).values_list("school_id", "date")
    counts: dict[tuple[int, int, int], int] = defaultdict(int)
    for school_id, day in rows:
        counts[(school_id, day.year, day.month)] += 1
    return counts


def _month_in_progress_note(current: tuple[int, int] | None, held: bool) -> str:
    if current is None:
        return ""
    year, month = current
    if held:
        return f"{year}年{month}月（本月）已开展。"
    return f"{year}年{month}月尚未结束：本月尚未开展，不计为缺失。"


@evaluator("training.joint_sessions", kind="computed")
def joint_sessions(
    ctx: Context, indicator: Indicator, params: dict[str, Any], schools: Sequence[School]
) -> dict[int | None, Outcome]:
    wanted = int(params.get("min_per_year", 1))
    counts = dict(
        TrainingActivity.objects.filter(
            school__in=schools,
            is_joint_ideological=True,
            date__gte=ctx.period.start,
            date__lte=ctx.period.end,
        )
        .values("school_id")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("school_id", "n")
    )
    outcomes: dict[int | None, Outcome] = {}
    for school in schools:
        held = counts.get(school.pk, 0)
        outcomes[school.pk] = Outcome(
            ResultStatus.MET if held >= wanted else ResultStatus.NOT_MET,
            value=f"{held} 次",
            target=f"每学年 ≥ {wanted} 次",
            missing=[]
            if held >= wanted
            else ["本学年尚无与思政课教师共同研究学生思想动态的研修记录"],
        )
    return outcomes
