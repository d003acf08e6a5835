"""Demo probation records (called by apps.demo only): in a district whose packs hold the
probation indicators, trainees at every stage across its schools, so the 选聘配备 column
shows a real mix —

* school 0, 4, 8 …: a trainee begun last year and appointed this year after passing all
  three assessments (met), and one begun this year and still short (named, not counted);
* school 1, 5 …: one begun this year, short of micro-specialty hours (not yet due), and
  one sent on to the district's graduation queue;
* school 2, 6 …: one begun last year whose 上岗技能考核 failed (暂缓聘任, past its end:
  not met) beside one appointed (partly met);
* school 3, 7 …: no trainee (no data), as a school without new homeroom teachers is.

Hours come from district activities (区级集中培训 8, 专项微专业培训 4 × 8) and the
school's shadowing sessions, through the training services; everything else through the
probation services, by the school's leader and the district's reviewer."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from apps.compliance import packs as pack_data
from apps.core.schoolyear import school_year, today
from apps.people import services as people
from apps.people.models import (
    DEPUTY_ROLES,
    AssignmentRole,
    HomeroomAssignment,
    SchoolClass,
    Teacher,
)
from apps.probation import services
from apps.probation.models import (
    Assessment,
    AssessmentLevel,
    AssessmentStatus,
    CaseType,
    ReserveEntry,
    ReserveSource,
    Trainee,
    TraineeStatus,
)
from apps.probation.services import (
    case_guidance_add,
    deputy_assess,
    deputy_path_add,
    home_visit_add,
    reserve_entry_create,
)
from apps.tenancy.models import District, Membership, Role, School
from apps.training import services as training
from apps.training.models import CreditClass, ProbationBucket, TrainingActivity

MINUTES = "围绕新任班主任班集体建设与家校沟通开展专题培训，导师示范、学员演练并逐一点评。"
NAMES = "林晓 陈雨 周宁 吴越 郑安 王悦 冯可 何畅 许诺 叶舟 蒋欣 沈岚".split()  # noqa: SIM905


def _on(day: dt.date) -> dt.date:
    return min(day, today())


def _district_admin(district: District) -> Any:
    membership = (
        Membership.objects.filter(district=district, school=None, role=Role.DISTRICT_ADMIN)
        .select_related("user")
        .first()
    )
    return membership.user if membership else None


def seed_probation_demo(
    *, district: District, year: int, leader_of: Callable[[School], Any], reviewer: Any
) -> int:
    """Once per district (skipped when it has trainees, or no probation indicator in its
    packs); returns the number of trainees made."""
    codes = {i.code for pack in pack_data.active_packs(district) for i in pack.indicators.all()}
    admin = _district_admin(district)
    if "XH26-A1-1" not in codes or admin is None:
        return 0
    if Trainee.objects.filter(district=district).exists():
        return 0
    made: list[tuple[Trainee, str]] = []
    for index, school in enumerate(district.schools.order_by("code")):
        plan = ("done", "waiting", "deferred", "")[index % 4]
        if plan:
            made += _school_trainees(school, index, plan, leader_of(school), year)
        if index not in UNRECORDED:
            _backfill_appointed(school, leader_of(school), year)
    _district_hours(district, admin, made, year)
    for trainee, stage in made:
        _advance(trainee, stage, leader_of(trainee.school), reviewer, year)
    return len(made)


# Schools whose new homeroom teachers of this September have no probation on record (they
# show as 未经见习即担任班主任); the others' were recorded when they were appointed.
UNRECORDED = (2, 5, 6)


def _backfill_appointed(school: School, leader: Any, year: int) -> None:
    """The school's homeroom teachers first appointed this school year went through last
    year's probation before the platform, appointed at its end (so this year does not judge
    them again): their appointed records and passed assessments,
    written as the records of that time (补录), not through this year's services."""
    start = school_year(year).start
    posts = HomeroomAssignment.objects.filter(
        school=school, school_year=year, role=AssignmentRole.HOMEROOM,
        teacher__homeroom_since__gte=start, teacher__probations__isnull=True,
    ).select_related("teacher")  # fmt: skip
    for post in posts:
        first_post = post.teacher.homeroom_since
        assert first_post is not None  # the filter above
        began = first_post.replace(year=first_post.year - 1)
        appointed = first_post - dt.timedelta(days=1)  # at the end of last year's probation
        trainee = Trainee.objects.create(
            school=school, district_id=school.district_id, teacher=post.teacher,
            started_on=began, planned_end_on=appointed,
            status=TraineeStatus.APPOINTED, appointed_on=appointed,
            assignment=post, created_by=leader, note="平台上线前完成见习并正式聘任（补录）。",
        )  # fmt: skip
        for level in AssessmentLevel.values:
            Assessment.objects.create(
                school=school, district_id=school.district_id, trainee=trainee, level=level,
                assessed_on=began + dt.timedelta(days=300), assessor_name="（补录）",
                status=AssessmentStatus.PASSED, submitted_by=leader, reviewed_by=leader,
            )  # fmt: skip


