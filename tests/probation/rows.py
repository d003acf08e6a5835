"""Probation rows for the persona world, made on first use (idempotent, so the tenancy
matrix and the fuzz world can name them from their kwargs): per school, six trainees —
new teachers marked `MK-<key>-P<n>` like the world's other rows — one in each stage the
routes act on, with the ledger rows of the 8+32+X buckets (through probation activities)
and the assessments with their review events. They are made directly, in bulk (a dozen
statements a school, no service call, no recompute scheduled): the services that make such
rows are tested in test_services.py, and the tenancy matrix's controls — the leader sends
`ready` on, the district records `awaiting`'s graduation, the leader appoints `complete` —
prove that the services accept these rows as theirs.

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

from django.utils import timezone

from apps.accounts.models import User
from apps.compliance.models import PolicyPack
from apps.compliance.packs import PACK_DIR, load_pack_file
from apps.core.review import ReviewAction
from apps.core.schoolyear import current_school_year, school_year, semester_of, today
from apps.people.models import AssignmentRole, HomeroomAssignment, SchoolClass, Teacher
from apps.probation.models import (
    Assessment,
    AssessmentEvent,
    AssessmentLevel,
    AssessmentStatus,
    Trainee,
    TraineeStatus,
)
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


# What each stage has been through: its assessments (level, passed) in the order the
# service would record them, and the status the service would leave.
STAGE_ASSESSMENTS: dict[str, tuple[tuple[str, bool], ...]] = {
    "running": (),
    "ready": ((AssessmentLevel.SCHOOL_PROCESS, True), (AssessmentLevel.ONDUTY_SKILLS, True)),
    "deferred": ((AssessmentLevel.SCHOOL_PROCESS, False),),
    "awaiting": ((AssessmentLevel.SCHOOL_PROCESS, True), (AssessmentLevel.ONDUTY_SKILLS, True)),
    "complete": (
        (AssessmentLevel.SCHOOL_PROCESS, True), (AssessmentLevel.ONDUTY_SKILLS, True),
        (AssessmentLevel.DISTRICT_GRADUATION, True),
    ),
    "appointed": (
        (AssessmentLevel.SCHOOL_PROCESS, True), (AssessmentLevel.ONDUTY_SKILLS, True),
        (AssessmentLevel.DISTRICT_GRADUATION, True),
    ),
}  # fmt: skip
STAGE_STATUS = {
    "running": TraineeStatus.IN_PROBATION, "ready": TraineeStatus.IN_PROBATION,
    "deferred": TraineeStatus.DEFERRED, "awaiting": TraineeStatus.AWAITING,
    "complete": TraineeStatus.AWAITING, "appointed": TraineeStatus.APPOINTED,
}  # fmt: skip


def _assessments(sd: SchoolData, made: dict[str, Trainee]) -> None:
    """The assessments and their review events as `assessment_record` writes them
    (recorded and decided at once by the assessor: the school's leader for the school's
    levels, the district's reviewer for 区级结业考核), made directly in bulk — the service
    is tested in test_services.py; these only have to be what it leaves behind."""
    leader, reviewer, now = leader_of(sd), reviewer_of(sd), timezone.now()
    records = []
    for stage, trainee in made.items():
        for level, passed in STAGE_ASSESSMENTS[stage]:
            actor = reviewer if level == AssessmentLevel.DISTRICT_GRADUATION else leader
            records.append(Assessment(
                school_id=trainee.school_id, district_id=trainee.district_id, trainee=trainee,
                level=level, attempt=1, assessed_on=today(), assessor_name="考核组",
                submitted_by=actor, reviewed_by=actor, reviewed_at=now,
                status=AssessmentStatus.PASSED if passed else AssessmentStatus.FAILED,
                review_comment="" if passed else "班会设计需加强",
            ))  # fmt: skip
    Assessment.objects.bulk_create(records)
    events = []
    for record in records:
        submitter = record.submitted_by
        decided = ReviewAction.ACCEPTED if record.status == AssessmentStatus.PASSED else (
            ReviewAction.RETURNED)  # fmt: skip
        events += [
            AssessmentEvent(record=record, action=ReviewAction.SUBMITTED, actor=submitter),
            AssessmentEvent(record=record, action=decided, actor=submitter,
                            comment=record.review_comment),
        ]  # fmt: skip
    AssessmentEvent.objects.bulk_create(events)


def _hours(sd: SchoolData, teachers: list[Teacher]) -> None:
    """The 8+32+X hours of each of `teachers`: attendances of the school's three probation
    activities with their ledger rows, as the attendance service writes them (in bulk)."""
    activities = [
        probation_activity(sd, ProbationBucket.DISTRICT, Decimal("8.0")),
        probation_activity(sd, ProbationBucket.MICRO, Decimal("32.0")),
        probation_activity(sd, ProbationBucket.SCHOOL, X_HOURS),
    ]
    attendances = Attendance.objects.bulk_create([
        Attendance(activity=activity, teacher=teacher, hours=activity.hours)
        for teacher in teachers for activity in activities
    ])  # fmt: skip
    entries = []
    for attendance in attendances:
        activity, teacher = attendance.activity, attendance.teacher
        year, term = semester_of(activity.date)
        entries.append(LedgerEntry(
            attendance=attendance, teacher=teacher, school_id=teacher.school_id,
            district_id=teacher.district_id, kind=EntryKind.ATTENDANCE, date=activity.date,
            school_year=year, semester=term, hours=attendance.hours,
            credit_class=activity.credit_class, title=activity.title, activity=activity,
            probation_bucket=activity.probation_bucket, created_by=sd.job.created_by,
        ))  # fmt: skip
    LedgerEntry.objects.bulk_create(entries)


def _new_teachers(sd: SchoolData) -> dict[int, Teacher]:
    """The school's new teachers `P1`…`P6`, the missing ones made in one statement."""
    numbers = range(1, len(STAGES) + 1)
    found = {
        t.employee_no: t
        for t in Teacher.objects.filter(
            school=sd.school, employee_no__in=[f"{sd.marker}P{n}" for n in numbers]
        )
    }
    missing = [
        Teacher(
            school=sd.school,
            district_id=sd.school.district_id,
            employee_no=f"{sd.marker}P{n}",
            name=f"见{sd.key}{n}",
            gender="F",
            birth_date=dt.date(1990, 3, n),
            teaching_since=dt.date(2015, 9, 1),
        )
        for n in numbers
        if f"{sd.marker}P{n}" not in found
    ]
    made = {t.employee_no: t for t in Teacher.objects.bulk_create(missing)}
    return {n: found.get(f"{sd.marker}P{n}") or made[f"{sd.marker}P{n}"] for n in numbers}


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


def _make_stages(sd: SchoolData, teachers: dict[str, Teacher]) -> None:
    """Trainees of `teachers` (stage -> teacher) in their stages, made directly."""
    start = start_day()
    made = dict(zip(teachers, Trainee.objects.bulk_create([
        Trainee(
            teacher=teacher, school=sd.school, district_id=sd.school.district_id,
            started_on=start, planned_end_on=start.replace(year=start.year + 1),
            school_hours_target=X_HOURS, mentor=sd.teachers[0], created_by=sd.job.created_by,
            status=TraineeStatus.AWAITING if stage == "appointed" else STAGE_STATUS[stage],
        )  # appointed (with its date and post) by `_appointed` below
        for stage, teacher in teachers.items()
    ]), strict=True))  # fmt: skip
    _hours(sd, [teachers[stage] for stage in teachers if stage != "running"])
    _assessments(sd, made)
    if "appointed" in made:
        _appointed(sd, made["appointed"])


def school_probation(sd: SchoolData) -> ProbationRows:
    """The school's six trainees, made on first use (a stage whose teacher already has a
    probation keeps it as it is now)."""
    ensure_pack()
    teachers = _new_teachers(sd)
    by_stage = {stage: teachers[n] for n, stage in enumerate(STAGES, start=1)}
    existing = {t.teacher_id for t in Trainee.objects.filter(teacher__in=teachers.values())}
    missing = {s: t for s, t in by_stage.items() if t.pk not in existing}
    if missing:
        _make_stages(sd, missing)
    found = {t.teacher_id: t for t in Trainee.objects.filter(teacher__in=teachers.values())}
    return ProbationRows(**{stage: found[t.pk] for stage, t in by_stage.items()})


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
