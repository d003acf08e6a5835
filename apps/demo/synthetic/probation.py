"""The probation rows of a synthetic district (issue 13, for the bench and planning):
per school, a trainee for every school in four but the fourth — appointed after passing,
still in probation, deferred after a failed 上岗技能考核 — among its teachers without a
homeroom post, each with the assessments of its stage, and a mentor from the school's
experienced homeroom teachers. Written with `bulk_create` (the trainees, then their
assessments): a few statements whatever the number of schools."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from apps.core.schoolyear import school_year
from apps.people.models import AssignmentRole, HomeroomAssignment, Teacher
from apps.probation.models import (
    Assessment,
    AssessmentLevel,
    AssessmentStatus,
    ReserveEntry,
    ReserveSource,
    Trainee,
    TraineeStatus,
)
from apps.tenancy.models import District, School

STAGES = (TraineeStatus.APPOINTED, TraineeStatus.IN_PROBATION, TraineeStatus.DEFERRED, None)


def seed_probation(
    district: District,
    *,
    schools: list[School],
    teachers_by_school: dict[int, list[Teacher]],
    year: int,
    rng: random.Random,
    leader: Any,
) -> dict[str, int]:
    posted = set(
        HomeroomAssignment.objects.filter(
            district=district, role=AssignmentRole.HOMEROOM
        ).values_list("teacher_id", flat=True)
    )
    start = school_year(year).start
    trainees: list[Trainee] = []
    for index, school in enumerate(schools):
        stage = STAGES[index % len(STAGES)]
        teachers = teachers_by_school.get(school.pk, [])
        free = [t for t in teachers if t.pk not in posted]
        mentors = [t for t in teachers if t.pk in posted]
        if stage is None or not free:
            continue
        began = start if stage == TraineeStatus.IN_PROBATION else start.replace(year=start.year - 1)
        appointed = start + dt.timedelta(days=30) if stage == TraineeStatus.APPOINTED else None
        trainees.append(Trainee(
            school=school, district=district, teacher=rng.choice(free),
            mentor=rng.choice(mentors) if mentors else None, started_on=began,
            planned_end_on=began.replace(year=began.year + 1), status=stage,
            appointed_on=appointed,
            created_by=leader,
        ))  # fmt: skip
    Trainee.objects.bulk_create(trainees)
    reserve = _reserve(
        district, schools=schools, teachers_by_school=teachers_by_school, posted=posted,
        trainees=trainees, start=start, leader=leader,
    )  # fmt: skip
    assessments = [
        _assessment(t, level, leader)
        for t in trainees
        if t.status != TraineeStatus.IN_PROBATION
        for level in AssessmentLevel.values
        if not (t.status == TraineeStatus.DEFERRED and level == AssessmentLevel.DISTRICT_GRADUATION)
    ]
    Assessment.objects.bulk_create(assessments)
    return {"trainees": len(trainees), "assessments": len(assessments), "reserve entries": reserve}


def _reserve(
    district: District, *, schools: list[School], teachers_by_school: dict[int, list[Teacher]],
    posted: set[int], trainees: list[Trainee], start: dt.date, leader: Any,
) -> int:  # fmt: skip
    """XH26-RESERVE: a teacher without a homeroom post (nor a probation) in the reserve pool
    of two schools in three."""
    taken = {t.teacher_id for t in trainees}
    entries = []
    for index, school in enumerate(schools):
        free = [t for t in teachers_by_school.get(school.pk, [])
                if t.pk not in posted and t.pk not in taken]  # fmt: skip
        if index % 3 != 2 and free:
            entries.append(ReserveEntry(
                school=school, district=district, teacher=free[0], source=ReserveSource.DEPUTY,
                entered_on=start, completed="副班主任试点一学期", created_by=leader,
            ))  # fmt: skip
    ReserveEntry.objects.bulk_create(entries)
    return len(entries)


def _assessment(trainee: Trainee, level: str, leader: Any) -> Assessment:
    failed = trainee.status == TraineeStatus.DEFERRED and level == AssessmentLevel.ONDUTY_SKILLS
    return Assessment(
        school_id=trainee.school_id, district_id=trainee.district_id, trainee=trainee,
        level=level, attempt=1, assessed_on=trainee.started_on + dt.timedelta(days=200),
        assessor_name="合成数据", submitted_by=leader, reviewed_by=leader,
        status=AssessmentStatus.FAILED if failed else AssessmentStatus.PASSED,
        review_comment="上岗技能考核未达要求。" if failed else "",
    )  # fmt: skip
