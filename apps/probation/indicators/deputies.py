"""XH26-A1-4's reserve pool and XH26-A2P-1.1…1.3 (双轨道副班主任制度), from the deputies'
records. Each is a part of an `all_of` in the pack, beside the document the school
uploads (the page shows each part); a shortfall before the indicators' deadline is not
yet due (the engine). A few queries for all schools.

* `probation.reserve_pool` — XH26-RESERVE: at least the pack's number of teachers in the
  reserve pool (储备中, entered by the reference date; a reading, marked 解释).
* `probation.deputy_training_path` — A2P-1.1: training-track deputies of the year with a
  training path recorded.
* `probation.expert_guidance` — A2P-1.2: expert-track deputies of the year with case
  guidance recorded.
* `probation.deputy_loop` — A2P-1.3: training-track deputies (this year or earlier) who
  went train → assessed 合格 → appointed homeroom teacher; the others named with their
  next step.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Max

from apps.compliance.models import ResultStatus
from apps.compliance.registry import Context, Outcome, data_source, evaluator
from apps.people.models import AssignmentRole, HomeroomAssignment
from apps.probation.models import (
    AssessmentStatus,
    CaseGuidance,
    DeputyAssessment,
    DeputyPathItem,
    DeputyRecord,
    DeputyTrack,
    EligibilityException,
    HomeVisit,
    ReserveEntry,
    ReserveStatus,
)
from apps.probation.selectors.deputies import appointments_after, latest_assessments
from apps.tenancy.models import District

from .probation import _named

if TYPE_CHECKING:
    from apps.compliance.models import Indicator
    from apps.tenancy.models import School

READING = "（解释：原文未规定数量）"


def _status(good: int, least: int, started: bool) -> str:
    if good >= least:
        return ResultStatus.MET
    return ResultStatus.PARTLY_MET if started or good else ResultStatus.NOT_MET


@evaluator("probation.reserve_pool", kind="computed")
def reserve_pool(
    ctx: Context, indicator: Indicator, params: dict[str, Any], schools: Sequence[School]
) -> dict[int | None, Outcome]:
    least = int(params.get("min_people", 1))
    active = dict(
        ReserveEntry.objects.filter(
            school__in=schools, status=ReserveStatus.ACTIVE, entered_on__lte=ctx.as_of
        )
        .values("school_id")
        .annotate(n=Count("id"))
        .values_list("school_id", "n")
    )
    outcomes: dict[int | None, Outcome] = {}
    for school in schools:
        n = active.get(school.pk, 0)
        outcomes[school.pk] = Outcome(
            _status(n, least, False),
            value=f"后备人才池储备中 {n} 人",
            target=f"后备人才池至少 {least} 人{READING}",
            missing=[] if n >= least else [f"后备人才池：{n} 人，至少 {least} 人"],
        )
    return outcomes


def _assigned(schools: Sequence[School], year: int, role: str) -> dict[int, int]:
    """Per school: teachers holding a deputy post of the track in the year."""
    return dict(
        HomeroomAssignment.objects.filter(school__in=schools, school_year=year, role=role)
        .values("school_id")
        .annotate(n=Count("teacher", distinct=True))
        .values_list("school_id", "n")
    )


def _with_records(
    schools: Sequence[School], year: int, track: str, relation: str
) -> dict[int, int]:
    """Per school: deputies of the track and year with at least one row of `relation`."""
    return dict(
        DeputyRecord.objects.filter(school__in=schools, school_year=year, track=track)
        .filter(**{f"{relation}__isnull": False})
        .values("school_id")
        .annotate(n=Count("id", distinct=True))
        .values_list("school_id", "n")
    )


def _track_outcomes(
    schools: Sequence[School], assigned: dict[int, int], recorded: dict[int, int],
    least: int, words: tuple[str, str],
) -> dict[int | None, Outcome]:  # fmt: skip
    deputy, record = words
    outcomes: dict[int | None, Outcome] = {}
    for school in schools:
        n, good = assigned.get(school.pk, 0), recorded.get(school.pk, 0)
        missing = []
        if n == 0:
            missing.append(f"本学年尚未安排{deputy}")
        elif good < least:
            missing.append(f"{deputy} {n} 人，有{record}的 {good} 人，至少 {least} 人")
        outcomes[school.pk] = Outcome(
            _status(good, least, n > 0),
            value=f"{deputy} {n} 人，有{record} {good} 人",
            target=f"至少 {least} 名{deputy}有{record}{READING}",
            missing=missing,
        )
    return outcomes


@evaluator("probation.deputy_training_path", kind="computed")
def deputy_training_path(
    ctx: Context, indicator: Indicator, params: dict[str, Any], schools: Sequence[School]
) -> dict[int | None, Outcome]:
    """A2P-1.1: the path is walked — training-track deputies with their training path."""
    assigned = _assigned(schools, ctx.school_year, AssignmentRole.DEPUTY_TRAINING)
    recorded = _with_records(schools, ctx.school_year, DeputyTrack.TRAINING, "path")
    least = int(params.get("min_deputies", 1))
    return _track_outcomes(schools, assigned, recorded, least, ("培养型副班主任", "培养记录"))


@evaluator("probation.expert_guidance", kind="computed")
def expert_guidance(
    ctx: Context, indicator: Indicator, params: dict[str, Any], schools: Sequence[School]
) -> dict[int | None, Outcome]:
    """A2P-1.2: the case-guidance mechanism works — expert deputies guiding cases."""
    assigned = _assigned(schools, ctx.school_year, AssignmentRole.DEPUTY_EXPERT)
    recorded = _with_records(schools, ctx.school_year, DeputyTrack.EXPERT, "cases")
    least = int(params.get("min_deputies", 1))
    return _track_outcomes(schools, assigned, recorded, least, ("专家型副班主任", "个案指导记录"))


def _loop_step(record: DeputyRecord, passed: bool | None, appointed: bool) -> str:
    """What a training-track deputy's loop still needs (empty: closed)."""
    if appointed and passed:
        return ""
    if not record.n_path:  # type: ignore[attr-defined]
        return "尚无培养记录"
    if passed is None:
        return "已培养，尚未考核"
    if not passed:
        return "考核不合格，继续培养后重新考核"
    return "考核合格，尚未聘任为班主任"