def _school_trainees(
    school: School, index: int, plan: str, leader: Any, year: int
) -> list[tuple[Trainee, str]]:
    stages = {
        "done": ("appointed", "running"),
        "waiting": ("short", "sent"),
        "deferred": ("deferred", "appointed"),
    }[plan]
    mentor = (
        Teacher.objects.for_school(school)
        .filter(homeroom_since__lte=today().replace(year=today().year - 6))
        .order_by("employee_no")
        .first()
    )
    made = []
    for n, stage in enumerate(stages):
        last_year = stage in ("appointed", "deferred")
        start = school_year(year - 1 if last_year else year).start + dt.timedelta(days=2)
        name = NAMES[(index * 2 + n) % len(NAMES)]
        teacher = people.teacher_create(
            school=school, employee_no=f"JX{index:02d}{n}", name=f"{name}{index}",
            gender="F" if n else "M", birth_date=dt.date(1999, 3 + n, 12),
            teaching_since=start - dt.timedelta(days=7), psych_certificate="C",
        )  # fmt: skip
        trainee = services.trainee_create(
            school=school, actor=leader, teacher=teacher, started_on=start, mentor=mentor,
            school_hours_target=Decimal(4),
        )  # fmt: skip
        made.append((trainee, stage))
    return made


def _district_hours(
    district: District, admin: Any, made: list[tuple[Trainee, str]], year: int
) -> None:
    """区级集中培训 (8) and four 专项微专业培训 modules (8 each) per school year the
    trainees began in; a short trainee misses the last module."""
    for begun in (year - 1, year):
        group = [(t, s) for t, s in made if t.started_on in school_year(begun)]
        if not group:
            continue
        start = school_year(begun).start
        sessions = [(ProbationBucket.DISTRICT, "见习班主任区级集中培训", 5)]
        sessions += [
            (ProbationBucket.MICRO, f"专项微专业培训·模块{n}", 12 + 7 * n) for n in (1, 2, 3, 4)
        ]
        for number, (bucket, title, offset) in enumerate(sessions):
            activity = training.activity_create(
                district=district, school=None, actor=admin, title=title, topic="班集体建设",
                date=_on(start + dt.timedelta(days=offset)), hours=Decimal(8), form="lecture",
                credit_class=CreditClass.LECTURE, minutes=MINUTES, probation_bucket=bucket,
                organiser_level="district",
            )  # fmt: skip
            present = [t.teacher for t, s in group if not (s == "short" and number == 4)]
            training.attendance_record(activity=activity, teachers=present, actor=admin)


def _advance(trainee: Trainee, stage: str, leader: Any, reviewer: Any, year: int) -> None:
    if stage in ("short", "running"):
        return
    start = trainee.started_on
    shadowing: TrainingActivity = training.activity_create(
        district=trainee.school.district, school=trainee.school, actor=leader,
        title="校级跟岗：随堂观摩班会与家长会", topic="班集体建设",
        date=_on(start + dt.timedelta(days=40)), hours=Decimal(4), form="practice",
        credit_class=CreditClass.PRACTICE, minutes=MINUTES, probation_bucket=ProbationBucket.SCHOOL,
    )  # fmt: skip
    training.attendance_record(activity=shadowing, teachers=[trainee.teacher], actor=leader)
    _deputy_post(trainee, year)
    day = _on(start + dt.timedelta(days=60))
    failed = stage == "deferred"
    for level in (AssessmentLevel.SCHOOL_PROCESS, AssessmentLevel.ONDUTY_SKILLS):
        fails = failed and level == AssessmentLevel.ONDUTY_SKILLS
        services.assessment_record(
            trainee=trainee, actor=leader, level=level, assessed_on=day, passed=not fails,
            assessor_name="校德育处考核小组",
            comment="主题班会组织不够规范，家校沟通话术需加强。" if fails else "",
        )  # fmt: skip
    if failed:
        return
    services.trainee_send_to_district(trainee=trainee, actor=leader)
    if stage == "sent":
        return
    services.assessment_record(
        trainee=trainee, actor=reviewer, level=AssessmentLevel.DISTRICT_GRADUATION,
        assessed_on=_on(start + dt.timedelta(days=80)), passed=True, assessor_name="区德研室",
    )  # fmt: skip
    services.trainee_appoint(
        trainee=trainee, actor=leader, school_class=_new_class(trainee, year),
        appointed_on=today(),
    )  # fmt: skip


