"""The cohort's evaluators, set-based:

* `backbone.cohort` — XB23-COHORT (district scope): the district registered a cohort under
  the pack with the pack's dates (`cohort_start` … `cohort_end`) and its members; once the
  cohort has ended, every member there at its end has a term-end result (届满考核).
* `backbone.tasks` — XB23-TASKS (school scope): each of the school's members meets each
  task for each ended school year of the cohort, and the cohort's tasks once it has ended
  (progress in `apps.backbone.selectors.progress`). Met when all judged cells are met,
  not met when none is, else partly met, with the members and tasks missing named; not
  applicable without members; not yet due before the first school year has ended.

Fixed query counts whatever the number of schools or members.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Max, Q

from apps.backbone.models import (
    AssessmentKind,
    BackboneMember,
    Category,
    Cohort,
    TaskEntry,
)
from apps.backbone.selectors.cohort import pack_cohort
from apps.backbone.selectors.progress import Cell, progress_of
from apps.compliance.models import ResultStatus
from apps.compliance.registry import Context, Outcome, data_source, evaluator
from apps.core.schoolyear import as_date

if TYPE_CHECKING:
    from apps.compliance.models import Indicator
    from apps.tenancy.models import District, School

MAX_NAMED = 30


def _named(items: list[str]) -> list[str]:
    if len(items) <= MAX_NAMED:
        return items
    return [*items[:MAX_NAMED], f"……另有 {len(items) - MAX_NAMED} 项"]


def _cohort(ctx: Context, indicator: Indicator, params: dict[str, Any]) -> Cohort | None:
    start, end = as_date(params["cohort_start"]), as_date(params["cohort_end"])
    return ctx.shared(
        ("backbone.cohort", indicator.pack.code, start, end),
        lambda: pack_cohort(
            district=ctx.district, pack=indicator.pack.code, starts_on=start, ends_on=end
        ),
    )


@evaluator("backbone.cohort", kind="computed")
def cohort_registered(
    ctx: Context, indicator: Indicator, params: dict[str, Any], schools: Sequence[School]
) -> dict[int | None, Outcome]:
    start, end = as_date(params["cohort_start"]), as_date(params["cohort_end"])
    span = f"{start:%Y-%m-%d} 至 {end:%Y-%m-%d}"
    target = f"登记 {span} 培养周期及其全部骨干；培养周期结束后录入每位骨干的届满考核结果"
    cohort = _cohort(ctx, indicator, params)
    if cohort is None:
        return {
            None: Outcome(
                ResultStatus.NOT_MET,
                value="未登记本届培养周期",
                target=target,
                missing=[f"尚未在系统中登记 {span} 的骨干培养周期"],
            )
        }
    members = _members_with_term_end(cohort)
    evidence = [{"type": "backbone_cohort", "id": cohort.pk, "label": cohort.name}]
    leaders = sum(1 for m in members if m.category == Category.LEADER)
    others = len(members) - leaders
    value = f"{cohort.name}：骨干 {len(members)} 名（带头人 {leaders} 名、中青年骨干 {others} 名）"
    if not members:
        return {
            None: Outcome(
                ResultStatus.NOT_MET,
                value=value,
                target=target,
                evidence=evidence,
                missing=[f"{cohort.name}尚未登记骨干名单"],
            )
        }
    if ctx.as_of <= end:
        return {
            None: Outcome(
                ResultStatus.MET,
                value=value,
                target=target,
                evidence=evidence,
                note=f"培养周期{end:%Y-%m-%d}结束后核对届满考核结果。",
            )
        }
    return {None: _term_end(members, end, value=value, target=target, evidence=evidence)}


def _members_with_term_end(cohort: Cohort) -> list[BackboneMember]:
    return list(
        BackboneMember.objects.filter(cohort=cohort)
        .annotate(
            term_end=Count("assessments", filter=Q(assessments__kind=AssessmentKind.TERM_END))
        )
        .select_related("teacher", "school")
        .order_by("school__code", "teacher__name", "pk")
    )


def _term_end(
    members: list[BackboneMember], end: dt.date, *, value: str, target: str, evidence: list[Any]
) -> Outcome:
    """After the cohort: every member there at its end has a term-end result."""
    at_end = [m for m in members if m.left_on is None or m.left_on >= end]
    lacking = [m for m in at_end if not m.term_end]  # type: ignore[attr-defined]
    done = len(at_end) - len(lacking)
    status = (
        ResultStatus.MET
        if not lacking
        else (ResultStatus.NOT_MET if done == 0 else ResultStatus.PARTLY_MET)
    )
    return Outcome(
        status,
        value=f"{value}；届满考核已录入 {done}/{len(at_end)} 名",
        target=target,
        evidence=evidence,
        missing=_named([f"{m.school.name} {m.teacher.name}：尚无届满考核结果" for m in lacking]),
    )


def _cell_text(cell: Cell) -> str:
    return f"{cell.where}{cell.label}（{cell.have}，要求{cell.need}）"


@evaluator("backbone.tasks", kind="computed")
def tasks_done(
    ctx: Context, indicator: Indicator, params: dict[str, Any], schools: Sequence[School]
) -> dict[int | None, Outcome]:
    cohort = _cohort(ctx, indicator, params)
    ids = [s.pk for s in schools]
    members = BackboneMember.objects.filter(cohort_id=cohort.pk if cohort else 0, school_id__in=ids)
    found = (
        progress_of(members=members, cohort=cohort, rules=params, as_of=ctx.as_of) if cohort else {}
    )
    by_school: dict[int, list[Any]] = {}
    for progress in found.values():
        by_school.setdefault(progress.member.school_id, []).append(progress)
    target = "每位带头人、中青年骨干按学年完成任务二、三，培养期内完成任务一至五"
    outcomes: dict[int | None, Outcome] = {}
    for school in schools:
        mine = [p for p in by_school.get(school.pk, []) if p.cells]
        if not mine:
            outcomes[school.pk] = Outcome(ResultStatus.NOT_APPLICABLE, note="本校没有本届骨干。")
            continue
        judged = [(p, p.judged(year=None)) for p in mine]
        judged = [(p, cells) for p, cells in judged if cells]
        if not judged:
            outcomes[school.pk] = Outcome(
                ResultStatus.NOT_YET_DUE, target=target, note="本届尚无已结束的学年。"
            )
            continue
        good = sum(1 for _p, cells in judged if all(c.met for c in cells))
        some = any(c.met for _p, cells in judged for c in cells)
        missing = [
            f"{p.member.teacher.name}（{p.member.get_category_display()}）：{_cell_text(c)}"
            for p, cells in judged
            for c in cells
            if not c.met
        ]
        status = (
            ResultStatus.MET
            if good == len(judged)
            else (ResultStatus.NOT_MET if not some else ResultStatus.PARTLY_MET)
        )
        outcomes[school.pk] = Outcome(
            status,
            value=f"完成全部已到期任务的骨干 {good}/{len(judged)} 名",
            target=target,
            evidence=[
                {"type": "backbone_member", "id": p.member.pk, "label": p.member.teacher.name}
                for p, _c in judged
            ],
            missing=_named(missing),
        )
    return outcomes


@data_source("backbone_cohort")
def fingerprint(district: District, school_year: int, school: School | None = None) -> str:
    """Counts and last changes of the district's cohorts, members and task entries."""
    where = Q(district=district) if school is None else Q(school=school)
    parts = []
    rows = (
        Cohort.objects.filter(district=district),
        BackboneMember.objects.filter(where),
        TaskEntry.objects.filter(where),
    )
    for queryset in rows:
        stats = queryset.aggregate(n=Count("id"), last=Max("updated_at"))
        parts.append(f"{stats['n']}:{stats['last']}")
    return "|".join(parts)
