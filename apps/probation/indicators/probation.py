"""XH26-A1-1 and XH26-A1-3, from the trainees' records.

* `probation.completion` — XH26-A1-1 (XH26-PROB-HOURS, XH26-PROB-ASSESS): every new
  homeroom teacher completed the probation and was appointed only after passing. Who is
  judged: the school's trainees whose probation touches the school year, and its homeroom
  teachers who took their first post in the year (from the document's date) without a
  probation. An appointed trainee counts as done; a probation past its planned end and not
  appointed, and a first post without a probation, count as short; a probation still
  running is neither (shown with what it still needs). Each trainee missing something is
  named with what.
* `probation.mentors` — XH26-A1-3 (XH26-PROB-MENTOR): every open probation has a mentor
  with the pack's homeroom years (a reading, marked 解释).

A handful of queries for all schools: the trainees, their progress (three), the first
posts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Max

from apps.compliance.models import ResultStatus
from apps.compliance.registry import Context, Outcome, data_source, evaluator
from apps.people.models import AssignmentRole, HomeroomAssignment
from apps.probation.models import Assessment, MentorLog, Trainee, TraineeStatus
from apps.probation.selectors.progress import (
    ProbationRules,
    Progress,
    mentor_min_years_text,
    probation_rules,
    progress_of,
)
from apps.probation.selectors.trainees import mentor_qualifies
from apps.tenancy.models import District

if TYPE_CHECKING:
    from apps.compliance.models import Indicator
    from apps.tenancy.models import School

MAX_NAMED = 30


def _named(items: list[str]) -> list[str]:
    if len(items) <= MAX_NAMED:
        return items
    return [*items[:MAX_NAMED], f"……另有 {len(items) - MAX_NAMED} 项"]


def _year_trainees(ctx: Context, schools: Sequence[School]) -> dict[int, list[Progress]]:
    """The schools' trainees whose probation touches the school year (started by its end,
    not appointed before it began), with their progress, per school."""
    trainees = list(
        Trainee.objects.filter(school__in=schools, started_on__lte=ctx.period.end)
        .exclude(appointed_on__lt=ctx.period.start)
        .select_related("teacher", "mentor")
        .order_by("school_id", "planned_end_on", "teacher__employee_no")
    )
    rules = ctx.shared(("probation-rules", ctx.district.pk), lambda: _rules(ctx))
    found: dict[int, list[Progress]] = defaultdict(list)
    for progress in progress_of(trainees, rules):
        found[progress.trainee.school_id].append(progress)
    return found


def _rules(ctx: Context) -> ProbationRules:
    return probation_rules(district=ctx.district)


def _first_posts_without_probation(ctx: Context, schools: Sequence[School]) -> dict[int, list[str]]:
    """Homeroom teachers of the year whose first post (首次担任班主任时间) falls in the
    year, on or after the document's date, with no probation record: one query."""
    rows = (
        HomeroomAssignment.objects.filter(
            school__in=schools,
            school_year=ctx.school_year,
            role=AssignmentRole.HOMEROOM,
            teacher__homeroom_since__gte=ctx.counts_from,
            teacher__homeroom_since__lte=ctx.as_of,
            teacher__probations__isnull=True,
        )
        .order_by("school_id", "teacher__employee_no")
        .values_list("school_id", "teacher__name", "teacher__homeroom_since")
        .distinct()
    )
    found: dict[int, list[str]] = defaultdict(list)
    for school_id, name, since in rows:
        found[school_id].append(f"{name}：未经见习即担任班主任（{since:%Y-%m-%d} 起）")
    return found


def _trainee_line(progress: Progress, ctx: Context) -> str:
    trainee = progress.trainee
    end = f"{trainee.planned_end_on:%Y-%m-%d}"
    if trainee.planned_end_on < ctx.as_of:
        return f"{trainee.teacher.name}：见习期已于 {end} 期满仍未聘任，尚缺" + "；".join(
            progress.missing or ["正式聘任手续"]
        )
    return f"{trainee.teacher.name}（见习中，{end} 期满）：尚缺" + "；".join(progress.missing)


@evaluator("probation.completion", kind="computed")
def probation_completion(
    ctx: Context, indicator: Indicator, params: dict[str, Any], schools: Sequence[School]
) -> dict[int | None, Outcome]:
    target = Decimal(str(params.get("completion_target", 1)))
    trainees = _year_trainees(ctx, schools)
    bypassed = _first_posts_without_probation(ctx, schools)
    outcomes: dict[int | None, Outcome] = {}
    for school in schools:
        outcomes[school.pk] = _completion_outcome(
            ctx, trainees.get(school.pk, []), bypassed.get(school.pk, []), target
        )
    return outcomes


