"""The external-hours sheet (校外培训): steps 1–3 of its import — read the rows, check each
against the school's roster, the field rules of `services.external` and the other rows —
giving every problem, or the records for `services.imports.save_external`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from apps.core.schoolyear import today
from apps.core.xlsx import (
    ParsedSheet,
    RowError,
    SheetSpec,
    WorkbookLimits,
    header_of,
    parse_choice,
    parse_day,
    parse_hours,
    parse_note,
    parse_text,
    read_workbook,
)
from apps.people.models import Teacher
from apps.tenancy.models import School
from apps.training.models import CreditClass, ExternalLevel
from apps.training.models.vocab import MAX_EXTERNAL_HOURS
from apps.training.selectors.imports import school_teachers_by_numbers

from .layout import EMPLOYEE_NO, EXTERNAL_COLUMNS, EXTERNAL_SHEET

EXTERNAL_PARSERS: dict[str, Callable[[Any], Any]] = {
    "employee_no": lambda v: parse_text(v, max_length=32),
    "title": lambda v: parse_text(v, max_length=200),
    "organiser": lambda v: parse_text(v, max_length=100),
    "organiser_level": lambda v: parse_choice(v, ExternalLevel.choices, default=None),
    "date": parse_day,
    "hours": parse_hours,
    "credit_class": lambda v: parse_choice(v, CreditClass.choices, default=None),
    "note": parse_note,
}


@dataclass
class ExternalRow:
    row: int
    teacher: Teacher
    values: dict[str, Any]


def parse_external(
    data: bytes,
    *,
    school: School,
    limits: WorkbookLimits | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[ParsedSheet, list[ExternalRow]]:
    """Steps 1–3 for external hours: every problem, or the records to create."""
    spec = SheetSpec(EXTERNAL_SHEET, EXTERNAL_COLUMNS, EXTERNAL_PARSERS)
    parsed = read_workbook(data, [spec], limits=limits, progress=progress)[EXTERNAL_SHEET]
    found = _check_external(parsed, school=school)
    return parsed, found


def identity(teacher_id: int, values: dict[str, Any]) -> tuple[Any, ...]:
    """What makes two records the same: teacher, title, organiser, date and hours."""
    return (teacher_id, values["title"], values["organiser"], values["date"], values["hours"])


def _external_errors(values: dict[str, Any]) -> dict[str, str]:
    """The field rules of `services.external.external_submit`, per row (its bounds)."""
    errors: dict[str, str] = {}
    if not Decimal(0) < values["hours"] <= MAX_EXTERNAL_HOURS:
        errors["hours"] = f"学时应大于 0 且不超过 {MAX_EXTERNAL_HOURS}。"
    if values["date"] > today():
        errors["date"] = "培训日期不能晚于今天。"
    return errors


def _row_errors(
    row: int, record: dict[str, Any], teacher: Teacher | None, first_row: dict[tuple[Any, ...], int]
) -> list[RowError]:
    """What is wrong with one row: an unknown employee number; else a field rule; else a
    repeat of an earlier row."""
    if teacher is None:
        message = f"本校名册中没有工号为 {record['employee_no']} 的教师，请核对工号或先导入名册。"
        return [RowError(EXTERNAL_SHEET, row, EMPLOYEE_NO.header, message)]
    field_errors = _external_errors(record)
    if field_errors:
        return [
            RowError(EXTERNAL_SHEET, row, header_of(EXTERNAL_COLUMNS, key), message)
            for key, message in field_errors.items()
        ]
    earlier = first_row.get(identity(teacher.pk, record))
    if earlier is not None:
        message = (
            f"与第 {earlier} 行是同一条记录（教师、培训名称、主办单位、日期、学时均相同），"
            "请删除重复行。"
        )
        return [RowError(EXTERNAL_SHEET, row, header_of(EXTERNAL_COLUMNS, "title"), message)]
    return []


def _check_external(parsed: ParsedSheet, *, school: School) -> list[ExternalRow]:
    numbers = {record["employee_no"] for _row, record in parsed.rows}
    roster = school_teachers_by_numbers(school=school, numbers=numbers)
    found: list[ExternalRow] = []
    first_row: dict[tuple[Any, ...], int] = {}
    for row, record in parsed.rows:
        teacher = roster.get(record["employee_no"])
        errors = _row_errors(row, record, teacher, first_row)
        if errors or teacher is None:
            parsed.errors += errors
            continue
        first_row[identity(teacher.pk, record)] = row
        found.append(ExternalRow(row, teacher, record))
    parsed.errors.sort(key=lambda e: e.row)
    return found
