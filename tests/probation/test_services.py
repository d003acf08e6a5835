"""Selection and probation services (issue 13 §1–4): the 8+32+X buckets from the ledger,
the three-level assessment through the kit's review service, and the appointment that
names every missing piece. Each test cites its POLICY ID."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from apps.core.schoolyear import today
from apps.people import services as people_services
from apps.people.models import AssignmentRole, HomeroomAssignment, Teacher
from apps.probation import services
from apps.probation.models import AssessmentLevel, AssessmentStatus, Trainee, TraineeStatus
from apps.probation.selectors import probation_rules, progress_of
from apps.training.models import ProbationBucket
from tests.personas import World
from tests.probation.support import (
    START,
    all_hours,
    deputy_practice,
    graduate,
    hours,
    new_teacher,
    on_xuhui,
    school_assessments,
    trainee,
)


@pytest.fixture
def xuhui(world: World) -> World:
    return on_xuhui(world)


def _progress(t: Trainee):  # type: ignore[no-untyped-def]
    t.refresh_from_db()
    (found,) = progress_of([t], probation_rules(district=t.school.district))
    return found


def _appoint(world: World, t: Trainee) -> Trainee:
    return services.trainee_appoint(
        trainee=t, actor=world.user("A1.leader"), school_class=world.schools["A1"].classes[1],
        appointed_on=START + dt.timedelta(days=70),
    )  # fmt: skip


def test_xh26_prob_hours_buckets_come_from_the_ledger(xuhui: World) -> None:
    """XH26-PROB-HOURS: 8 district + 32 micro-specialty + the school's X, from the
    probation rows of the ledger since the probation began; the planned end is a year on."""
    t = trainee(xuhui, "A1", school_hours_target=4)
    assert t.planned_end_on == START.replace(year=START.year + 1)
    hours(xuhui, t, ProbationBucket.MICRO, "30", day=START + dt.timedelta(days=5))
    hours(xuhui, t, ProbationBucket.SCHOOL, "4", day=START + dt.timedelta(days=6))
    hours(xuhui, t, ProbationBucket.NONE, "9", day=START + dt.timedelta(days=7))  # not probation
    found = {b.key: (b.hours, b.target) for b in _progress(t).buckets}
    assert found == {"district": (0, 8), "micro": (30, 32), "school": (4, 4)}


def test_xh26_prob_assess_appointment_refused_naming_each_missing_piece(xuhui: World) -> None:
    """XH26-PROB-ASSESS / XH26-A1-1: an appointment with a piece missing is refused, and
    the message names each one; nothing changes."""
    t = trainee(xuhui, "A1")
    all_hours(xuhui, t, micro="30")
    with pytest.raises(ValidationError) as refused:
        _appoint(xuhui, t)
    message = refused.value.message_dict["status"][0]
    assert "专项微专业培训 30/32 学时" in message
    assert "学校过程考核尚未完成" in message and "区级结业考核尚未完成" in message
    assert "培养型副班主任实践" in message  # XH26-DEPUTY: aged ≤ 35, no deputy post yet
    t.refresh_from_db()
    assert t.status == TraineeStatus.IN_PROBATION
    assert not HomeroomAssignment.objects.filter(teacher=t.teacher, role="homeroom").exists()


def test_xh26_prob_assess_the_whole_path_appoints_to_the_class(xuhui: World) -> None:
    """XH26-PROB-ASSESS: hours met, the school's two assessments and the district's
    graduation passed, the deputy practice done → appointed; the assignment is created."""
    t = trainee(xuhui, "A1")
    all_hours(xuhui, t)
    deputy_practice(xuhui, "A1", t)
    graduate(xuhui, "A1", t)
    assert _progress(t).appointable
    appointed = _appoint(xuhui, t)
    assert appointed.status == TraineeStatus.APPOINTED
    assignment = HomeroomAssignment.objects.get(teacher=t.teacher, role=AssignmentRole.HOMEROOM)
    assert assignment.school_class == xuhui.schools["A1"].classes[1]
    assert Teacher.objects.get(pk=t.teacher_id).homeroom_since == START + dt.timedelta(days=70)


def test_xh26_deputy_practice_is_asked_only_of_the_young(xuhui: World) -> None:
    """XH26-DEPUTY (a marked reading): a trainee over 35 at the school year's start is not
    asked for the training-track deputy practice; one of 35 is (the bound included)."""
    older = new_teacher(xuhui, "A1", 7, born=START.replace(year=START.year - 36))
    at_bound = new_teacher(xuhui, "A1", 8, born=START.replace(year=START.year - 35))
    found = {p.trainee.teacher_id: p.deputy_practice for p in progress_of(
        [trainee(xuhui, "A1", teacher=older), trainee(xuhui, "A1", teacher=at_bound)],
        probation_rules(district=xuhui.districts["A"]),
    )}  # fmt: skip
    assert found == {older.pk: None, at_bound.pk: False}


def test_xh26_prob_assess_no_other_path_gives_a_trainee_a_homeroom_post(xuhui: World) -> None:
    """The roster form's service refuses a trainee as homeroom teacher with the same
    message; a deputy post stays possible."""
    t = trainee(xuhui, "A1")
    sd = xuhui.schools["A1"]
    with pytest.raises(ValidationError) as refused:
        people_services.assignment_create(
            school=sd.school, teacher=t.teacher, school_class=sd.classes[1],
            role=AssignmentRole.HOMEROOM,
        )  # fmt: skip
    assert "尚在见习期，不能正式聘任为班主任" in refused.value.message_dict["teacher"][0]
    assert "区级结业考核尚未完成" in refused.value.message_dict["teacher"][0]
    people_services.assignment_create(
        school=sd.school, teacher=t.teacher, school_class=sd.classes[1],
        role=AssignmentRole.DEPUTY_TRAINING,
    )  # fmt: skip


def test_xh26_prob_assess_the_roster_import_refuses_a_trainee_too(xuhui: World) -> None:
    """The roster import names the class row and saves nothing."""
    from apps.people import services as roster
    from tests.support.xlsx import class_row, roster_file

    t = trainee(xuhui, "A1")
    sd = xuhui.schools["A1"]
    data = roster_file(classes=[class_row(sd.classes[1].school_year, "二年级", "新一班",
                                          班主任工号=t.teacher.employee_no)])  # fmt: skip
    job = roster.roster_import_start(
        school=sd.school, actor=xuhui.user("A1.leader"), file_name="r.xlsx", data=data
    )
    roster.roster_import_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.state == "failed"
    assert [(e["sheet"], e["row"], e["column"]) for e in job.errors] == [("班级", 2, "班主任工号")]
    assert "尚在见习期" in job.errors[0]["message"]
    assert not HomeroomAssignment.objects.filter(teacher=t.teacher).exists()


def test_xh26_prob_assess_a_failure_defers_and_a_retry_is_a_new_attempt(xuhui: World) -> None:
    """不合格 → 暂缓聘任 (the comment is required); a retry starts attempt 2, in which
    the earlier results do not count."""
    t = trainee(xuhui, "A1")
    leader = xuhui.user("A1.leader")
    with pytest.raises(ValidationError) as no_comment:
        services.assessment_record(
            trainee=t, actor=leader, level=AssessmentLevel.SCHOOL_PROCESS,
            assessed_on=START + dt.timedelta(days=30), passed=False, assessor_name="德育处",
        )  # fmt: skip
    assert "考核意见" in no_comment.value.message_dict["comment"][0]
    services.assessment_record(
        trainee=t, actor=leader, level=AssessmentLevel.SCHOOL_PROCESS,
        assessed_on=START + dt.timedelta(days=30), passed=False, assessor_name="德育处",
        comment="班会设计缺少学生参与环节。",
    )  # fmt: skip
    t.refresh_from_db()
    assert t.status == TraineeStatus.DEFERRED
    retried = services.trainee_retry(trainee=t, actor=leader)
    assert (retried.status, retried.attempt) == (TraineeStatus.IN_PROBATION, 2)
    assert "学校过程考核尚未完成" in _progress(t).missing
    assert t.assessments.get().status == AssessmentStatus.FAILED  # history kept


def test_nobody_assesses_their_own_probation(xuhui: World) -> None:
    """The kit's rule: a leader who is the trainee may not assess the probation."""
    t = trainee(xuhui, "A1")
    Teacher.objects.filter(pk=t.teacher_id).update(user=xuhui.user("A1.leader"))
    t.refresh_from_db()
    with pytest.raises(PermissionDenied, match="不能评定本人的见习考核"):
        services.assessment_record(
            trainee=t, actor=xuhui.user("A1.leader"), level=AssessmentLevel.SCHOOL_PROCESS,
            assessed_on=START + dt.timedelta(days=30), passed=True, assessor_name="本人",
        )  # fmt: skip
    assert not t.assessments.exists()


