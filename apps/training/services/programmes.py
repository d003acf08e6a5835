"""Writes of the tiered programmes 启航 / 续航 / 领航 (XH26-TIER): a district's cohorts and
their course lists, enrolment (启航 within the pack's homeroom years), and members'
completion, withdrawal or return.

Services take their scope and the acting user as keyword arguments, check who may act
and the same-tenant invariants themselves (a view or an API cannot forget them), and
raise `ValidationError` keyed by field, in Chinese, naming the field and the fix.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from apps.people.models import Teacher
from apps.tenancy.models import District
from apps.training.models import Cohort, CohortCourse, CohortMember, MemberStatus, Programme
from apps.training.selectors.audiences import programme_audience
from apps.training.selectors.programmes import cohort_eligibility, eligible_teachers

from .common import _require_district_admin

PROGRAMMES = (Programme.QIHANG, Programme.XUHANG, Programme.LINGHANG)
MAX_COHORT_HOURS = Decimal(999)
MAX_COURSES = 40


@dataclass(frozen=True)
class CourseInput:
    title: str
    hours: Any


def _decimal(value: Any) -> Decimal | None:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        return None


def _clean_courses(courses: Sequence[CourseInput]) -> tuple[list[CourseInput], str | None]:
    """The course rows trimmed and as numbers, and what is wrong with the list (None: ok)."""
    cleaned: list[CourseInput] = []
    problems: list[str] = []
    for number, course in enumerate(courses, start=1):
        title = (course.title or "").strip()
        course_hours = _decimal(course.hours)
        if not title:
            problems.append(f"第 {number} 门课程缺少课程名称")
        elif len(title) > 200:
            problems.append(f"第 {number} 门课程名称超过 200 字")
        if course_hours is None or not Decimal(0) < course_hours <= MAX_COHORT_HOURS:
            problems.append(f"第 {number} 门课程的学时应大于 0")
        cleaned.append(CourseInput(title=title, hours=course_hours))
    if problems:
        return cleaned, "课程清单：" + "；".join(problems) + "。"
    if not cleaned:
        return cleaned, "请至少填写一门课程（课程名称和学时）。"
    if len(cleaned) > MAX_COURSES:
        return cleaned, f"课程清单最多 {MAX_COURSES} 门。"
    return cleaned, None


def _clean_cohort(
    *, name: str, required_hours: Any, courses: Sequence[CourseInput]
) -> tuple[Decimal, list[CourseInput]]:
    errors: dict[str, str] = {}
    if not (name or "").strip():
        errors["name"] = "请填写班次名称，如“2026学年启航班”。"
    hours = _decimal(required_hours)
    if hours is None or not Decimal(0) < hours <= MAX_COHORT_HOURS:
        errors["required_hours"] = f"结业所需学时应大于 0 且不超过 {MAX_COHORT_HOURS}。"
    cleaned, problem = _clean_courses(courses)
    if problem is not None:
        errors["courses"] = problem
    if errors:
        raise ValidationError(errors)
    assert hours is not None
    return hours, cleaned


def _save_courses(cohort: Cohort, courses: list[CourseInput]) -> None:
    CohortCourse.objects.filter(cohort=cohort).delete()
    CohortCourse.objects.bulk_create(
        CohortCourse(cohort=cohort, title=c.title, hours=c.hours, order=index)
        for index, c in enumerate(courses)
    )


@transaction.atomic
def cohort_create(
    *,
    district: District,
    actor: Any,
    programme: str,
    school_year: int,
    name: str,
    required_hours: Any,
    courses: Sequence[CourseInput],
) -> Cohort:
    """XH26-TIER: one programme's intake for a school year, with its own course list."""
    _require_district_admin(actor, district)
    errors: dict[str, str] = {}
    if programme not in PROGRAMMES:
        errors["programme"] = "请选择培养工程：启航、续航或领航。"
    hours, cleaned = Decimal(0), list[CourseInput]()
    try:
        hours, cleaned = _clean_cohort(name=name, required_hours=required_hours, courses=courses)
    except ValidationError as error:
        errors.update({k: v[0] for k, v in error.message_dict.items()})
    if not errors:
        clash = Cohort.objects.filter(
            district=district, programme=programme, school_year=school_year
        ).first()
        if clash is not None:
            errors["programme"] = (
                f"{school_year}学年已有{Programme(programme).label}班次“{clash.name}”，"
                "每项工程每学年一个班次，请在原班次中调整。"
            )
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            cohort = Cohort.objects.create(
                district=district,
                programme=programme,
                school_year=school_year,
                name=name.strip(),
                required_hours=hours,
            )
    except IntegrityError as exc:  # a concurrent request created it first
        raise ValidationError(
            {"programme": "该学年的这项工程刚被他人创建，请刷新后查看。"}
        ) from exc
    _save_courses(cohort, cleaned)
    return cohort


