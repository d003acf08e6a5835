"""Demo training records: this school year's school-based sessions (a research session
most months — a few schools miss one; in-service training, LS15-LAYERS), attendance of the
homeroom teachers, a joint session with 思政课 teachers in some schools, cadre training,
external training records (verified, and one waiting for the demo teacher's school), a few
archive entries; and for the computed rules of issue #11 §14 a mix across the schools:
needs surveys answered by all, most or few homeroom teachers (PT24-NEEDS), pre-service
sessions for the year's new homeroom teachers, fully or partly attended (LS15-NEW-HOURS),
a district backbone session (LS15-LAYERS), and the backbone centralised training of the
cohort with its offsets recognised for some who completed it (XB23-CREDIT)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError

from apps.core.schoolyear import school_year, today
from apps.people.models import AssignmentRole, Teacher
from apps.tenancy.models import District, Membership, Role, School

from . import services
from .models import (
    AchievementKind,
    AchievementLevel,
    ArchiveEntry,
    LedgerEntry,
    SurveyResponse,
    TrainingActivity,
)
from .selectors.common import district_parameters
from .selectors.offsets import offset_rule

MINUTES = (
    "围绕本月班级管理中的典型问题开展研讨：先由主讲班主任介绍案例背景与处理过程，"
    "再分组分析成因、比较干预策略，最后形成可在各班试行的改进要点，并约定下月交流实施情况。"
)
TOPICS = (
    "新生适应期的班级常规建设",
    "学生同伴冲突的成因与干预",
    "家校沟通中的分歧处理",
    "学困生的激励与个别化辅导",
    "班干部培养与班级自治",
    "网络使用与学生心理健康",
)


def _month_days(year: int) -> list[dt.date]:
    """The 10th of every month of the school year up to today."""
    period = school_year(year)
    days = []
    day = dt.date(period.start.year, period.start.month, 10)
    while day <= min(today(), period.end):
        days.append(day)
        day = dt.date(day.year + (day.month == 12), day.month % 12 + 1, 10)
    return days


def seed_training_demo(
    *, district: District, year: int, leader_of: Callable[[School], Any]
) -> None:
    """Once per district and year (skipped when the district already has ledger rows);
    each school's records are made by `leader_of(school)`. Called by `apps.demo.seed`."""
    if LedgerEntry.objects.filter(district=district, school_year=year).exists():
        return
    demos: list[_SchoolDemo] = []
    for index, school in enumerate(district.schools.order_by("code")):
        leader = leader_of(school)
        homeroom = list(
            Teacher.objects.for_school(school)
            .filter(assignments__school_year=year, assignments__role=AssignmentRole.HOMEROOM)
            .distinct()
            .order_by("employee_no")
        )
        if not homeroom:
            continue
        demo = _SchoolDemo(
            district=district,
            school=school,
            index=index,
            leader=leader,
            homeroom=homeroom,
            days=_month_days(year),
        )
        _research_sessions(demo)
        _cadre_training(demo)
        _external_records(demo)
        _archive_entries(demo)
        demos.append(demo)
    _pending_for_demo_teacher(district, year)
    admin = _district_admin(district)
    if admin is not None and demos:
        _needs_surveys(demos, admin, year)
        _district_layers(demos, admin, year)
        _backbone_training(demos, admin)


@dataclass(frozen=True)
class _SchoolDemo:
    district: District
    school: School
    index: int  # the school's place in the district, by code
    leader: Any
    homeroom: list[Teacher]  # this year's homeroom teachers
    days: list[dt.date]  # the 10th of every month so far


def _research_sessions(demo: _SchoolDemo) -> None:
    """A research session every month (a few schools miss the last), with some absences."""
    for month_index, day in enumerate(demo.days):
        if demo.index % 4 == 3 and month_index == len(demo.days) - 1:
            continue  # some schools have not held this month's session yet
        activity = services.activity_create(
            district=demo.district,
            school=demo.school,
            actor=demo.leader,
            title=f"{day.month}月班主任校本研修",
            topic=TOPICS[(demo.index + month_index) % len(TOPICS)],
            date=day,
            hours=Decimal(3),
            form="case" if month_index % 2 else "discussion",
            credit_class="practice" if month_index % 2 else "lecture",
            module="class_collective",
            layer="in_service",
            is_research_session=True,
            is_joint_ideological=demo.index % 2 == 0 and month_index == 1,
            minutes=MINUTES,
        )
        present = [t for n, t in enumerate(demo.homeroom) if (n + month_index) % 7]
        services.attendance_record(activity=activity, teachers=present, actor=demo.leader)


