"""Probation rows for the persona world, made on first use (idempotent, so the tenancy
matrix and the fuzz world can name them from their kwargs): per school, six trainees —
new teachers marked `MK-<key>-P<n>` like the world's other rows — one in each stage the
routes act on, with the ledger rows of the 8+32+X buckets (through probation activities)
and the assessments recorded through the service.

* running   — in probation, nothing done yet (mentor: the school's first teacher);
* ready     — hours met, the school's two assessments passed (may be sent on);
* deferred  — 学校过程考核 failed (may retry);
* awaiting  — sent on to the district (待区级结业考核);
* complete  — awaiting, 区级结业考核 passed (may be appointed);
* appointed — appointed to a class of its own.

The district's pack (xuhui-2026) is loaded first: its numbers are the targets.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from apps.accounts.models import User
from apps.compliance.models import PolicyPack
from apps.compliance.packs import PACK_DIR, load_pack_file
from apps.core.schoolyear import current_school_year, school_year, semester_of, today
from apps.people.models import AssignmentRole, HomeroomAssignment, SchoolClass, Teacher
from apps.probation.models import AssessmentLevel, Trainee, TraineeStatus
from apps.probation.services import assessment_record, trainee_send_to_district
from apps.tenancy.models import Membership, Role
from apps.training.models import (
    Attendance,
    EntryKind,
    LedgerEntry,
    ProbationBucket,
    TrainingActivity,
)
from tests.personas import SchoolData

STAGES = ("running", "ready", "deferred", "awaiting", "complete", "appointed")
X_HOURS = Decimal("2.0")


@dataclass
class ProbationRows:
    running: Trainee
    ready: Trainee
    deferred: Trainee
    awaiting: Trainee
    complete: Trainee
    appointed: Trainee


def start_day() -> dt.date:
    """A start inside this school year, always in the past."""
    return school_year(current_school_year()).start


def ensure_pack() -> None:
    if not PolicyPack.objects.filter(code="xuhui-2026").exists():
        load_pack_file(PACK_DIR / "xuhui-2026.yaml")


def leader_of(sd: SchoolData) -> User:
    return Membership.objects.get(school=sd.school, role=Role.SCHOOL_LEADER).user


def reviewer_of(sd: SchoolData) -> User:
    return Membership.objects.get(
        district_id=sd.school.district_id, role=Role.DISTRICT_REVIEWER
    ).user


def new_teacher(sd: SchoolData, number: int) -> Teacher:
    teacher, _ = Teacher.objects.get_or_create(
        school=sd.school,
        employee_no=f"{sd.marker}P{number}",
        defaults={
            "district_id": sd.school.district_id, "name": f"见{sd.key}{number}", "gender": "F",
            "birth_date": dt.date(1990, 3, number), "teaching_since": dt.date(2015, 9, 1),
        },
    )  # fmt: skip
    return teacher


def probation_activity(sd: SchoolData, bucket: str, hours: Decimal) -> TrainingActivity:
    activity, _ = TrainingActivity.objects.get_or_create(
        school=sd.school,
        district_id=sd.school.district_id,
        title=f"{sd.marker}见习培训{bucket}",
        defaults={
            "organiser_level": "school", "topic": "见习班主任岗前培训", "date": start_day(),
            "hours": hours, "form": "lecture", "credit_class": "lecture",
            "probation_bucket": bucket, "created_by": sd.job.created_by,
        },
    )  # fmt: skip
    return activity


def give_hours(sd: SchoolData, teacher: Teacher, bucket: str, hours: Decimal) -> LedgerEntry:
    """A probation activity of `bucket` attended by `teacher`, with its ledger row."""
    activity = probation_activity(sd, bucket, hours)
    attendance, _ = Attendance.objects.get_or_create(
        activity=activity, teacher=teacher, defaults={"hours": activity.hours}
    )
    year, term = semester_of(activity.date)
    entry, _ = LedgerEntry.objects.get_or_create(
        attendance=attendance,
        defaults={
            "teacher": teacher, "school_id": teacher.school_id,
            "district_id": teacher.district_id, "kind": EntryKind.ATTENDANCE,
            "date": activity.date, "school_year": year, "semester": term,
            "hours": attendance.hours, "credit_class": activity.credit_class,
            "title": activity.title, "activity": activity,
            "probation_bucket": activity.probation_bucket, "created_by": sd.job.created_by,
        },
    )  # fmt: skip
    return entry


def full_hours(sd: SchoolData, teacher: Teacher) -> None:
    give_hours(sd, teacher, ProbationBucket.DISTRICT, Decimal("8.0"))
    give_hours(sd, teacher, ProbationBucket.MICRO, Decimal("32.0"))
    give_hours(sd, teacher, ProbationBucket.SCHOOL, X_HOURS)


def open_trainee(sd: SchoolData, teacher: Teacher) -> Trainee:
    trainee, _ = Trainee.objects.get_or_create(
        teacher=teacher,
        defaults={
            "school": sd.school, "district_id": sd.school.district_id,
            "started_on": start_day(), "planned_end_on": start_day().replace(
                year=start_day().year + 1),
            "school_hours_target": X_HOURS, "mentor": sd.teachers[0],
            "created_by": sd.job.created_by,
        },
    )  # fmt: skip
    return trainee


def assess(trainee: Trainee, actor: User, level: str, *, passed: bool = True) -> None:
    assessment_record(
        trainee=trainee, actor=actor, level=level, assessed_on=today(), passed=passed,
        assessor_name="考核组", comment="" if passed else "班会设计需加强", score=None,
    )  # fmt: skip


def _school_passed(trainee: Trainee, leader: User) -> None:
    assess(trainee, leader, AssessmentLevel.SCHOOL_PROCESS)
    assess(trainee, leader, AssessmentLevel.ONDUTY_SKILLS)


def _stage(sd: SchoolData, stage: str, number: int) -> Trainee:
    teacher = new_teacher(sd, number)
    existing = Trainee.objects.filter(teacher=teacher).first()
    if existing is not None:
        return existing
    trainee = open_trainee(sd, teacher)
    if stage == "running":
        return trainee
    leader = leader_of(sd)
    full_hours(sd, teacher)
    if stage == "deferred":
        assess(trainee, leader, AssessmentLevel.SCHOOL_PROCESS, passed=False)
        return Trainee.objects.get(pk=trainee.pk)
    _school_passed(trainee, leader)
    if stage == "ready":
        return Trainee.objects.get(pk=trainee.pk)
    trainee_send_to_district(trainee=trainee, actor=leader)
    if stage in ("complete", "appointed"):
        assess(trainee, reviewer_of(sd), AssessmentLevel.DISTRICT_GRADUATION)
    if stage == "appointed":
        _appointed(sd, trainee)
    return Trainee.objects.get(pk=trainee.pk)


def _appointed(sd: SchoolData, trainee: Trainee) -> None:
    """Appointed to a class of its own (made directly: the service is tested elsewhere)."""
    school_class = SchoolClass.objects.create(
        school=sd.school, district_id=sd.school.district_id, school_year=current_school_year(),
        grade=3, name=f"{sd.key}见习班",
    )  # fmt: skip
    assignment = HomeroomAssignment.objects.create(
        school=sd.school, district_id=sd.school.district_id, teacher=trainee.teacher,
        school_class=school_class, school_year=school_class.school_year,
        role=AssignmentRole.HOMEROOM,
    )  # fmt: skip
    Trainee.objects.filter(pk=trainee.pk).update(
        status=TraineeStatus.APPOINTED, appointed_on=today(), assignment=assignment
    )


def school_probation(sd: SchoolData) -> ProbationRows:
    ensure_pack()
    made = {stage: _stage(sd, stage, number) for number, stage in enumerate(STAGES, start=1)}
    return ProbationRows(**made)


def own_probation(sd: SchoolData) -> Trainee:
    """The probation of the school's first teacher (the world's teacher persona), already
    appointed to the homeroom post the world gave them: their `/me/probation/` answers."""
    teacher = sd.teachers[0]
    trainee = open_trainee(sd, teacher)
    Trainee.objects.filter(pk=trainee.pk).update(
        status=TraineeStatus.APPOINTED,
        appointed_on=today(),
        assignment=sd.assignments[0],
        mentor=None,
    )
    return Trainee.objects.get(pk=trainee.pk)
