"""Reads of the deputies on the two tracks (XH26-DEPUTY, XH26-A2P-1.1…1.3): each deputy
of a school year with the loop train → assess → appoint (培养 → 考核 → 聘任), the
expert track's case guidance, and per-school counts for the reports. Set-based: a fixed
number of queries whatever the number of deputies or schools."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from apps.core.schoolyear import full_years_between, school_year
from apps.people.models import DEPUTY_ROLES, AssignmentRole, HomeroomAssignment
from apps.probation.models import (
    AssessmentStatus,
    CaseGuidance,
    DeputyAssessment,
    DeputyPathItem,
    DeputyRecord,
    DeputyTrack,
    Trainee,
    TraineeStatus,
)
from apps.tenancy.models import District, School
from apps.training.selectors import district_parameters

DECIDED = (AssessmentStatus.PASSED, AssessmentStatus.FAILED)


def deputy_age_limit(*, district: District) -> int | None:
    """XH26-DEPUTY: the training track's age limit of the district's packs (None where
    no pack sets one: no limit)."""
    value = district_parameters(district=district).get("deputy_training_max_age")
    if value is None or value == "":
        return None
    return int(value)


def age_at_year_start(birth_date: dt.date | None, year: int) -> int | None:
    """Full years of age on 1 September of the school year (None without a birth date)."""
    if birth_date is None:
        return None
    return full_years_between(birth_date, school_year(year).start)


@dataclass
class DeputyRow:
    """One deputy of a school year: the assignments (classes) on one track, the record
    once anything was written, and the loop's stages."""

    assignment: HomeroomAssignment  # the first of the teacher's posts on the track
    classes: list[str]
    record: DeputyRecord | None = None
    path: list[DeputyPathItem] = field(default_factory=list)
    assessment: DeputyAssessment | None = None
    cases: int = 0
    appointed: str = ""  # how, once appointed homeroom teacher later

    @property
    def teacher(self) -> Any:
        return self.assignment.teacher

    @property
    def track(self) -> str:
        return self.assignment.role

    @property
    def is_training(self) -> bool:
        return self.track == AssignmentRole.DEPUTY_TRAINING

    @property
    def passed(self) -> bool:
        return self.assessment is not None and self.assessment.status == AssessmentStatus.PASSED

    @property
    def stage(self) -> str:
        """Where the loop stands (the page's words)."""
        if not self.is_training:
            return f"个案指导 {self.cases} 次"
        if self.appointed:
            return "已完成闭环：培养 → 考核合格 → 聘任"
        if self.passed:
            return "考核合格，待聘任为班主任"
        if self.assessment is not None:
            return "考核不合格，继续培养"
        return "培养中，尚未考核" if self.path else "尚无培养记录"


def deputy_assignments(*, school: School, school_year: int) -> QuerySet[HomeroomAssignment]:
    return (
        HomeroomAssignment.objects.for_school(school)
        .filter(school_year=school_year, role__in=DEPUTY_ROLES)
        .select_related("teacher", "school_class")
        .order_by("role", "teacher__employee_no", "school_class__grade", "school_class__name")
    )


def deputy_assignment_get(*, school: School, assignment_id: int) -> HomeroomAssignment:
    """A deputy assignment of the school (404 when not a deputy post of this school)."""
    return get_object_or_404(
        HomeroomAssignment.objects.for_school(school)
        .filter(role__in=DEPUTY_ROLES)
        .select_related("teacher", "school_class", "school"),
        pk=assignment_id,
    )


def appointments_after(records: Iterable[DeputyRecord]) -> dict[int, str]:
    """{record id: how its deputy became homeroom teacher later}: a probation appointed,
    or a homeroom post in a later school year than the record's (two queries)."""
    records = list(records)
    teachers = {r.teacher_id for r in records}
    if not teachers:
        return {}
    trainees = dict(
        Trainee.objects.filter(teacher__in=teachers, status=TraineeStatus.APPOINTED)
        .values_list("teacher_id", "appointed_on")
    )  # fmt: skip
    posts: dict[int, list[int]] = defaultdict(list)
    for teacher_id, year in HomeroomAssignment.objects.filter(
        teacher__in=teachers, role=AssignmentRole.HOMEROOM
    ).values_list("teacher_id", "school_year"):
        posts[teacher_id].append(year)
    found: dict[int, str] = {}
    for record in records:
        later = sorted(y for y in posts.get(record.teacher_id, []) if y > record.school_year)
        if record.teacher_id in trainees:
            found[record.pk] = f"见习期满考核合格，{trainees[record.teacher_id]:%Y-%m-%d} 正式聘任"
        elif later:
            found[record.pk] = f"{later[0]}学年起担任班主任"
    return found