def _deputy_post(trainee: Trainee, year: int) -> None:
    """XH26-DEPUTY: the trainee's training-track deputy post in a class of the year."""
    school_class = (
        SchoolClass.objects.for_school(trainee.school)
        .filter(school_year=year)
        .order_by("id")
        .first()
    )
    if school_class is not None:
        people.assignment_create(
            school=trainee.school, teacher=trainee.teacher, school_class=school_class,
            role=AssignmentRole.DEPUTY_TRAINING,
        )  # fmt: skip


def _new_class(trainee: Trainee, year: int) -> SchoolClass:
    """A class of the year for the appointed trainee, in the school's lowest grade."""
    first = (
        SchoolClass.objects.for_school(trainee.school).filter(school_year=year).order_by("grade")
    ).first()
    grade = first.grade if first else 1
    return people.class_create(
        school=trainee.school, school_year=year, grade=grade, name=f"新{trainee.pk}班",
        student_count=38,
    )  # fmt: skip


def seed_pipeline_demo(*, district: District, year: int, leader_of: Callable[[School], Any]) -> int:
    """Deputies' training paths, assessments and case guidance (XH26-DEPUTY, A2P-1.*), the
    reserve pool (XH26-RESERVE) and — where lishui-2015 applies — home visits
    (LS15-HOMEVISIT), in some schools and not others, through the services. Once per
    district (skipped when it has reserve entries); returns the number of records made."""
    if ReserveEntry.objects.filter(district=district).exists():
        return 0
    codes = {i.code for pack in pack_data.active_packs(district) for i in pack.indicators.all()}
    made = 0
    for index, school in enumerate(district.schools.order_by("code")):
        leader = leader_of(school)
        start = school_year(year).start
        if index % 3 != 2:
            made += _reserve(school, leader, year, start, index)
        if index % 2 == 0:
            made += _deputies(school, leader, year, start)
        if "LS15-HOMEVISIT" in codes and index % 3 != 1:
            made += _home_visits(school, leader, year, start, share=1.0 if index % 3 == 0 else 0.5)
    return made


def _reserve(school: School, leader: Any, year: int, start: dt.date, index: int) -> int:
    posted = HomeroomAssignment.objects.filter(school=school, school_year=year).values("teacher")
    young = (
        Teacher.objects.for_school(school)
        .exclude(pk__in=posted)
        .exclude(user=leader)
        .filter(probations__isnull=True, birth_date__gte=dt.date(year - 33, 1, 1))
        .order_by("employee_no")[: 1 + index % 2]
    )
    for teacher in young:
        reserve_entry_create(
            school=school, actor=leader, teacher=teacher, source=ReserveSource.TRAINING,
            entered_on=_on(start + dt.timedelta(days=15)),
            completed="参加区“青年教师班主任专题培训”并完成班会设计作业。",
        )  # fmt: skip
    return len(young)


def _deputies(school: School, leader: Any, year: int, start: dt.date) -> int:
    made = 0
    posts = HomeroomAssignment.objects.filter(
        school=school, school_year=year, role__in=DEPUTY_ROLES
    ).select_related("teacher", "school").order_by("id")  # fmt: skip
    for post in posts:
        if post.teacher.user_id == leader.pk:
            continue  # nobody records their own
        if post.role == AssignmentRole.DEPUTY_TRAINING:
            deputy_path_add(
                assignment=post, actor=leader, date=_on(start + dt.timedelta(days=20)),
                item="跟班参与主题班会设计与家长会组织",
                notes="导师点评：环节完整，需加强学生参与。",
            )  # fmt: skip
            deputy_assess(
                assignment=post, actor=leader, assessed_on=_on(start + dt.timedelta(days=60)),
                passed=True,
            )  # fmt: skip
        else:
            case_guidance_add(
                assignment=post, actor=leader, date=_on(start + dt.timedelta(days=30)),
                case_type=CaseType.HOME_SCHOOL, advice="先与家长单独沟通，约定每周反馈一次。",
                outcome="家长配合度提高，矛盾缓解。",
            )  # fmt: skip
        made += 1
        if made >= 2:
            break
    return made


def _home_visits(school: School, leader: Any, year: int, start: dt.date, *, share: float) -> int:
    classes = list(SchoolClass.objects.for_school(school).filter(school_year=year).order_by("id"))
    visited = classes[: max(1, int(len(classes) * share))]
    for school_class in visited:
        home_visit_add(
            school=school, actor=leader, school_class=school_class,
            date=_on(start + dt.timedelta(days=25)), homes=max(1, school_class.student_count),
        )  # fmt: skip
    return len(visited)
