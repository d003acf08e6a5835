"""Demo of the cohort (XB23-COHORT, XB23-TASKS, XB23-PLAN), through the services: 汇景区's
2023届 cohort (2023-09-01 → 2026-06-30) of the teachers who attend the district's backbone
training (the training demo's) and a few more, 4 带头人 among them, with development-archive
records in the school years 2023–2025 so that most meet every task, some miss one (a
year's teacher trained, a paper, the cohort's district exchange, the sessions), two have
nothing recorded; manual entries accepted and waiting; a withdrawal; the district's teacher
login (`<prefix>_teacher`) a member so /me/backbone/ shows a real list; and the 2026届
cohort taking applications. Idempotent: nothing is made twice."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model

from apps.backbone.models import BackboneMember, Category, Cohort, TaskEntryKind
from apps.backbone.selectors import cohort as sel
from apps.backbone.services.cohort import CohortFields, cohort_create, member_add, member_leave
from apps.backbone.services.tasks import EntryFields, entry_decide, entry_submit, plan_save
from apps.core.schoolyear import today
from apps.people.models import Teacher
from apps.tenancy.models import School
from apps.training import selectors as training_selectors
from apps.training import services as training_services

PACK = "xuhui-backbone-2023"
START, END = dt.date(2023, 9, 1), dt.date(2026, 6, 30)
YEARS = (2023, 2024, 2025)
PDF = b"%PDF-1.4\n% demo evidence\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def seed(ctx: dict[str, Any]) -> None:
    district, prefix = ctx["district"], ctx["prefix"]
    users = get_user_model().objects
    admin = users.get(username=f"{prefix}_admin")
    if sel.district_cohorts(district=district).filter(pack=PACK).exists():
        return
    first = cohort_create(actor=admin, district=district, fields=CohortFields(
        name="2023届骨干", pack=PACK, leader_monthly_allowance=Decimal(800),
        backbone_monthly_allowance=Decimal(500)))  # fmt: skip
    cohort_create(actor=admin, district=district, fields=CohortFields(
        name="2026届骨干", pack=PACK, starts_on=dt.date(2026, 9, 1), ends_on=dt.date(2029, 6, 30),
        previous=first, accepting_applications=True, leader_monthly_allowance=Decimal(800),
        backbone_monthly_allowance=Decimal(500)))  # fmt: skip
    schools = list(School.objects.filter(district=district).order_by("code"))
    members = _members(first, schools, admin, users.filter(username=f"{prefix}_teacher").first())
    for index, member in enumerate(members):
        _records(member, index, ctx["leader_of"](member.school))
    _withdraw(members, admin)


def _chosen(schools: list[School]) -> list[Teacher]:
    """The district backbone training's attendees, then two more teachers of the schools
    the training demo left out (they attended nothing)."""
    rule = training_selectors.offset_rule({
        "training_credit_offset": 0, "training_credit_offset_category": "",
        "cohort_start": START, "cohort_end": END, "centralised_training_end": END,
        "centralised_training_attendance_share": 1,
    })  # fmt: skip
    assert rule is not None
    done = training_selectors.backbone_completion(
        rule=rule, district_ids=[schools[0].district_id], as_of=today(), schools=schools
    )
    attendees = list(Teacher.objects.filter(pk__in=list(done)).order_by("school__code", "name"))
    taken = {t.school_id for t in attendees}
    others = [s for s in schools if s.pk not in taken][:2]
    for school in others:
        extra = Teacher.objects.filter(school=school, ended_on__isnull=True, user__isnull=True)
        attendees += list(extra.order_by("employee_no")[:1])
    return attendees[:14]


def _members(cohort: Cohort, schools: list[School], admin: Any, login: Any) -> list[BackboneMember]:
    chosen = _chosen(schools)
    own = Teacher.objects.filter(user=login, ended_on__isnull=True).first() if login else None
    if own is not None and own not in chosen:
        chosen = [own, *chosen[:13]]
    members = []
    for index, teacher in enumerate(chosen):
        category = Category.LEADER if index in (1, 4, 7, 10) else Category.BACKBONE
        members.append(member_add(actor=admin, cohort=cohort, teacher=teacher,
                                  category=category, joined_on=START))  # fmt: skip
    return members


def _archive(member: BackboneMember, leader: Any, kind: str, level: str, day: dt.date) -> None:
    title = {"open_lesson": "公开课：班级文化建设", "lecture": "学术交流：家校协同育人",
             "mentoring": "带教青年班主任", "paper": "论文：班主任专业成长路径"}[kind]  # fmt: skip
    training_services.archive_entry_create(
        teacher=member.teacher, actor=leader, kind=kind, level=level, title=title, date=day
    )


def _records(member: BackboneMember, index: int, leader: Any) -> None:
    """Most members meet every task; index 3 misses a teacher trained in 2024, index 5 the
    paper, index 7 the cohort's district exchange (a leader), index 9's course waits for
    the school's review, the last two have nothing recorded."""
    leader_cat = member.category == Category.LEADER
    if index >= 12:  # joined late in the year's planning: nothing recorded yet
        return
    for year in YEARS:
        _archive(member, leader, "open_lesson", "school", dt.date(year, 11, 10 + index))
        if not (index == 3 and year == 2024):
            for _n in range(2 if leader_cat else 1):
                _archive(member, leader, "mentoring", "school", dt.date(year, 10, 8))
    if leader_cat and index != 7:
        _archive(member, leader, "lecture", "district", dt.date(2024, 12, 2))  # 学区 = 区级
    if index != 5:
        _archive(member, leader, "paper", "city" if leader_cat else "district", dt.date(2025, 4, 1))
    _course(member, leader, accept=index != 9)
    if index % 2 == 0:
        plan_save(actor=leader, member=member, title=f"{member.teacher.name}三年发展规划",
                  goals="形成班级自主管理的特色做法，带出两名校级骨干班主任。",
                  measures="每学期一次公开教学；参与区级课题；开发一门研修课程。")  # fmt: skip


def _course(member: BackboneMember, leader: Any, *, accept: bool) -> None:
    """T5 as a manual entry (the course was published outside the product)."""
    entry = entry_submit(actor=leader, member=member, fields=EntryFields(
        kind=TaskEntryKind.ONLINE_COURSE, level="district", title="区级研修网络课程：班会课设计",
        date=dt.date(2026, 3, 15), file_name="课程上线证明.pdf", data=PDF,
        hours=Decimal(5)))  # fmt: skip
    if accept:
        entry_decide(actor=leader, entry=entry, accept=True)


def _withdraw(members: list[BackboneMember], admin: Any) -> None:
    """The last member (barely started) withdrew at the end of 2024 (本人退出)."""
    member_leave(actor=admin, member=members[-1], on=dt.date(2024, 12, 31),
                 reason="withdrawn", note="本人申请退出")  # fmt: skip


__all__ = ["seed"]
