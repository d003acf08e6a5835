"""Writes of lishui-2015's records: a leader's exception to the post's conditions
(LS15-ELIGIBLE, 原则上) and the home visits (LS15-HOMEVISIT). The one writer of
`EligibilityException` and `HomeVisit`."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from apps.core.plausible import record_date_error, school_year_error
from apps.core.schoolyear import school_year as year_period
from apps.core.schoolyear import today
from apps.core.text import model_text_errors
from apps.people.models import SchoolClass, Teacher
from apps.probation.models import EligibilityException, HomeVisit
from apps.tenancy.models import School, refuse_if_closed

from .trainees import require_leader, school_records_changed

if TYPE_CHECKING:
    from apps.accounts.models import User


@transaction.atomic
def eligibility_exception_record(
    *, school: School, actor: User, teacher: Teacher, school_year: int, reason: str
) -> EligibilityException:
    """例外任用: lets the teacher take a homeroom post of the year although short of the
    conditions; the reason is required and shown in LS15-ELIGIBLE's result."""
    require_leader(actor, school)
    refuse_if_closed(school)
    errors = model_text_errors(EligibilityException, {"reason": reason})
    if teacher.school_id != school.pk:
        errors["teacher"] = "该教师不属于本校。"
    if not reason.strip():
        errors["reason"] = "请填写例外任用的原因（如学科紧缺、已报名心理健康教育证书培训）。"
    message = school_year_error(school_year, spread=1)
    if message:
        errors["school_year"] = message
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            found = EligibilityException.objects.create(
                school=school, district_id=school.district_id, teacher=teacher,
                school_year=school_year, reason=reason.strip(), recorded_on=today(),
                recorded_by=actor,
            )  # fmt: skip
    except IntegrityError as exc:
        raise ValidationError(
            {"teacher": f"{teacher.name}在{school_year}学年已有例外任用记录。"}
        ) from exc
    school_records_changed(school)
    return found


@transaction.atomic
def home_visit_add(
    *, school: School, actor: User, school_class: SchoolClass, date: dt.date | None,
    homes: int | None, note: str = "",
) -> HomeVisit:  # fmt: skip
    """Homes of a class visited on a day (a count: no student's name or address)."""
    require_leader(actor, school)
    refuse_if_closed(school)
    errors = model_text_errors(HomeVisit, {"note": note})
    if school_class.school_id != school.pk:
        errors["school_class"] = "请选择本校的班级。"
    if homes is None or homes < 1:
        errors["homes"] = "家访户数至少为 1。"
    elif homes > max(school_class.student_count, 1):
        errors["homes"] = (
            f"家访户数不能超过{school_class}的学生人数（{school_class.student_count} 人）。"
        )
    if date is None:
        errors["date"] = "请填写家访日期。"
    else:
        message = record_date_error(
            date, label="家访日期", not_before=year_period(school_class.school_year).start,
            not_before_label=f"{school_class.school_year}学年开始",
        )  # fmt: skip
        if message:
            errors["date"] = message
    if errors or date is None or homes is None:
        raise ValidationError(errors)
    visit = HomeVisit.objects.create(
        school=school, district_id=school.district_id, school_class=school_class,
        school_year=school_class.school_year, date=date, homes=homes, note=note.strip(),
        created_by=actor,
    )  # fmt: skip
    school_records_changed(school)
    return visit
