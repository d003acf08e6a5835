"""Evaluators of credits: every homeroom teacher reaches the district-designated credits
(XH26-A2-3: converted from the ledger by the pack's rates, or as the officer assigned
them, plus recognised offsets), and credits are assigned for every finished semester
(PT24-CREDIT)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Sum

from apps.compliance.models import ResultStatus
from apps.compliance.registry import Context, Outcome, evaluator
from apps.core.schoolyear import semester
from apps.training.models import CreditAssignment, CreditOffset
from apps.training.selectors.credits import credits_for

from .common import _each_homeroom_teacher, _homeroom_teachers, _ledger, _share_outcome

if TYPE_CHECKING:
    from apps.compliance.models import Indicator
    from apps.tenancy.models import School


def _credits_by_teacher(
    schools: Sequence[School], school_year: int, params: dict[str, Any]
) -> dict[int, Decimal]:
    """Credits per teacher for the year: the officer's assignment for a semester where it
    exists, else the conversion of that semester's ledger hours, plus recognised offsets
    (XB23-CREDIT) — three queries."""
    assigned: dict[tuple[int, int], Decimal] = {
        (c.teacher_id, c.semester): c.credits
        for c in CreditAssignment.objects.filter(school__in=schools, school_year=school_year).only(
            "teacher_id", "semester", "credits"
        )
    }
    hours: dict[tuple[int, int], dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for row in (
        _ledger(schools, school_year)
        .values("teacher_id", "semester", "credit_class")
        .annotate(h=Sum("hours"))
        .order_by()
    ):
        hours[(row["teacher_id"], row["semester"])][row["credit_class"]] += row["h"]
    credits: dict[int, Decimal] = defaultdict(Decimal)
    for key in set(assigned) | set(hours):
        teacher_id, _term = key
        if key in assigned:
            credits[teacher_id] += assigned[key]
        else:
            by_class = hours[key]
            credits[teacher_id] += credits_for(by_class["lecture"], by_class["practice"], params)
    for teacher_id, offset in CreditOffset.objects.filter(
        school__in=schools, school_year=school_year
    ).values_list("teacher_id", "credits"):
        credits[teacher_id] += offset
    return credits


@evaluator("training.credit_completion", kind="computed")
def credit_completion(
    ctx: Context, indicator: Indicator, params: dict[str, Any], schools: Sequence[School]
) -> dict[int | None, Outcome]:
    required = Decimal(str(params["credits_per_year"]))
    credits = _credits_by_teacher(schools, ctx.school_year, params)

    def shortfall(teacher_id: int, name: str) -> str | None:
        earned = credits.get(teacher_id, Decimal(0))
        return f"{name}：{earned} 学分，差 {required - earned}" if earned < required else None

    return _each_homeroom_teacher(
        ctx,
        schools,
        shortfall,
        unit="名班主任完成",
        goal=f"班主任完成区级指定 {required} 学分",
        target_share=Decimal(str(params.get("completion_target", 1))),
    )


@evaluator("training.credit_assignment", kind="computed")
def credit_assignment(
    ctx: Context, indicator: Indicator, params: dict[str, Any], schools: Sequence[School]
) -> dict[int | None, Outcome]:
    """Credits assigned at the end of every semester that has ended by the reference date."""
    ended = [n for n in (1, 2) if semester(ctx.school_year, n).end < ctx.as_of]
    if not ended:
        return {
            s.pk: Outcome(ResultStatus.NOT_YET_DUE, note="本学年尚无已结束的学期。")
            for s in schools
        }
    teachers = _homeroom_teachers(schools, ctx.school_year)
    done = set(
        CreditAssignment.objects.filter(
            school__in=schools, school_year=ctx.school_year, semester__in=ended
        ).values_list("teacher_id", "semester")
    )
    outcomes: dict[int | None, Outcome] = {}
    for school in schools:
        mine = teachers.get(school.pk, {})
        if not mine:
            outcomes[school.pk] = Outcome(
                ResultStatus.NO_DATA, note=f"{ctx.school_year}学年没有班主任任职记录。"
            )
            continue
        short = [
            f"{name}：第{'一二'[term - 1]}学期未赋分"
            for tid, name in mine.items()
            for term in ended
            if (tid, term) not in done
        ]
        complete = sum(all((tid, t) in done for t in ended) for tid in mine)
        outcomes[school.pk] = _share_outcome(
            complete,
            len(mine),
            Decimal(1),
            unit="名班主任已赋分",
            goal="学期末完成赋分",
            missing=short,
        )
    return outcomes
