"""Point 3 of issue 8 (ARCHITECTURE §4, defence in depth): a row that names a teacher
cannot name another school's, whatever the service forgot — the database refuses it.

Rows with a school of their own have a composite foreign key (teacher, school) onto the
teacher's (id, school); an attendance and a survey answer, which have none, are checked
against their activity's or survey's school (or district, for a district's). The suite
works as the app role (tests/support/db_roles.py), so these inserts are the app's.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.db import IntegrityError, connection, models, transaction

from apps.backbone.models import BackboneMember
from apps.core.schoolyear import current_school_year
from apps.people.models import AssignmentRole, HomeroomAssignment, Teacher
from apps.probation.models import DeputyRecord, EligibilityException, ReserveEntry, Trainee
from apps.studios.models import HostKind, Member, Team, TeamKind
from apps.training.models import (
    ArchiveEntry,
    Attendance,
    Cohort,
    CohortMember,
    CreditAssignment,
    CreditOffset,
    EntryKind,
    EvaluationRecord,
    ExternalTraining,
    LedgerEntry,
    Survey,
    SurveyResponse,
    TrainingActivity,
)
from tests.backbone.factories import make_cohort
from tests.personas import SchoolData, World
from tests.training.rows import MINUTES, first_day, school_rows

YEAR = current_school_year()
Builder = Callable[[World, SchoolData, Teacher], models.Model]


def _scope(sd: SchoolData) -> dict[str, Any]:
    return {"school": sd.school, "district_id": sd.school.district_id}


def _assignment(world: World, sd: SchoolData, teacher: Teacher) -> models.Model:
    return HomeroomAssignment.objects.create(
        **_scope(sd), teacher=teacher, school_class=sd.classes[1], school_year=YEAR,
        role=AssignmentRole.HOMEROOM,
    )  # fmt: skip


def _ledger(world: World, sd: SchoolData, teacher: Teacher) -> models.Model:
    external = school_rows(sd).external  # waiting for 学时审定: no ledger row yet
    return LedgerEntry.objects.create(
        **_scope(sd), teacher=teacher, kind=EntryKind.EXTERNAL, external=external,
        date=external.date, school_year=YEAR, semester=1, hours=external.hours,
        credit_class=external.credit_class, title=external.title, created_by=sd.job.created_by,
    )  # fmt: skip


def _external(world: World, sd: SchoolData, teacher: Teacher) -> models.Model:
    return ExternalTraining.objects.create(
        **_scope(sd), teacher=teacher, title="市级班主任专题培训", organiser="市师资培训中心",
        organiser_level="city", date=first_day(), hours=Decimal("6.0"), credit_class="lecture",
        submitted_by=sd.job.created_by,
    )  # fmt: skip


def _archive(world: World, sd: SchoolData, teacher: Teacher) -> models.Model:
    return ArchiveEntry.objects.create(
        **_scope(sd), teacher=teacher, title="区级主题班会展示课", kind="open_lesson",
        level="district", date=first_day(), created_by=sd.job.created_by,
    )  # fmt: skip


def _credit(world: World, sd: SchoolData, teacher: Teacher) -> models.Model:
    return CreditAssignment.objects.create(
        **_scope(sd), teacher=teacher, school_year=YEAR, semester=1,
        lecture_hours=Decimal(8), practice_hours=Decimal(4), credits=Decimal(1),
        assigned_by=sd.job.created_by,
    )  # fmt: skip


def _offset(world: World, sd: SchoolData, teacher: Teacher) -> models.Model:
    return CreditOffset.objects.create(
        **_scope(sd), teacher=teacher, school_year=YEAR, credits=Decimal(1),
        recognised_by=sd.job.created_by,
    )  # fmt: skip


def _cohort_member(world: World, sd: SchoolData, teacher: Teacher) -> models.Model:
    cohort = Cohort.objects.create(
        district_id=sd.school.district_id, programme="xuhang", school_year=YEAR,
        name="续航班", required_hours=8,
    )  # fmt: skip
    return CohortMember.objects.create(cohort=cohort, teacher=teacher, **_scope(sd))


def _evaluation(world: World, sd: SchoolData, teacher: Teacher) -> models.Model:
    return EvaluationRecord.objects.create(
        **_scope(sd), teacher=teacher, school_year=YEAR, semester=1, kind="participation",
        title="参与研讨", created_by=sd.job.created_by,
    )  # fmt: skip


def _attendance(world: World, sd: SchoolData, teacher: Teacher) -> models.Model:
    activity = TrainingActivity.objects.create(
        **_scope(sd), title="学生冲突案例研讨", organiser_level="school",
        topic="学生同伴冲突的成因与干预", date=first_day(), hours=Decimal("2.0"), form="case",
        credit_class="lecture", minutes=MINUTES, created_by=sd.job.created_by,
    )  # fmt: skip
    return Attendance.objects.create(activity=activity, teacher=teacher, hours=activity.hours)


def _survey_answer(world: World, sd: SchoolData, teacher: Teacher) -> models.Model:
    survey = Survey.objects.create(
        **_scope(sd), title="研修需求调研", created_by=sd.job.created_by,
        questions=[{"text": "最需要的研修内容", "choices": ["家校沟通"], "multiple": False}],
    )  # fmt: skip
    return SurveyResponse.objects.create(survey=survey, teacher=teacher, answers=[[0]])


def _trainee(world: World, sd: SchoolData, teacher: Teacher) -> models.Model:
    started = first_day()
    return Trainee.objects.create(
        **_scope(sd), teacher=teacher, started_on=started,
        planned_end_on=started.replace(year=started.year + 1), created_by=sd.job.created_by,
    )  # fmt: skip


def _deputy_record(world: World, sd: SchoolData, teacher: Teacher) -> models.Model:
    return DeputyRecord.objects.create(
        **_scope(sd), teacher=teacher, school_year=YEAR, track=AssignmentRole.DEPUTY_TRAINING,
        created_by=sd.job.created_by,
    )  # fmt: skip


def _reserve(world: World, sd: SchoolData, teacher: Teacher) -> models.Model:
    return ReserveEntry.objects.create(
        **_scope(sd), teacher=teacher, source="training", entered_on=first_day(),
        created_by=sd.job.created_by,
    )  # fmt: skip


def _exception(world: World, sd: SchoolData, teacher: Teacher) -> models.Model:
    return EligibilityException.objects.create(
        **_scope(sd), teacher=teacher, school_year=YEAR, reason="学科紧缺",
        recorded_on=first_day(), recorded_by=sd.job.created_by,
    )  # fmt: skip


def _team_member(world: World, sd: SchoolData, teacher: Teacher) -> models.Model:
    team = Team.objects.create(
        district=sd.school.district, school=None, kind=TeamKind.STUDIO, name="区级工作室",
        host=sd.teachers[0], host_kind=HostKind.SENIOR, established_on=first_day(),
        created_by=sd.job.created_by,
    )  # fmt: skip
    return Member.objects.create(**_scope(sd), team=team, teacher=teacher, joined_on=first_day())


# backbone: cohort
def _backbone_member(world: World, sd: SchoolData, teacher: Teacher) -> models.Model:
    cohort = make_cohort(district=sd.school.district, by=sd.job.created_by)
    return BackboneMember.objects.create(
        **_scope(sd), cohort=cohort, teacher=teacher, category="backbone",
        joined_on=cohort.starts_on, recorded_by=sd.job.created_by,
    )  # fmt: skip


# end of backbone: cohort


CHILD_ROWS: dict[str, Builder] = {
    "people_homeroomassignment": _assignment,
    "training_ledgerentry": _ledger,
    "training_externaltraining": _external,
    "training_archiveentry": _archive,
    "training_creditassignment": _credit,
    "training_creditoffset": _offset,
    "training_cohortmember": _cohort_member,
    "training_evaluationrecord": _evaluation,
    "training_attendance": _attendance,
    "training_surveyresponse": _survey_answer,
    "probation_trainee": _trainee,
    "probation_deputyrecord": _deputy_record,
    "probation_reserveentry": _reserve,
    "probation_eligibilityexception": _exception,
    "studios_member": _team_member,
    "backbone_backbonemember": _backbone_member,  # backbone: cohort
}


def _insert_and_check(build: Builder, world: World, sd: SchoolData, teacher: Teacher) -> None:
    """Insert, then check the deferred keys now (as the commit would)."""
    with transaction.atomic():
        build(world, sd, teacher)
        connection.check_constraints()


@pytest.mark.django_db
def test_every_table_that_names_a_teacher_is_checked() -> None:
    """A new table with a `teacher_id` must join CHILD_ROWS (and get its key), or this
    fails: no child table can be forgotten."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' "
            "AND column_name = 'teacher_id' AND table_name NOT LIKE '%%history'"
        )
        tables = {row[0] for row in cursor.fetchall()}
    assert tables == set(CHILD_ROWS)