@evaluator("probation.deputy_loop", kind="computed")
def deputy_loop(
    ctx: Context, indicator: Indicator, params: dict[str, Any], schools: Sequence[School]
) -> dict[int | None, Outcome]:
    """A2P-1.3: the closed loop, from the training-track deputies of this year and before."""
    least = int(params.get("min_loops", 1))
    records = list(
        DeputyRecord.objects.filter(
            school__in=schools, school_year__lte=ctx.school_year, track=DeputyTrack.TRAINING
        )
        .annotate(n_path=Count("path"))
        .select_related("teacher")
        .order_by("school_id", "-school_year", "teacher__employee_no")
    )
    assessed = latest_assessments(records)
    appointed = appointments_after(records)
    closed: dict[int, int] = defaultdict(int)
    open_steps: dict[int, list[str]] = defaultdict(list)
    for r in records:
        decided = assessed.get(r.pk)
        passed = None if decided is None else decided.status == AssessmentStatus.PASSED
        step = _loop_step(r, passed, r.pk in appointed)
        if step:
            open_steps[r.school_id].append(f"{r.teacher.name}（{r.school_year}学年）：{step}")
        else:
            closed[r.school_id] += 1
    outcomes: dict[int | None, Outcome] = {}
    for school in schools:
        good, steps = closed.get(school.pk, 0), open_steps.get(school.pk, [])
        missing = [] if good >= least else (steps or ["尚无培养型副班主任的培养记录"])
        outcomes[school.pk] = Outcome(
            _status(good, least, bool(steps)),
            value=f"完成“培养—考核—聘任”闭环 {good} 人；在培养或待聘任 {len(steps)} 人",
            target=f"至少 {least} 名培养型副班主任完成“培养—考核合格—聘任”{READING}",
            missing=_named(missing),
        )
    return outcomes


@data_source("probation-deputies")
def fingerprint(district: District, school_year: int, school: School | None = None) -> str:
    """The deputies', reserve's and lishui records' rows (counts and last change)."""
    parts = []
    for model in (DeputyRecord, DeputyPathItem, DeputyAssessment, CaseGuidance, ReserveEntry,
                  EligibilityException, HomeVisit):  # fmt: skip
        rows = model.objects.filter(district=district)
        if school is not None:
            rows = rows.filter(school=school)
        stats = rows.aggregate(n=Count("id"), last=Max("updated_at"))
        parts.append(f"{stats['n']}:{stats['last']}")
    return "|".join(parts)


__all__ = [
    "deputy_loop",
    "deputy_training_path",
    "expert_guidance",
    "fingerprint",
    "reserve_pool",
]
