"""XB23-ASSESS (`backbone.assessments`, district scope): the results are entered and their
consequences applied.

For the district's cohorts of the indicator's pack that began by the reference day: for
each of the pack's `cohort_school_years` that ended (the last one with the cohort) every
member present at its end has a yearly result; once the cohort ended every member who
stayed to its end has a term-end result; every warning has an accepted rectification
plan (none yet, or one pending, is fine until its deadline); and the consequences the
rules draw from the results exist (warning, next year's suspension, no certificate and
barred, bonus). All in order → met; some → partly met, each missing thing named; no
result at all → not met; no school year ended yet → not yet due. Five queries whatever
the district's size."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Max, Q

from apps.backbone.models import (
    Assessment,
    AssessmentKind,
    BackboneMember,
    Cohort,
    Consequence,
    ConsequenceKind,
    Rectification,
    RectificationStatus,
)
from apps.backbone.selectors.assessments import cohort_label, wanted_consequences
from apps.compliance.models import ResultStatus
from apps.compliance.registry import Context, Outcome, data_source, evaluator
from apps.core.schoolyear import as_date, school_year
from apps.tenancy.models import District

if TYPE_CHECKING:
    from apps.compliance.models import Indicator
    from apps.tenancy.models import School

MAX_NAMED = 30


def _named(items: list[str]) -> list[str]:
    if len(items) <= MAX_NAMED:
        return items
    return [*items[:MAX_NAMED], f"……另有 {len(items) - MAX_NAMED} 项"]


def _day(ctx: Context) -> dt.date:
    """Results whose moment is before this day are due."""
    return min(ctx.as_of, ctx.period.end + dt.timedelta(days=1))


def _year_end(cohort_end: dt.date, year: int) -> dt.date:
    return min(school_year(year).end, cohort_end)


def _present(member: BackboneMember, end: dt.date) -> bool:
    return member.joined_on <= end and (member.left_on is None or member.left_on >= end)


class _Tally:
    def __init__(self) -> None:
        self.judged = 0
        self.good = 0
        self.results = 0
        self.missing: list[str] = []

    def check(self, ok: bool, missing: str) -> None:
        self.judged += 1
        self.good += ok
        if not ok:
            self.missing.append(missing)


@evaluator("backbone.assessments", kind="computed")
def assessments(
    ctx: Context, indicator: Indicator, params: dict[str, Any], schools: Sequence[School]
) -> dict[int | None, Outcome]:
    del schools  # district scope
    day = _day(ctx)
    years = [int(y) for y in params["cohort_school_years"]]
    cohorts = list(
        Cohort.objects.filter(district=ctx.district, pack=indicator.pack.code, starts_on__lt=day)
    )
    ends = [c.ends_on for c in cohorts] or [as_date(params["cohort_end"])]
    if not any(_year_end(end, y) < day for end in ends for y in years):
        first = school_year(years[0]).end if years else None
        return {None: Outcome(ResultStatus.NOT_YET_DUE, note=f"首个学年（至 {first}）尚未结束。")}
    if not cohorts:
        return {
            None: Outcome(
                ResultStatus.NOT_MET, missing=["本区尚未登记骨干培养周期及名单，无法开展考核。"]
            )
        }
    tally = _Tally()
    _judge(tally, cohorts, years, day, params)
    return {None: _outcome(tally)}


def _judge(
    tally: _Tally, cohorts: list[Cohort], years: list[int], day: dt.date, params: dict[str, Any]
) -> None:
    members = list(
        BackboneMember.objects.filter(cohort__in=cohorts).select_related("teacher", "cohort")
    )
    results: dict[int, list[Assessment]] = defaultdict(list)
    for a in Assessment.objects.filter(member__cohort__in=cohorts):
        results[a.member_id].append(a)
    drawn: dict[int, list[Consequence]] = defaultdict(list)
    for c in Consequence.objects.filter(member__cohort__in=cohorts):
        drawn[c.member_id].append(c)
    plans: dict[int, set[str]] = defaultdict(set)
    for warning_id, status in Rectification.objects.filter(
        warning__member__cohort__in=cohorts
    ).values_list("warning_id", "status"):
        plans[warning_id].add(status)
    for m in members:
        rows = (results[m.pk], drawn[m.pk], plans)
        _judge_member(tally, m, years=years, day=day, params=params, rows=rows)


def _judge_member(
    tally: _Tally, m: BackboneMember, *, years: list[int], day: dt.date, params: dict[str, Any],
    rows: tuple[list[Assessment], list[Consequence], dict[int, set[str]]],
) -> None:  # fmt: skip
    results, drawn, plans = rows
    name = f"{cohort_label(m.cohort)} {m.teacher.name}"
    found = {(a.kind, a.school_year) for a in results}
    tally.results += len(found)
    for y in years:
        end = _year_end(m.cohort.ends_on, y)
        if end < day and _present(m, end):
            tally.check((AssessmentKind.YEARLY, y) in found, f"{name}：缺{y}学年度考核结果")
    if m.cohort.ends_on < day and _present(m, m.cohort.ends_on):
        term = any(k == AssessmentKind.TERM_END for k, _ in found)
        tally.check(term, f"{name}：缺届满考核结果")
    have = {(c.kind, c.school_year) for c in drawn}
    for w in wanted_consequences(results, params):
        label = f"{name}：{w.reason}，未落实“{_kind_label(w.kind)}”"
        tally.check((w.kind, w.school_year) in have, label)
    for c in drawn:
        if c.due_on is None:
            continue
        states = plans[c.pk]
        ok = RectificationStatus.ACCEPTED in states or c.due_on >= day
        why = "整改方案待审核" if RectificationStatus.SUBMITTED in states else "未提交整改方案"
        tally.check(ok, f"{name}：{c.school_year}学年警告{why}（期限 {c.due_on:%Y-%m-%d}）")


def _kind_label(kind: str) -> str:
    return str(ConsequenceKind(kind).label)


def _outcome(tally: _Tally) -> Outcome:
    target = (
        "每学年结束后录入全部骨干考核结果，届满后录入届满考核，"
        "并落实警告整改、暂停津贴、证书与申报资格、优秀奖金"
    )
    value = f"应落实 {tally.judged} 项，已落实 {tally.good} 项（考核结果 {tally.results} 条）"
    if tally.good == tally.judged:
        status = ResultStatus.MET
    elif tally.results == 0:
        status = ResultStatus.NOT_MET
    else:
        status = ResultStatus.PARTLY_MET
    return Outcome(status, value=value, target=target, missing=_named(tally.missing))


@data_source("backbone-assessments")
def fingerprint(district: District, school_year: int, school: School | None = None) -> str:
    """The district's cohorts, members, results, consequences and plans (of one school
    when `school` is given)."""
    where = Q(district=district) if school is None else Q(school=school)
    rows = [
        Cohort.objects.filter(district=district),
        BackboneMember.objects.filter(where),
        Assessment.objects.filter(where),
        Consequence.objects.filter(where),
        Rectification.objects.filter(where),
    ]
    parts = []
    for queryset in rows:
        stats = queryset.aggregate(n=Count("id"), last=Max("updated_at"))
        parts.append(f"{stats['n']}:{stats['last']}")
    return "|".join(parts)


__all__ = ["assessments", "fingerprint"]
