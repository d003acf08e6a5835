"""Evaluators of the schools' training activities: monthly problem-oriented research
sessions (XH26-A2-1) and joint sessions with ideological-political teachers (XH26-A2-4)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.db.models import Count
from django.db.models.functions import TruncMonth

from apps.compliance.models import ResultStatus
from apps.compliance.registry import Context, Outcome, evaluator
from apps.core.schoolyear import months_in
from apps.training.models import TrainingActivity

if TYPE_CHECKING:
    from apps.compliance.models import Indicator
    from apps.tenancy.models import School


@evaluator("training.monthly_sessions", kind="computed")
def monthly_sessions(
    ctx: Context, indicator: Indicator, params: dict[str, Any], schools: Sequence[School]
) -> dict[int | None, Outcome]:
    wanted = int(params.get("sessions_per_month", 1))
    last = min(ctx.as_of, ctx.period.end)
    months = [m for m in months_in(ctx.period) if dt.date(m[0], m[1], 1) <= last]
    counts: dict[tuple[int, int, int], int] = defaultdict(int)
    for row in (
        TrainingActivity.objects.filter(
            school__in=schools,
            is_research_session=True,
            date__gte=ctx.period.start,
            date__lte=last,
        )
        .annotate(month=TruncMonth("date"))
        .values("school_id", "month")
        .annotate(n=Count("id"))
        .order_by()
    ):
        counts[(row["school_id"], row["month"].year, row["month"].month)] = row["n"]
    outcomes: dict[int | None, Outcome] = {}
    for school in schools:
        short = [f"{y}年{m}月" for (y, m) in months if counts[(school.pk, y, m)] < wanted]
        held = len(months) - len(short)
        if not months:
            outcomes[school.pk] = Outcome(ResultStatus.NOT_YET_DUE, note="本学年尚未开始。")
            continue
        status = (
            ResultStatus.MET if not short
            else ResultStatus.NOT_MET if held == 0
            else ResultStatus.PARTLY_MET
        )  # fmt: skip
        outcomes[school.pk] = Outcome(
            status,
            value=f"{held}/{len(months)} 个月达到",
            target=f"每月不少于 {wanted} 次问题导向型研修",
            missing=[f"{month}无研修记录" for month in short],
        )
    return outcomes


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