def test_the_district_assesses_only_what_the_school_sent_on(xuhui: World) -> None:
    """区级结业考核 after the school's 报送 (hours met, two levels passed); the school
    cannot send on a trainee short of hours, and is told what is short."""
    t = trainee(xuhui, "A1")
    hours(xuhui, t, ProbationBucket.DISTRICT, "8", day=START + dt.timedelta(days=3))
    school_assessments(xuhui, "A1", t)
    with pytest.raises(ValidationError, match="专项微专业培训 0/32 学时"):
        services.trainee_send_to_district(trainee=t, actor=xuhui.user("A1.leader"))
    with pytest.raises(ValidationError, match="须在学校报送后进行"):
        services.assessment_record(
            trainee=t, actor=xuhui.user("A.reviewer"), level=AssessmentLevel.DISTRICT_GRADUATION,
            assessed_on=START + dt.timedelta(days=50), passed=True, assessor_name="区德研室",
        )  # fmt: skip
    with pytest.raises(PermissionDenied):  # another district's reviewer
        services.assessment_record(
            trainee=t, actor=xuhui.user("B.reviewer"), level=AssessmentLevel.DISTRICT_GRADUATION,
            assessed_on=START + dt.timedelta(days=50), passed=True, assessor_name="外区",
        )  # fmt: skip