@pytest.mark.django_db
@pytest.mark.parametrize("table", sorted(CHILD_ROWS))
def test_a_row_cannot_name_another_schools_teacher(world: World, table: str) -> None:
    """School A1's row naming A2's teacher is refused at the database; with A1's own
    teacher the same row is taken (so the refusal is about the teacher, nothing else)."""
    build = CHILD_ROWS[table]
    own, other = world.schools["A1"], world.schools["A2"]
    with pytest.raises(IntegrityError) as refused:
        _insert_and_check(build, world, own, other.teachers[2])
    assert "same_school_fk" in str(refused.value) or "another school" in str(refused.value)
    _insert_and_check(build, world, own, own.teachers[2])


@pytest.mark.django_db
def test_a_district_activity_takes_teachers_of_its_district_only(world: World) -> None:
    """A district's activity (school null) may have any of its schools' teachers, never
    another district's."""
    district = world.districts["A"]
    activity = TrainingActivity.objects.create(
        district=district, school=None, title="区级班主任论坛", organiser_level="district",
        topic="家校沟通", date=first_day(), hours=Decimal("3.0"), form="lecture",
        credit_class="lecture", minutes=MINUTES, created_by=world.user("A.admin"),
    )  # fmt: skip
    for key in ("A1", "A2"):
        Attendance.objects.create(
            activity=activity, teacher=world.schools[key].teachers[0], hours=activity.hours
        )
    with pytest.raises(IntegrityError, match="another school or district"), transaction.atomic():
        Attendance.objects.create(
            activity=activity, teacher=world.schools["B1"].teachers[0], hours=activity.hours
        )
    assert Attendance.objects.filter(activity=activity).count() == 2


@pytest.mark.django_db
def test_a_school_team_is_hosted_by_one_of_its_teachers(world: World) -> None:
    """XH26-A2-2: a school's studio is its own senior teacher's; naming another school's
    teacher as its host is refused at the database."""
    own, other = world.schools["A1"], world.schools["A2"]

    def team(host: Teacher) -> None:
        with transaction.atomic():
            Team.objects.create(
                district=own.school.district, school=own.school, kind=TeamKind.STUDIO,
                name="校级工作室", host=host, host_kind=HostKind.SENIOR,
                established_on=first_day(), created_by=own.job.created_by,
            )  # fmt: skip
            connection.check_constraints()

    with pytest.raises(IntegrityError, match="same_school_fk"):
        team(other.teachers[0])
    team(own.teachers[0])
    assert Team.objects.filter(school=own.school).count() == 1
