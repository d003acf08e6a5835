"""Evaluators of credits: every homeroom teacher reaches the district-designated credits
(XH26-A2-3: converted from the ledger by the pack's rates, or as the officer assigned
them, plus recognised offsets), credits are assigned for every finished semester
(PT24-CREDIT), and the backbone centralised training's offset is recognised for those
who completed it (XB23-CREDIT)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from apps.compliance.models import ResultStatus
from apps.compliance.registry import Context, Outcome, evaluator
from apps.core.schoolyear import semester
from apps.people.models import Teacher
from apps.training.models import CreditAssignment, CreditOffset
from apps.training.selectors.credits import credits_for
from apps.training.selectors.offsets import (
    backbone_completion,
    cohort_offsets,
    completion_text,
    offset_rule,
)

from .common import (
    LedgerTotal,
    _due_at_year_end,
    _each_homeroom_teacher,
    _share_outcome,
    homeroom_teachers_of,
    ledger_totals,
    read_ledger_totals,
)

if TYPE_CHECKING:
    from apps.compliance.models import Indicator
    from apps.tenancy.models import School


def _credits_by_teacher(
    schools: Sequence[School],
    school_year: int,
    params: dict[str, Any],
    totals: Sequence[LedgerTotal] | None = None,
) -> dict[int, Decimal]:
    """Credits per teacher for the year: the officer's assignment for a semester where it
    exists, else the conversion of that semester's ledger hours, plus recognised offsets
    (XB23-CREDIT) — three queries, two when the run's `ledger_totals` are given."""
    if totals is None:
        totals = read_ledger_totals(
            school_year=school_year, school_ids=frozenset(s.pk for s in schools)
        )
    assigned: dict[tuple[int, int], Decimal] = {
        (c.teacher_id, c.semester): c.credits
        for c in CreditAssignment.objects.filter(school__in=schools, school_year=school_year).only(
            "teacher_id", "semester", "credits"
        )
    }
    hours: dict[tuple[int, int], dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for row in totals:
        hours[(row.teacher_id, row.semester)][row.credit_class] += row.hours
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
    credits = _credits_by_teacher(
        schools, ctx.school_year, params, totals=ledger_totals(ctx, schools)
    )

    def shortfall(teacher_id: int, name: str) -> str | None:
        earned = credits.get(teacher_id, Decimal(0))
        return f"{name}：{earned} 学分，差 {required - earned}" if earned < required else None

    outcomes = _each_homeroom_teacher(
        ctx,
        schools,
        shortfall,
        unit="名班主任完成",
        goal=f"班主任完成区级指定 {required} 学分",
        target_share=Decimal(str(params.get("completion_target", 1))),
    )
    return _due_at_year_end(ctx, outcomes)


def _semester_ended(ctx: Context, term: int) -> bool:
    """POLICY "Periods": judged once the semester has ended — on its last day too when
    that is the end of the run's school year (a past year's run is as of its last day)."""
    end = semester(ctx.school_year, term).end
    return end < ctx.as_of or ctx.as_of >= ctx.period.end


@evaluator("training.credit_assignment", kind="computed", per_semester=True)
def credit_assignment(
    ctx: Context, indicator: Indicator, params: dict[str, Any], schools: Sequence[School]
) -> dict[int | None, Outcome]:
    """Credits assigned at the end of every semester that has ended by the reference date
    — or, asked about one semester (`ctx.semester`), at the end of that one."""
    terms = [ctx.semester] if ctx.semester else [1, 2]
    ended = [n for n in terms if _semester_ended(ctx, n)]
    if not ended:
        note = (
            f"{semester(ctx.school_year, ctx.semester).label}尚未结束，学期末赋分。"
            if ctx.semester
            else "本学年尚无已结束的学期。"
        )
        return {s.pk: Outcome(ResultStatus.NOT_YET_DUE, note=note) for s in schools}
    teachers = homeroom_teachers_of(ctx, schools)
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


@evaluator("training.credit_offsets", kind="computed")
def credit_offsets(
    ctx: Context, indicator: Indicator, params: dict[str, Any], schools: Sequence[School]
) -> dict[int | None, Outcome]:
    """XB23-CREDIT: every teacher of the school who completed the district backbone
    centralised training has the offset recognised, once in the cohort (`selectors.offsets`
    says what completing means). Before the training phase ends nobody can have completed
    it: not yet due. Four queries."""
    rule = offset_rule(params)
    assert rule is not None, "XB23-CREDIT needs training_credit_offset"
    as_of = min(ctx.as_of, rule.cohort.end)
    if ctx.as_of <= rule.training_ends:
        note = f"区级骨干集中培训至 {rule.training_ends:%Y-%m-%d} 结束，结束后认定冲抵学分。"
        return {s.pk: Outcome(ResultStatus.NOT_YET_DUE, note=note) for s in schools}
    done = backbone_completion(
        rule=rule, district_ids={s.district_id for s in schools}, schools=schools, as_of=as_of
    )
    completed = [tid for tid, c in done.items() if c.completed]
    teachers = {
        tid: (school_id, name)
        for tid, school_id, name in Teacher.objects.filter(pk__in=completed)
        .order_by("employee_no")
        .values_list("id", "school_id", "name")
    }
    offsets = cohort_offsets(rule=rule, teacher_ids=completed)
    by_school: dict[int, list[int]] = defaultdict(list)
    for tid, (school_id, _name) in teachers.items():
        by_school[school_id].append(tid)
    outcomes: dict[int | None, Outcome] = {}
    for school in schools:
        mine = by_school.get(school.pk, [])
        if not mine:
            outcomes[school.pk] = Outcome(
                ResultStatus.NOT_APPLICABLE, note="本校没有完成区级骨干集中培训的教师。"
            )
            continue
        missing = [
            f"{teachers[tid][1]}：已完成区级骨干集中培训（{completion_text(done[tid], rule)}），"
            f"尚未认定冲抵“{rule.category}”{rule.credits} 学分"
            for tid in mine
            if tid not in offsets
        ]
        goal = f"完成集中培训者冲抵“{rule.category}”培训 {rule.credits} 学分"
        outcome = _share_outcome(
            len(mine) - len(missing), len(mine), Decimal(1),
            unit="名已认定冲抵", goal=goal, missing=missing,
        )  # fmt: skip
        outcome.evidence = [
            {"type": "credit_offset", "id": offsets[tid].pk, "label": teachers[tid][1]}
            for tid in mine
            if tid in offsets
        ]
        outcomes[school.pk] = outcome
    return outcomes