def _completion_outcome(
    ctx: Context, trainees: list[Progress], bypassed: list[str], target: Decimal
) -> Outcome:
    if not trainees and not bypassed:
        return Outcome(
            ResultStatus.NO_DATA,
            note=f"{ctx.school_year}学年没有见习班主任记录，也没有新任班主任；"
            "如有新任班主任，请在“见习管理”中登记其见习。",
        )
    done = [p for p in trainees if p.trainee.status == TraineeStatus.APPOINTED]
    running = [p for p in trainees if p.trainee.is_open and p.trainee.planned_end_on >= ctx.as_of]
    overdue = [p for p in trainees if p.trainee.is_open and p.trainee.planned_end_on < ctx.as_of]
    short = len(overdue) + len(bypassed)
    judged = len(done) + short
    missing = [_trainee_line(p, ctx) for p in overdue] + bypassed
    missing += [_trainee_line(p, ctx) for p in running if p.missing]
    value = (
        f"完成见习并考核合格后聘任 {len(done)} 人；见习中 {len(running)} 人；"
        f"逾期未完成 {len(overdue)} 人；未经见习上岗 {len(bypassed)} 人"
    )
    if judged == 0:
        status = ResultStatus.NOT_YET_DUE
    elif Decimal(len(done)) / Decimal(judged) >= target:
        status = ResultStatus.MET
    else:
        status = ResultStatus.NOT_MET if not done else ResultStatus.PARTLY_MET
    return Outcome(
        status,
        value=value,
        target=f"新任班主任 {target * 100:.0f}% 完成见习与“8+32+X”培训，三级考核合格后聘任",
        evidence=[{"type": "count", "id": None, "label": f"见习班主任 {len(trainees)} 人"}],
        missing=_named(missing),
        note="见习期未满者不计入未达标，其尚缺项目列于下方。" if running else "",
    )


@evaluator("probation.mentors", kind="computed")
def probation_mentors(
    ctx: Context, indicator: Indicator, params: dict[str, Any], schools: Sequence[School]
) -> dict[int | None, Outcome]:
    rules = ctx.shared(("probation-rules", ctx.district.pk), lambda: _rules(ctx))
    open_trainees: dict[int, list[Trainee]] = defaultdict(list)
    for trainee in (
        Trainee.objects.filter(
            school__in=schools,
            status__in=(TraineeStatus.IN_PROBATION, TraineeStatus.AWAITING, TraineeStatus.DEFERRED),
            started_on__lte=ctx.as_of,
        )
        .select_related("teacher", "mentor")
        .order_by("school_id", "teacher__employee_no")
    ):
        open_trainees[trainee.school_id].append(trainee)
    outcomes: dict[int | None, Outcome] = {}
    years = mentor_min_years_text(rules)
    for school in schools:
        mine = open_trainees.get(school.pk, [])
        if not mine:
            outcomes[school.pk] = Outcome(
                ResultStatus.NOT_APPLICABLE, note="目前没有在见习期的见习班主任。"
            )
            continue
        missing = []
        for trainee in mine:
            if trainee.mentor is None:
                missing.append(f"{trainee.teacher.name}：未指定指导教师")
            elif not mentor_qualifies(trainee.mentor, rules):
                missing.append(
                    f"{trainee.teacher.name}：指导教师{trainee.mentor.name}担任班主任不满{years}"
                )
        good = len(mine) - len(missing)
        status = (
            ResultStatus.MET if not missing
            else ResultStatus.NOT_MET if good == 0
            else ResultStatus.PARTLY_MET
        )  # fmt: skip
        outcomes[school.pk] = Outcome(
            status,
            value=f"有合格指导教师 {good}/{len(mine)} 人",
            target=f"每位见习班主任有担任班主任满{years}的优秀班主任指导",
            missing=_named(missing),
        )
    return outcomes


@data_source("probation")
def fingerprint(district: District, school_year: int, school: School | None = None) -> str:
    parts = []
    for model in (Trainee, Assessment, MentorLog):
        rows = model.objects.filter(district=district)
        if school is not None:
            rows = rows.filter(school=school)
        stats = rows.aggregate(n=Count("id"), last=Max("updated_at"))
        parts.append(f"{stats['n']}:{stats['last']}")
    return "|".join(parts)


__all__ = ["fingerprint", "probation_completion", "probation_mentors"]