def _cadre_training(demo: _SchoolDemo) -> None:
    """Cadre training for two moral-education cadres, in two schools of three."""
    cadres = list(Teacher.objects.for_school(demo.school).filter(is_moral_cadre=True))
    if not cadres or demo.index % 3 == 2:
        return
    activity = services.activity_create(
        district=demo.district,
        school=demo.school,
        actor=demo.leader,
        title="德育干部专题培训（区级集中）",
        topic="德育干部的育人理念与实务能力",
        date=demo.days[0] + dt.timedelta(days=5),
        hours=Decimal(6),
        form="lecture",
        credit_class="lecture",
        is_cadre_training=True,
        minutes=MINUTES,
    )
    services.attendance_record(activity=activity, teachers=cadres[:2], actor=demo.leader)


def _external_records(demo: _SchoolDemo) -> None:
    """A verified city training for the first three homeroom teachers other than the
    leader (a leader who also teaches never verifies their own hours)."""
    colleagues = [t for t in demo.homeroom if t.user_id is None or t.user_id != demo.leader.pk]
    for teacher in colleagues[:3]:
        record = services.external_submit(
            teacher=teacher,
            actor=demo.leader,
            title="市级班主任心理健康教育专题网络培训",
            organiser="市教育委员会",
            organiser_level="city",
            date=demo.days[0] + dt.timedelta(days=12),
            hours=Decimal(8),
            credit_class="lecture",
        )
        services.external_review(record=record, reviewer=demo.leader, verify=True)


def _archive_entries(demo: _SchoolDemo) -> None:
    """Open lessons and awards for two homeroom teachers in three."""
    ArchiveEntry.objects.bulk_create(
        ArchiveEntry(
            school=demo.school,
            district_id=demo.district.pk,
            teacher=teacher,
            kind=AchievementKind.OPEN_LESSON if n % 2 else AchievementKind.AWARD,
            level=AchievementLevel.DISTRICT if n % 3 else AchievementLevel.SCHOOL,
            title="主题班会展示课" if n % 2 else "校级优秀班主任",
            date=demo.days[0],
            created_by=demo.leader,
        )
        for n, teacher in enumerate(demo.homeroom)
        if n % 3 != 1
    )


def _pending_for_demo_teacher(district: District, year: int) -> None:
    """The demo teacher has one record waiting for verification (学时审定 queue)."""
    teacher = Teacher.objects.filter(district=district, user__username__endswith="_teacher").first()
    if teacher is None or teacher.user is None:
        return
    services.external_submit(
        teacher=teacher,
        actor=teacher.user,
        title="区级班主任基本功展示观摩",
        organiser=f"{district.name}教育学院",
        organiser_level="district",
        date=_month_days(year)[-1],
        hours=Decimal(4),
        credit_class="practice",
        note="观摩区级班主任基本功展示并提交观摩报告。",
    )


# --------------------------------------------------------------------------- issue #11 §14


