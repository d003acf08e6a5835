"""Training evaluators registered into the compliance engine (set-based: a few aggregate
queries for all schools of a district).

* `training.monthly_sessions` — XH26-A2-1 (part): ≥ n problem-oriented research sessions
  recorded by the school each month of the school year up to the reference date; the
  missing months are named.
* `training.yearly_hours` — PT24-HOURS, LS15-YEAR-HOURS: every homeroom teacher of the year
  has at least `min_hours` in the ledger this school year.
* `training.credit_completion` — XH26-A2-3: every homeroom teacher reaches the
  district-designated credits this year (credits converted from the ledger by the pack's
  rates, or as the training officer assigned them).
* `training.credit_assignment` — PT24-CREDIT: credits assigned for every finished semester.
* `training.joint_sessions` — XH26-A2-4 (part): joint sessions with ideological-political
  teachers this year.
* `training.archive` — XH26-A3-1, PT24-ARCHIVE: every homeroom teacher has training in the
  ledger this year and at least one achievement or honour in the archive.
* `training.cadre` — XH26-CADRE: every moral-education cadre trained within n years.
* `training.evaluation` — PT24-EVAL: process and outcome evaluation for every homeroom teacher.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Max, QuerySet, Sum
from django.db.models.functions import TruncMonth

from apps.compliance.models import ResultStatus
from apps.compliance.registry import Context, Outcome, data_source, evaluator
from apps.core.schoolyear import months_in, semester
from apps.people.models import AssignmentRole, HomeroomAssignment, Teacher
from apps.tenancy.models import District

from .credits import credits_for
from .models import (
    OUTCOME_KINDS,
    PROCESS_KINDS,
    ArchiveEntry,
    CreditAssignment,
    CreditOffset,
    EvaluationRecord,
    LedgerEntry,
    TrainingActivity,
)

if TYPE_CHECKING:
    from apps.compliance.models import Indicator
    from apps.tenancy.models import School

MAX_NAMED = 30


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


@evaluator("training.yearly_hours", kind="computed")
def yearly_hours(
    ctx: Context, indicator: Indicator, params: dict[str, Any], schools: Sequence[School]
) -> dict[int | None, Outcome]:
    minimum = Decimal(str(params["min_hours"]))
    teachers = _homeroom_teachers(schools, ctx.school_year)
    ids = [t for mine in teachers.values() for t in mine]
    hours = dict(
        _ledger(schools, ctx.school_year)
        .filter(teacher_id__in=ids)
        .values("teacher_id")
        .annotate(h=Sum("hours"))
        .order_by()
        .values_list("teacher_id", "h")
    )

    def shortfall(teacher_id: int, name: str) -> str | None:
        done = hours.get(teacher_id, Decimal(0))
        return f"{name}：{done:.1f} 学时，差 {minimum - done:.1f}" if done < minimum else None

    return _each_homeroom_teacher(
        ctx,
        schools,
        shortfall,
        unit="名班主任达到",
        goal=f"班主任每学年 ≥ {minimum} 学时",
        teachers=teachers,
    )


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


@evaluator("training.archive", kind="computed")
def archive(
    ctx: Context, indicator: Indicator, params: dict[str, Any], schools: Sequence[School]
) -> dict[int | None, Outcome]:
    teachers = _homeroom_teachers(schools, ctx.school_year)
    ids = [tid for mine in teachers.values() for tid in mine]
    trained = set(
        _ledger(schools, ctx.school_year)
        .filter(teacher_id__in=ids)
        .values("teacher_id")
        .annotate(h=Sum("hours"))
        .filter(h__gt=0)
        .values_list("teacher_id", flat=True)
    )
    achieved = set(
        ArchiveEntry.objects.filter(teacher_id__in=ids)
        .values_list("teacher_id", flat=True)
        .distinct()
    )
    return _each_homeroom_teacher(
        ctx,
        schools,
        lambda tid, name: _lacking(
            name, ((tid in trained, "本学年研修记录"), (tid in achieved, "实绩或荣誉"))
        ),
        unit="名班主任档案完整",
        goal="每位班主任专业发展档案完整",
        teachers=teachers,
    )


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


@evaluator("training.evaluation", kind="computed")
def evaluation(
    ctx: Context, indicator: Indicator, params: dict[str, Any], schools: Sequence[School]
) -> dict[int | None, Outcome]:
    """PT24-EVAL: every homeroom teacher has process evidence (participation, assignments,
    discussion) and outcome evidence (summary, case analysis, practice) this school year."""
    kinds: dict[int, set[str]] = defaultdict(set)
    for teacher_id, kind in (
        EvaluationRecord.objects.filter(school__in=schools, school_year=ctx.school_year)
        .values_list("teacher_id", "kind")
        .distinct()
    ):
        kinds[teacher_id].add(kind)
    return _each_homeroom_teacher(
        ctx,
        schools,
        lambda tid, name: _lacking(
            name,
            (
                (bool(kinds[tid] & set(PROCESS_KINDS)), "过程性评价"),
                (bool(kinds[tid] & set(OUTCOME_KINDS)), "结果性评价"),
            ),
        ),
        unit="名班主任评价完整",
        goal="过程性与结果性评价齐全",
    )


@data_source("training")
def fingerprint(district: District, school_year: int) -> str:
    parts = []
    for queryset in (
        LedgerEntry.objects.filter(district=district),
        TrainingActivity.objects.filter(district=district),
        CreditAssignment.objects.filter(district=district),
        ArchiveEntry.objects.filter(district=district),
        EvaluationRecord.objects.filter(district=district),
    ):
        stats = queryset.aggregate(n=Count("id"), last=Max("updated_at"))
        parts.append(f"{stats['n']}:{stats['last']}")
    return "|".join(parts)