def latest_assessments(records: Iterable[DeputyRecord]) -> dict[int, DeputyAssessment]:
    """{record id: its newest decided assessment} (one query)."""
    found: dict[int, DeputyAssessment] = {}
    for assessment in DeputyAssessment.objects.filter(
        record__in=[r.pk for r in records], status__in=DECIDED
    ).order_by("record_id", "assessed_on", "id"):
        found[assessment.record_id] = assessment  # the newest wins
    return found


def _records_of(school: School, school_year: int) -> dict[tuple[int, str], DeputyRecord]:
    rows = DeputyRecord.objects.for_school(school).filter(school_year=school_year)
    return {(r.teacher_id, r.track): r for r in rows.annotate(n_cases=Count("cases"))}


def school_deputies(*, school: School, school_year: int) -> list[DeputyRow]:
    """The school's deputies of the year, one row per teacher and track, with the loop
    (six queries)."""
    rows: dict[tuple[int, str], DeputyRow] = {}
    for a in deputy_assignments(school=school, school_year=school_year):
        key = (a.teacher_id, a.role)
        if key in rows:
            rows[key].classes.append(str(a.school_class))
        else:
            rows[key] = DeputyRow(a, [str(a.school_class)])
    records = _records_of(school, school_year)
    paths: dict[int, list[DeputyPathItem]] = defaultdict(list)
    for item in DeputyPathItem.objects.filter(record__in=[r.pk for r in records.values()]):
        paths[item.record_id].append(item)
    assessed = latest_assessments(records.values())
    appointed = appointments_after(records.values())
    for key, row in rows.items():
        record = records.get(key)
        if record is None:
            continue
        row.record, row.path = record, paths.get(record.pk, [])
        row.assessment, row.appointed = assessed.get(record.pk), appointed.get(record.pk, "")
        row.cases = record.n_cases  # type: ignore[attr-defined]
    return list(rows.values())


def deputy_row(*, assignment: HomeroomAssignment) -> DeputyRow:
    """One deputy's row (the deputy page)."""
    found = school_deputies(school=assignment.school, school_year=assignment.school_year)
    return next(
        r for r in found if r.teacher.pk == assignment.teacher_id and r.track == assignment.role
    )


def deputy_record_of(*, assignment: HomeroomAssignment) -> DeputyRecord | None:
    return DeputyRecord.objects.filter(
        teacher_id=assignment.teacher_id, school_year=assignment.school_year, track=assignment.role
    ).first()


def deputy_cases(*, assignment: HomeroomAssignment) -> QuerySet[CaseGuidance]:
    return CaseGuidance.objects.filter(
        record__teacher_id=assignment.teacher_id, record__school_year=assignment.school_year,
        record__track=assignment.role,
    ).order_by("-date", "-id")  # fmt: skip


def school_cases(*, school: School, school_year: int) -> QuerySet[CaseGuidance]:
    return (
        CaseGuidance.objects.for_school(school)
        .filter(record__school_year=school_year)
        .select_related("record__teacher")
        .order_by("-date", "-id")
    )


def deputy_summary(*, schools: Sequence[School], school_year: int) -> dict[int, dict[str, int]]:
    """Per school (reports): deputies per track, training-track deputies with a path,
    assessed 合格, appointed later; expert deputies' case guidance (four queries)."""
    summary: dict[int, dict[str, int]] = {
        s.pk: dict.fromkeys(("training", "expert", "with_path", "passed", "appointed",
                             "cases"), 0)
        for s in schools
    }  # fmt: skip
    for school_id, role, n in (
        HomeroomAssignment.objects.filter(
            school__in=schools, school_year=school_year, role__in=DEPUTY_ROLES
        )
        .values("school_id", "role")
        .annotate(n=Count("teacher", distinct=True))
        .values_list("school_id", "role", "n")
    ):
        summary[school_id]["training" if role == AssignmentRole.DEPUTY_TRAINING else "expert"] = n
    records = list(
        DeputyRecord.objects.filter(school__in=schools, school_year=school_year).annotate(
            n_path=Count("path", distinct=True), n_cases=Count("cases", distinct=True)
        )
    )
    assessed = latest_assessments(records)
    appointed = appointments_after(records)
    for r in records:
        counts = summary[r.school_id]
        counts["cases"] += r.n_cases
        if r.track == DeputyTrack.TRAINING:
            counts["with_path"] += int(r.n_path > 0)
            passed = r.pk in assessed and assessed[r.pk].status == AssessmentStatus.PASSED
            counts["passed"] += int(passed)
            counts["appointed"] += int(r.pk in appointed)
    return summary


def expert_case_counts(*, schools: Sequence[School], school_year: int) -> dict[int, int]:
    """Per school: expert-track deputies of the year with at least one case guidance."""
    return dict(
        DeputyRecord.objects.filter(
            school__in=schools, school_year=school_year, track=DeputyTrack.EXPERT
        )
        .filter(Q(cases__isnull=False))
        .values("school_id")
        .annotate(n=Count("id", distinct=True))
        .values_list("school_id", "n")
    )