@transaction.atomic
def cohort_update(
    *, cohort: Cohort, actor: Any, name: str, required_hours: Any, courses: Sequence[CourseInput]
) -> Cohort:
    """Name, required hours and course list; the programme and year stay (members were
    chosen for them)."""
    _require_district_admin(actor, cohort.district)
    hours, cleaned = _clean_cohort(name=name, required_hours=required_hours, courses=courses)
    cohort.name = name.strip()
    cohort.required_hours = hours
    cohort.save(update_fields=["name", "required_hours", "updated_at"])
    _save_courses(cohort, cleaned)
    return cohort


def _check_enrolment(cohort: Cohort, teachers: list[Teacher]) -> None:
    """Teachers of the cohort's district, active, and (启航) eligible unless already in."""
    if not teachers:
        raise ValidationError({"teachers": "请至少勾选一位教师。"})
    foreign = [t.name for t in teachers if t.district_id != cohort.district_id]
    if foreign:
        raise ValidationError({"teachers": f"以下教师不属于本区：{'、'.join(foreign)}。"})
    inactive = [t.name for t in teachers if not t.is_active]
    if inactive:
        raise ValidationError({"teachers": f"以下教师已停用，不能报名：{'、'.join(inactive)}。"})
    if cohort.programme != Programme.QIHANG and programme_audience(cohort.programme) is None:
        return
    allowed = set(
        eligible_teachers(cohort=cohort)
        .filter(pk__in=[t.pk for t in teachers])
        .values_list("pk", flat=True)
    )
    existing = set(
        CohortMember.objects.filter(cohort=cohort, teacher__in=teachers).values_list(
            "teacher_id", flat=True
        )
    )
    outside = [t.name for t in teachers if t.pk not in allowed and t.pk not in existing]
    if outside:
        eligibility = cohort_eligibility(cohort=cohort)
        raise ValidationError(
            {
                "teachers": f"以下教师不符合{cohort.get_programme_display()}工程对象条件"
                f"（{eligibility.rule}）："
                f"{'、'.join(outside)}。"
            }
        )


@transaction.atomic
def cohort_enrol(*, cohort: Cohort, teachers: Iterable[Teacher], actor: Any) -> list[CohortMember]:
    """Enrol teachers of the district who are eligible (启航: within the pack's homeroom
    years). A member who withdrew is enrolled again; one already in stays as is."""
    _require_district_admin(actor, cohort.district)
    teachers = list(teachers)
    _check_enrolment(cohort, teachers)
    current = {
        m.teacher_id: m
        for m in CohortMember.objects.select_for_update().filter(
            cohort=cohort, teacher__in=teachers
        )
    }
    rejoined = [m for m in current.values() if m.status == MemberStatus.WITHDRAWN]
    for member in rejoined:
        member.status = MemberStatus.ENROLLED
    now = timezone.now()
    CohortMember.objects.filter(pk__in=[m.pk for m in rejoined]).update(
        status=MemberStatus.ENROLLED, updated_at=now
    )
    created = CohortMember.objects.bulk_create(
        CohortMember(
            cohort=cohort,
            teacher=t,
            district_id=t.district_id,
            school_id=t.school_id,
            status=MemberStatus.ENROLLED,
        )
        for t in teachers
        if t.pk not in current
    )
    return [*created, *rejoined]


MEMBER_ACTIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    # action → (new status, statuses it applies to)
    "complete": (MemberStatus.COMPLETED, (MemberStatus.ENROLLED,)),
    "withdraw": (MemberStatus.WITHDRAWN, (MemberStatus.ENROLLED, MemberStatus.COMPLETED)),
    "reenrol": (MemberStatus.ENROLLED, (MemberStatus.WITHDRAWN, MemberStatus.COMPLETED)),
}


@transaction.atomic
def cohort_members_set_status(
    *, cohort: Cohort, members: Sequence[CohortMember], action: str, actor: Any
) -> int:
    """Mark members completed (结业), withdrawn (退出) or back in the cohort, in one UPDATE.
    Members whose status the action does not apply to are left as they are."""
    _require_district_admin(actor, cohort.district)
    if action not in MEMBER_ACTIONS:
        raise ValidationError({"action": "请选择操作：标记结业、退出或恢复在读。"})
    if not members:
        raise ValidationError({"members": "请至少勾选一名学员。"})
    if any(m.cohort_id != cohort.pk for m in members):
        raise ValidationError({"members": "所选学员不属于本班次。"})
    status, applies_to = MEMBER_ACTIONS[action]
    return CohortMember.objects.filter(
        cohort=cohort, pk__in=[m.pk for m in members], status__in=applies_to
    ).update(status=status, updated_at=timezone.now())
