"""Where each trainee stands (XH26-PROB-HOURS, XH26-PROB-ASSESS, XH26-DEPUTY): the hours
of the three 8+32+X buckets from the ledger, the three assessments of the current
attempt, the deputy practice where the pack asks for it, and — from these — what is
still missing, in the words the school and the appointment refusal use.

Everything is read for many trainees at once: one ledger aggregate, one assessment read,
one deputy read, whatever the number of trainees (the board, the district queue, the
evaluators and the assignment guard all call `progress_of`)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import F, Sum

from apps.core.schoolyear import full_years_between, school_year, school_year_of, today
from apps.people.models import AssignmentRole, HomeroomAssignment
from apps.probation.models import (
    LEVEL_ORDER,
    Assessment,
    AssessmentLevel,
    AssessmentStatus,
    Trainee,
    TraineeStatus,
)
from apps.tenancy.models import District
from apps.training.models import LedgerEntry, ProbationBucket
from apps.training.selectors import district_parameters

BUCKET_LABELS = {
    ProbationBucket.DISTRICT: "区级集中培训",
    ProbationBucket.MICRO: "专项微专业培训",
    ProbationBucket.SCHOOL: "校级跟岗培训",
}


@dataclass(frozen=True)
class ProbationRules:
    """The district's numbers for probation (its packs, with its overrides)."""

    years: int
    district_hours: Decimal
    micro_hours: Decimal
    school_hours_min: Decimal
    mentor_min_years: int
    deputy_max_age: int
    deputy_practice_required: bool

    @classmethod
    def of(cls, params: dict[str, Any]) -> ProbationRules:
        return cls(
            years=int(params.get("probation_years", 1)),
            district_hours=Decimal(str(params.get("probation_district_hours", 0))),
            micro_hours=Decimal(str(params.get("probation_microspecialty_hours", 0))),
            school_hours_min=Decimal(str(params.get("probation_school_hours_min", 0))),
            mentor_min_years=int(params.get("mentor_min_homeroom_years", 0)),
            deputy_max_age=int(params.get("deputy_training_max_age", 0)),
            deputy_practice_required=bool(params.get("deputy_practice_required", False)),
        )


def mentor_min_years_text(rules: ProbationRules) -> str:
    """“5 年（解释）”: the pack's reading of 有经验的优秀班主任, marked as a reading."""
    return f"{rules.mentor_min_years} 年（解释：原文未规定年限）"


def probation_rules(*, district: District) -> ProbationRules:
    return ProbationRules.of(district_parameters(district=district))


@dataclass(frozen=True)
class Bucket:
    key: str
    label: str
    hours: Decimal
    target: Decimal

    @property
    def met(self) -> bool:
        return self.hours >= self.target

    @property
    def percent(self) -> int:
        if self.target <= 0:
            return 100
        return min(100, int(self.hours * 100 / self.target))

    def shortfall(self) -> str:
        return f"{self.label} {_hours(self.hours)}/{_hours(self.target)} 学时"


@dataclass
class Progress:
    """One trainee: buckets, the current attempt's assessments ({level: status}), the
    deputy practice (None where the pack does not ask for it) and what is missing."""

    trainee: Trainee
    buckets: list[Bucket]
    assessments: dict[str, str]
    deputy_practice: bool | None
    missing: list[str] = field(default_factory=list)

    @property
    def hours_met(self) -> bool:
        return all(b.met for b in self.buckets)

    @property
    def appointable(self) -> bool:
        return self.trainee.is_open and not self.missing

    @property
    def overdue(self) -> bool:
        return self.trainee.is_open and self.trainee.planned_end_on < today()

    def assessment_label(self, level: str) -> str:
        status = self.assessments.get(level)
        return str(dict(AssessmentStatus.choices)[status]) if status else "未考核"

    @property
    def assessment_rows(self) -> list[dict[str, str]]:
        """The three levels in order, each with its result (for the pages)."""
        names = {key: str(label) for key, label in AssessmentLevel.choices}
        return [
            {"level": level, "name": names[level], "status": self.assessments.get(level, ""),
             "label": self.assessment_label(level)}
            for level in LEVEL_ORDER
        ]  # fmt: skip

    @property
    def next_step(self) -> str:
        trainee = self.trainee
        if trainee.status == TraineeStatus.APPOINTED:
            return f"已于 {trainee.appointed_on:%Y-%m-%d} 正式聘任"
        if trainee.status == TraineeStatus.DEFERRED:
            return "暂缓聘任：补足差距后办理重新考核"
        if self.appointable:
            return "三级考核均已合格、学时已满：可以正式聘任"
        return "尚缺：" + "；".join(self.missing)


def _hours(value: Decimal) -> str:
    return format(value.normalize(), "f") if value == value.to_integral() else f"{value:.1f}"