def _district_admin(district: District) -> Any:
    membership = (
        Membership.objects.filter(district=district, school__isnull=True, role=Role.DISTRICT_ADMIN)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return membership.user if membership else None


SURVEY_QUESTIONS: list[dict[str, Any]] = [
    {
        "text": "本学年最希望提升的班主任工作能力是？",
        "choices": ["班集体管理", "学生发展指导", "家校沟通与合作"],
    },
    {
        "text": "希望的研修形式（可多选）",
        "choices": ["专题讲座", "案例分析", "情境体验", "网络研修"],
        "multiple": True,
    },
]


def _needs_surveys(demos: list[_SchoolDemo], admin: Any, year: int) -> None:
    """PT24-NEEDS: the district's needs survey of the year and the school's own in two
    schools of three; every homeroom teacher answers in some schools, most, half or few
    in the others (answers written directly: demo teachers have no logins)."""
    district = demos[0].district
    title = f"{school_year(year).label}班主任研修需求调研"
    surveys = {
        0: services.survey_create(
            district=district, school=None, actor=admin, title=title, questions=SURVEY_QUESTIONS
        )
    }
    for demo in demos:
        if demo.index % 3 != 2:
            surveys[demo.school.pk] = services.survey_create(
                district=district, school=demo.school, actor=demo.leader,
                title=f"{demo.school.name}{title}", questions=SURVEY_QUESTIONS,
            )  # fmt: skip
    responses = []
    for demo in demos:
        share = (1.0, 0.85, 0.5, 0.2)[demo.index % 4]
        answering = demo.homeroom[: round(len(demo.homeroom) * share)]
        survey = surveys.get(demo.school.pk, surveys[0])
        responses += [
            SurveyResponse(survey=survey, teacher=t, answers=[[n % 3], [0, 1 + n % 3]])
            for n, t in enumerate(answering)
        ]
    SurveyResponse.objects.bulk_create(responses)


def _district_session(
    demos: list[_SchoolDemo], admin: Any, day: dt.date, layer: str, teachers: list[Teacher]
) -> None:
    titles = {"pre_service": "新任班主任上岗培训", "backbone": "骨干班主任集中培训"}
    activity = services.activity_create(
        district=demos[0].district,
        school=None,
        actor=admin,
        organiser_level="district",
        organiser_name=f"{demos[0].district.name}教育学院",
        title=f"{titles[layer]}（{day.month}月）",
        topic="班主任专业能力的关键问题",
        date=day,
        hours=Decimal(8) if layer == "pre_service" else Decimal(4),
        form="lecture",
        credit_class="lecture",
        layer=layer,
    )
    services.attendance_record(activity=activity, teachers=teachers, actor=admin)


def _district_layers(demos: list[_SchoolDemo], admin: Any, year: int) -> None:
    """LS15-NEW-HOURS and LS15-LAYERS: three 8-hour pre-service sessions for the year's new
    homeroom teachers (in one school of three they miss the last one), and a district
    backbone session attended in half the schools."""
    period = school_year(year)
    new = {
        demo.school.pk: [t for t in demo.homeroom if t.homeroom_since in period] for demo in demos
    }
    days = [d for d in (dt.date(period.start.year, m, 20) for m in (9, 10, 11)) if d <= today()]
    for number, day in enumerate(days):
        teachers = [
            t
            for demo in demos
            if not (demo.index % 3 == 1 and number == len(days) - 1)
            for t in new[demo.school.pk]
        ]
        if teachers:
            _district_session(demos, admin, day, "pre_service", teachers)
    if days:
        backbone = [d.homeroom[0] for d in demos if d.index % 2 == 0]
        _district_session(demos, admin, days[0] + dt.timedelta(days=2), "backbone", backbone)


# (years after the cohort's start, month, day) of the centralised sessions
BACKBONE_SESSION_DAYS = ((1, 10, 16), (2, 3, 19), (2, 10, 15))


def _backbone_training(demos: list[_SchoolDemo], admin: Any) -> None:
    """XB23-CREDIT: the cohort's district backbone centralised training (three sessions
    before the training phase ends) for two experienced teachers in six schools — in one
    school of four the second misses the last — and, once the phase has ended, the offset
    recognised for all who completed it (school 0, 3), the first only (1, 4) or nobody yet
    (2, 5). Once per district: skipped when the cohort's sessions exist."""
    district = demos[0].district
    rule = offset_rule(district_parameters(district=district))
    if (
        rule is None
        or TrainingActivity.objects.filter(
            district=district, school__isnull=True, layer="backbone", date__lte=rule.training_ends
        ).exists()
    ):
        return
    start = rule.cohort.start.year
    days = [
        d
        for d in (dt.date(start + years, m, day) for years, m, day in BACKBONE_SESSION_DAYS)
        if d <= min(rule.sessions_until, today())
    ]
    chosen = {
        demo.school.pk: [
            t
            for t in demo.homeroom
            if t.teaching_since and t.teaching_since <= rule.cohort.start
            and t.user_id != demo.leader.pk
        ][:2]
        for demo in demos
        if demo.index < 6
    }  # fmt: skip
    for number, day in enumerate(days):
        attending = [
            t
            for demo in demos
            for n, t in enumerate(chosen.get(demo.school.pk, []))
            if not (demo.index % 4 == 3 and n == 1 and number == len(days) - 1)
        ]
        if attending:
            _district_session(demos, admin, day, "backbone", attending)
    if today() <= rule.training_ends or not days:
        return
    for demo in demos:
        for n, teacher in enumerate(chosen.get(demo.school.pk, [])):
            if demo.index % 3 == 0 or (demo.index % 3 == 1 and n == 0):
                try:
                    services.credit_offset_recognise(
                        teacher=teacher, school_year=rule.school_years[-1], actor=demo.leader
                    )
                except ValidationError:
                    continue  # did not complete the training


def transfer_demo_day(year: int) -> dt.date | None:
    """The day the demo's transferred teacher moves (ADR 0012): the day after this year's
    last monthly session so far (today at the latest); None before the first session."""
    days = _month_days(year)
    return min(days[-1] + dt.timedelta(days=1), today()) if days else None


def seed_transferred_hours(*, teacher: Teacher, leader: Any) -> None:
    """A session at the school the demo's teacher moved to, attended on their first day
    there: hours at both schools, which their totals add up. Called by `apps.demo.seed`."""
    assert teacher.started_on is not None
    activity = services.activity_create(
        district=teacher.district, school=teacher.school, actor=leader,
        title="新调入班主任校本研修", topic=TOPICS[0], date=teacher.started_on,
        hours=Decimal(3), form="discussion", credit_class="lecture",
        module="class_collective", layer="in_service", minutes=MINUTES,
    )  # fmt: skip
    services.attendance_record(activity=activity, teachers=[teacher], actor=leader)