def test_impossible_probation_records_are_refused_with_the_field_named(xuhui: World) -> None:
    """A start after today, an assessment before the start, an X below the pack's
    minimum, a mentor short of the pack's years (the reading marked 解释)."""
    sd = xuhui.schools["A1"]
    leader = xuhui.user("A1.leader")
    teacher = new_teacher(xuhui, "A1", 5)
    young_mentor = new_teacher(xuhui, "A1", 6)
    Teacher.objects.filter(pk=young_mentor.pk).update(homeroom_since=dt.date(2024, 9, 1))
    young_mentor.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        services.trainee_create(
            school=sd.school, actor=leader, teacher=teacher,
            started_on=today() + dt.timedelta(days=3), mentor=young_mentor,
            school_hours_target=-1,
        )  # fmt: skip
    errors = refused.value.message_dict
    assert "见习开始日期不能晚于今天" in errors["started_on"][0]
    assert "校级跟岗培训学时（X）" in errors["school_hours_target"][0]
    assert "不满5 年（解释" in errors["mentor"][0]
    assert not Trainee.objects.filter(teacher=teacher).exists()
    t = trainee(xuhui, "A1", teacher=teacher)
    with pytest.raises(ValidationError, match=r"考核日期.*早于见习开始日期"):
        services.assessment_record(
            trainee=t, actor=leader, level=AssessmentLevel.SCHOOL_PROCESS,
            assessed_on=START - dt.timedelta(days=1), passed=True, assessor_name="德育处",
        )  # fmt: skip
