"""The attendance sign-in sheet (签到表) of one activity: steps 1–3 of its import — read the
rows, check each against the roster (the activity's school, or any school of the district
for a district activity) and against each other — giving every problem, or the teachers
and their hours for `services.imports.save_attendance`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from apps.core.xlsx import (
    Column,
    ParsedSheet,
    RowError,
    SheetSpec,
    WorkbookLimits,
    header_of,
    parse_hours,
    parse_text,
    read_workbook,
)
from apps.people.models import Teacher
from apps.training.models import TrainingActivity
from apps.training.selectors.imports import (
    district_school_codes,
    district_teachers_by_numbers,
    school_teachers_by_numbers,
)

from .layout import ATTENDANCE_SHEET, EMPLOYEE_NO, SCHOOL_CODE, attendance_columns

ATTENDANCE_PARSERS: dict[str, Callable[[Any], Any]] = {
    "school_code": lambda v: parse_text(v, max_length=32),
    "employee_no": lambda v: parse_text(v, max_length=32),
    "name": lambda v: parse_text(v, max_length=40),
    "hours": parse_hours,
}


@dataclass
class AttendanceRows:
    teachers: list[Teacher] = field(default_factory=list)
    hours: dict[int, Decimal] = field(default_factory=dict)


def parse_attendance(
    data: bytes,
    *,
    activity: TrainingActivity,
    limits: WorkbookLimits | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[ParsedSheet, AttendanceRows]:
    """Steps 1–3 for a sign-in sheet: every problem, or the teachers and their hours."""
    columns = attendance_columns(activity)
    spec = SheetSpec(ATTENDANCE_SHEET, columns, ATTENDANCE_PARSERS)
    parsed = read_workbook(data, [spec], limits=limits, progress=progress)[ATTENDANCE_SHEET]
    found = _check_attendance(parsed, activity=activity, columns=columns)
    return parsed, found


def _roster(
    activity: TrainingActivity, rows: list[tuple[int, dict[str, Any]]]
) -> tuple[dict[tuple[str, str], Teacher], set[str]]:
    """Teachers named by the rows, keyed by (school code, employee number), in one query;
    and the school codes of the district (a district activity) named by the rows."""
    numbers = {record["employee_no"] for _row, record in rows}
    if activity.school_id is not None:
        school = activity.school
        assert school is not None
        by_number = school_teachers_by_numbers(school=school, numbers=numbers)
        return {("", number): t for number, t in by_number.items()}, set()
    codes = {record["school_code"] for _row, record in rows}
    known_codes = district_school_codes(district_id=activity.district_id, codes=codes)
    roster = district_teachers_by_numbers(
        district_id=activity.district_id, codes=known_codes, numbers=numbers
    )
    return roster, known_codes


@dataclass
class _Check:
    """What the row checks share: the activity, the sheet's columns, the roster, the errors."""

    activity: TrainingActivity
    columns: tuple[Column, ...]
    roster: dict[tuple[str, str], Teacher]
    known_codes: set[str]
    errors: list[RowError]

    def error(self, row: int, header: str, message: str) -> None:
        self.errors.append(RowError(ATTENDANCE_SHEET, row, header, message))

    def teacher_of(self, row: int, record: dict[str, Any]) -> Teacher | None:
        """The roster's teacher the row names (None, with the error, when none is); a name
        given must be theirs."""
        district_wide = self.activity.school_id is None
        code = record.get("school_code", "") if district_wide else ""
        number = record["employee_no"]
        if district_wide and code not in self.known_codes:
            self.error(
                row, SCHOOL_CODE.header, f"学校代码 {code} 不是本区的学校，请核对学校概览中的代码。"
            )
            return None
        teacher = self.roster.get((code, number))
        if teacher is None:
            where = f"学校 {code} 的名册中" if district_wide else "本校名册中"
            self.error(
                row,
                EMPLOYEE_NO.header,
                f"{where}没有工号为 {number} 的教师，请核对工号或先导入名册。",
            )
            return None
        name = record.get("name") or ""
        if name and name != teacher.name:
            self.error(
                row,
                header_of(self.columns, "name"),
                f"姓名“{name}”与名册中工号 {number} 的教师“{teacher.name}”不一致，"
                "请核对工号和姓名。",
            )
        return teacher

    def hours_ok(self, row: int, hours: Decimal | None) -> bool:
        # the bound services.attendance_record enforces (and enforces again on save)
        if hours is not None and not Decimal(0) < hours <= self.activity.hours:
            self.error(
                row,
                header_of(self.columns, "hours"),
                f"认定学时应大于 0 且不超过活动学时 {self.activity.hours}（填写的是 {hours}）。",
            )
            return False
        return True


def _check_attendance(
    parsed: ParsedSheet, *, activity: TrainingActivity, columns: tuple[Column, ...]
) -> AttendanceRows:
    roster, known_codes = _roster(activity, parsed.rows)
    check = _Check(activity, columns, roster, known_codes, parsed.errors)
    found = AttendanceRows()
    first_row: dict[int, int] = {}
    for row, record in parsed.rows:
        teacher = check.teacher_of(row, record)
        if teacher is None:
            continue
        if teacher.pk in first_row:
            check.error(
                row,
                EMPLOYEE_NO.header,
                f"工号 {record['employee_no']}（{teacher.name}）与第 {first_row[teacher.pk]} 行"
                "是同一位教师。",
            )
            continue
        first_row[teacher.pk] = row
        hours = record.get("hours")
        if not check.hours_ok(row, hours):
            continue
        found.teachers.append(teacher)
        if hours is not None:
            found.hours[teacher.pk] = hours
    parsed.errors.sort(key=lambda e: e.row)
    return found
