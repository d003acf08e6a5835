"""Field rules shared by forms, the API and the roster import (one source of messages)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from apps.core.plausible import CLASS_YEAR_SPREAD, school_year_error
from apps.core.schoolyear import today
from apps.core.text import model_text_errors
from apps.tenancy.models import School

from .models import GRADES_BY_SCHOOL_TYPE, Grade, SchoolClass, Teacher

MIN_PLAUSIBLE_YEAR = 1940
MIN_WORKING_AGE = 16
# A homeroom teacher is an adult (a check on what is typed, not a policy number).
MIN_HOMEROOM_AGE = 18


def teacher_field_errors(fields: dict[str, Any]) -> dict[str, str]:
    """A teacher's text (no control characters) and cross-field checks of their dates,
    shared by forms, API and import."""
    errors = model_text_errors(Teacher, {k: fields.get(k) for k in ("employee_no", "name")})
    now = today()
    birth: dt.date | None = fields.get("birth_date")
    teaching: dt.date | None = fields.get("teaching_since")
    homeroom: dt.date | None = fields.get("homeroom_since")
    labels = {
        "birth_date": "出生日期",
        "teaching_since": "参加教育工作时间",
        "homeroom_since": "首次担任班主任时间",
    }
    for key, value in (
        ("birth_date", birth),
        ("teaching_since", teaching),
        ("homeroom_since", homeroom),
    ):
        if value is None:
            continue
        if value > now:
            errors[key] = f"{labels[key]}不能晚于今天（{now:%Y-%m-%d}）。"
        elif value.year < MIN_PLAUSIBLE_YEAR:
            errors[key] = f"{labels[key]}早于 {MIN_PLAUSIBLE_YEAR} 年，请检查是否填错。"
    dates_ok = not errors.keys() & {"birth_date", "teaching_since"}
    if birth and teaching and dates_ok and teaching.year - birth.year < MIN_WORKING_AGE:
        errors["teaching_since"] = (
            f"参加教育工作时间与出生日期相差不足 {MIN_WORKING_AGE} 年，请检查。"
        )
    unchecked = not errors.keys() & {"teaching_since", "homeroom_since"}
    if teaching and homeroom and unchecked and homeroom < teaching:
        errors["homeroom_since"] = "首次担任班主任时间不能早于参加教育工作时间。"
    if birth and homeroom and not errors.keys() & {"birth_date", "homeroom_since"}:
        adult = _birthday(birth, MIN_HOMEROOM_AGE)
        if homeroom < adult:
            errors["homeroom_since"] = (
                f"首次担任班主任时间（{homeroom:%Y-%m-%d}）早于该教师年满 {MIN_HOMEROOM_AGE} 岁"
                f"（{adult:%Y-%m-%d}），请核对出生日期或首次担任班主任时间。"
            )
    return errors


def _birthday(birth: dt.date, age: int) -> dt.date:
    """The day someone born on `birth` turns `age` (29 February → 1 March)."""
    try:
        return birth.replace(year=birth.year + age)
    except ValueError:
        return dt.date(birth.year + age, 3, 1)


def class_field_errors(fields: dict[str, Any], *, year_changed: bool = True) -> dict[str, str]:
    """A class's own fields: a school year within one of the current (when it is set or
    changed: a class of an earlier year stays editable), and clean text."""
    errors = model_text_errors(SchoolClass, {"name": fields.get("name")})
    year = fields.get("school_year")
    if year_changed and year is not None:
        message = school_year_error(int(year), spread=CLASS_YEAR_SPREAD)
        if message:
            errors["school_year"] = f"班级的{message}"
    return errors


def grade_error(school: School, grade: int) -> str | None:
    allowed = GRADES_BY_SCHOOL_TYPE.get(school.school_type)
    if allowed is None or grade in allowed:
        return None
    first, last = Grade(allowed.start).label, Grade(allowed.stop - 1).label
    return f"{school.get_school_type_display()}的年级应在{first}至{last}之间。"