def _bucket_hours(trainees: Sequence[Trainee]) -> dict[int, dict[str, Decimal]]:
    """{trainee id: {bucket: hours}} — the ledger's probation rows from each trainee's
    start on (reversals included, with their negative hours); one aggregate."""
    rows = (
        LedgerEntry.objects.filter(
            teacher__probations__in=[t.pk for t in trainees],
            date__gte=F("teacher__probations__started_on"),
        )
        .exclude(probation_bucket=ProbationBucket.NONE)
        .values("teacher__probations", "probation_bucket")
        .annotate(hours=Sum("hours"))
        .values_list("teacher__probations", "probation_bucket", "hours")
    )
    found: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for trainee_id, bucket, hours in rows:
        found[trainee_id][bucket] = hours or Decimal(0)
    return found


def _current_assessments(trainees: Sequence[Trainee]) -> dict[int, dict[str, str]]:
    """{trainee id: {level: status}} of each trainee's current attempt: the newest
    decided assessment of each level (a withdrawn or pending one is not a result)."""
    attempt = {t.pk: t.attempt for t in trainees}
    rows = (
        Assessment.objects.filter(
            trainee__in=list(attempt),
            status__in=(AssessmentStatus.PASSED, AssessmentStatus.FAILED),
        )
        .order_by("trainee_id", "level", "assessed_on", "id")
        .values_list("trainee_id", "attempt", "level", "status")
    )
    found: dict[int, dict[str, str]] = defaultdict(dict)
    for trainee_id, row_attempt, level, status in rows:
        if row_attempt == attempt[trainee_id]:
            found[trainee_id][level] = status  # the newest wins
    return found


def _deputy_practice(trainees: Sequence[Trainee]) -> set[int]:
    """Teachers (ids) with a training-track deputy post in any school year so far."""
    return set(
        HomeroomAssignment.objects.filter(
            teacher__in=[t.teacher_id for t in trainees], role=AssignmentRole.DEPUTY_TRAINING
        ).values_list("teacher_id", flat=True)
    )


def deputy_practice_applies(trainee: Trainee, rules: ProbationRules) -> bool:
    """XH26-DEPUTY: for a trainee of the pack's age or younger at the start of the school
    year their probation began in (the bound included), the deputy practice is the path
    to appointment where the pack says so."""
    if not rules.deputy_practice_required or trainee.teacher.birth_date is None:
        return False
    year_start = school_year(school_year_of(trainee.started_on)).start
    return full_years_between(trainee.teacher.birth_date, year_start) <= rules.deputy_max_age


def progress_of(trainees: Iterable[Trainee], rules: ProbationRules) -> list[Progress]:
    """Each trainee's progress, in the order given (three queries in all). The trainees
    come with `teacher` (and `mentor`) selected."""
    trainees = list(trainees)
    if not trainees:
        return []
    hours = _bucket_hours(trainees)
    assessed = _current_assessments(trainees)
    deputies = _deputy_practice(trainees)
    result = []
    for trainee in trainees:
        mine = hours.get(trainee.pk, {})
        targets = {
            ProbationBucket.DISTRICT: rules.district_hours,
            ProbationBucket.MICRO: rules.micro_hours,
            ProbationBucket.SCHOOL: max(trainee.school_hours_target, rules.school_hours_min),
        }
        buckets = [
            Bucket(key, BUCKET_LABELS[key], mine.get(key, Decimal(0)), target)
            for key, target in targets.items()
        ]
        practice = (
            trainee.teacher_id in deputies if deputy_practice_applies(trainee, rules) else None
        )
        progress = Progress(trainee, buckets, assessed.get(trainee.pk, {}), practice)
        progress.missing = _missing(progress, rules)
        result.append(progress)
    return result


def _missing(progress: Progress, rules: ProbationRules) -> list[str]:
    missing = [b.shortfall() for b in progress.buckets if not b.met]
    labels = dict(AssessmentLevel.choices)
    for level in LEVEL_ORDER:
        status = progress.assessments.get(level)
        if status != AssessmentStatus.PASSED:
            word = "未通过" if status == AssessmentStatus.FAILED else "尚未完成"
            missing.append(f"{labels[level]}{word}")
    if progress.deputy_practice is False:
        missing.append(
            f"培养型副班主任实践（{rules.deputy_max_age}周岁及以下的见习班主任须先担任副班主任）"
        )
    return missing


def planned_end(started_on: dt.date, rules: ProbationRules) -> dt.date:
    """The probation's planned end: the pack's years after its start (29 February
    becomes 28 February)."""
    year = started_on.year + rules.years
    try:
        return started_on.replace(year=year)
    except ValueError:
        return started_on.replace(year=year, day=28)
