"""Excel import of training records: attendance sign-in sheets (签到表) and teachers'
external hours (校外培训学时). Templates, row parsing, checks against the roster, and the
all-or-nothing save. The job around it (upload, Celery, progress) is `excel_services`.

The algorithm, run by the Celery job (`tasks.run_training_import`):

1. Open the workbook safely (`apps.core.xlsx`: size, zip-bomb, dimension and macro checks
   before parsing; formula cells refused, never evaluated).
2. Read the sheet row by row into typed values, each problem an error naming the sheet,
   row, column and the fix; progress is published every few rows. Every bad row is
   reported, not only the first.
3. Check the rows against the roster and each other: the school code and employee number
   must name a teacher in scope (the activity's school, or any school of the district for
   a district activity), a name given must be that teacher's, a teacher or a record
   appears once, hours lie within the rules of `services`.
4. If there is any error, save nothing. Otherwise, in one transaction: attendance through
   `services.attendance_record` (teachers already recorded are skipped and counted);
   external records created already verified by the uploading leader, with their ledger
   rows — the rows `services.external_submit` + `external_review(verify=True)` make, in
   bulk.

The scope (school, activity) is the job's, taken from the URL and the uploader's session,
never from the sheet.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from apps.compliance.services import schedule_school_recompute
from apps.core.schoolyear import today
from apps.core.xlsx import WorkbookLimits, open_workbook
from apps.people.models import Teacher
from apps.people.roster_import import (
    CellError,
    Column,
    RowError,
    _read_sheet,
    parse_choice,
    parse_text,
)
from apps.tenancy.models import School

from . import services
from .models import (
    CreditClass,
    ExternalLevel,
    ExternalTraining,
    LedgerEntry,
    RecordStatus,
    TrainingActivity,
)

ATTENDANCE_SHEET = "签到表"
EXTERNAL_SHEET = "校外培训"
PROGRESS_EVERY = 50

SCHOOL_CODE = Column("学校代码", "school_code", required=True, hint="本区学校的代码，见学校概览")
EMPLOYEE_NO = Column("工号", "employee_no", required=True, hint="教师名册中的工号")
ATTENDANCE_COLUMNS = (
    EMPLOYEE_NO,
    Column("姓名", "name", hint="可不填；填写时须与名册一致"),
    Column("认定学时", "hours", hint="可不填，默认为活动学时；须大于 0 且不超过活动学时"),
)
DISTRICT_ATTENDANCE_COLUMNS = (SCHOOL_CODE, *ATTENDANCE_COLUMNS)
EXTERNAL_COLUMNS = (
    EMPLOYEE_NO,
    Column("培训名称", "title", required=True),
    Column("主办单位", "organiser", required=True),
    Column(
        "主办层级",
        "organiser_level",
        required=True,
        hint="、".join(str(x) for x in ExternalLevel.labels),
    ),
    Column("日期", "date", required=True, hint="如 2025-10-18，不能晚于今天"),
    Column("学时", "hours", required=True, hint=f"大于 0，不超过 {services.MAX_HOURS * 5}"),
    Column("学分类别", "credit_class", required=True, hint="讲座类 / 实践类"),
    Column("说明", "note"),
)


@dataclass
class ParsedSheet:
    """The rows ready to save (or the errors that stop the save) and what the summary needs."""

    rows: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    total: int = 0


# --------------------------------------------------------------------------- templates


def _template(
    *,
    heading: str,
    guide: list[str],
    sheet_title: str,
    columns: tuple[Column, ...],
    choices: dict[str, list[str]] | None = None,
) -> bytes:
    workbook = Workbook()
    notes = workbook.active
    assert notes is not None
    notes.title = "填写说明"
    notes.append([heading])
    notes["A1"].font = Font(bold=True, size=14)
    notes.column_dimensions["A"].width = 100
    for line in guide:
        notes.append([line])
    sheet = workbook.create_sheet(sheet_title)
    sheet.append([f"{c.header}*" if c.required else c.header for c in columns])
    fill = PatternFill("solid", fgColor="DDEBF7")
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True)
        cell.fill = fill
        letter = cell.column_letter
        sheet.column_dimensions[letter].width = max(12, len(column.header) * 2 + 6)
        if column.key in (choices or {}):
            validation = DataValidation(
                type="list",
                formula1='"' + ",".join((choices or {})[column.key]) + '"',
                allow_blank=True,
            )
            validation.add(f"{letter}2:{letter}5001")
            sheet.add_data_validation(validation)
        if column.hint:
            notes.append([f"{sheet_title} · {column.header}：{column.hint}"])
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def build_attendance_template(activity: TrainingActivity) -> bytes:
    """The 签到表 of one activity; a district activity's sheet names the school too."""
    district_wide = activity.school_id is None
    who = "本区任一学校的教师，按 学校代码+工号 识别" if district_wide else "本校教师，按工号识别"
    return _template(
        heading=(
            f"签到表导入模板 · {activity.title}（{activity.date:%Y-%m-%d}，{activity.hours} 学时）"
        ),
        guide=[
            f"1. 在“{ATTENDANCE_SHEET}”工作表中从第 2 行开始，每位出勤教师一行；"
            "标 * 的列必填，不要修改表头。",
            f"2. 出勤教师为{who}；填写姓名时须与名册一致。",
            f"3. 认定学时可不填，默认为活动学时 {activity.hours}；"
            "填写时须大于 0 且不超过活动学时。",
            "4. 任何一行有错误时整份文件都不会保存，系统会列出所有错误的行、列和原因。",
            "5. 已登记出勤的教师会被跳过（学时台账不可修改，如需更正请冲销后重新登记）。",
            "6. 请直接填写数值，不要使用公式。",
        ],
        sheet_title=ATTENDANCE_SHEET,
        columns=DISTRICT_ATTENDANCE_COLUMNS if district_wide else ATTENDANCE_COLUMNS,
    )


def build_external_template() -> bytes:
    """The 校外培训 sheet: one verified record per row."""
    return _template(
        heading="校外培训学时导入模板",
        guide=[
            f"1. 在“{EXTERNAL_SHEET}”工作表中从第 2 行开始，每条培训记录一行；"
            "标 * 的列必填，不要修改表头。",
            "2. 导入的记录视为由您（德育主任）审定通过，学时即时记入学时台账。",
            "3. 任何一行有错误时整份文件都不会保存，系统会列出所有错误的行、列和原因。",
            "4. 与已登记记录（同一教师、培训名称、主办单位、日期、学时）相同的行会被跳过。",
            "5. 日期写作 2025-10-18；请直接填写数值，不要使用公式。",
        ],
        sheet_title=EXTERNAL_SHEET,
        columns=EXTERNAL_COLUMNS,
        choices={
            "organiser_level": [str(label) for label in ExternalLevel.labels],
            "credit_class": [str(label) for label in CreditClass.labels],
        },
    )


# --------------------------------------------------------------------------- cells


_FULL_DATE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")


def parse_hours(value: Any) -> Decimal | None:
    """Hours as typed in a cell: a number with at most one decimal (1, 1.5, "2")."""
    if value in (None, ""):
        return None
    if isinstance(value, bool):
        raise CellError(f"“{value}”不是学时数。")
    text = str(value).strip()
    try:
        hours = Decimal(text)
    except InvalidOperation:
        raise CellError(f"“{text}”不是学时数，请填写如 2 或 1.5。") from None
    if not hours.is_finite():
        raise CellError(f"“{text}”不是学时数，请填写如 2 或 1.5。")
    if hours != hours.quantize(Decimal("0.1")):
        raise CellError(f"学时 {text} 最多保留一位小数（如 1.5）。")
    return hours.quantize(Decimal("0.1"))


def parse_day(value: Any) -> dt.date | None:
    """A whole date: a date cell, or text such as 2025-10-18 / 2025年10月18日."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    match = _FULL_DATE.match(text)
    if match:
        try:
            return dt.date(*(int(part) for part in match.groups()))
        except ValueError:
            pass
    raise CellError(f"“{text}”不是有效日期，请写作 2025-10-18。")


def parse_note(value: Any) -> str:
    """Free text; line breaks (Alt+Enter in a cell) are kept, other control characters not."""
    text = "" if value is None else str(value).strip()
    if len(text) > 1000:
        raise CellError(f"内容过长（{len(text)} 字），最多 1000 字。")
    if any(ord(char) < 32 and char not in "\n\t" for char in text):
        raise CellError("内容含有不可见的控制字符，请删除后重试。")
    return text


ATTENDANCE_PARSERS: dict[str, Callable[[Any], Any]] = {
    "school_code": lambda v: parse_text(v, max_length=32),
    "employee_no": lambda v: parse_text(v, max_length=32),
    "name": lambda v: parse_text(v, max_length=40),
    "hours": parse_hours,
}
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


def _read(
    data: bytes,
    *,
    title: str,
    columns: tuple[Column, ...],
    parsers: dict[str, Callable[[Any], Any]],
    limits: WorkbookLimits,
    progress: Callable[[int, int], None] | None,
) -> ParsedSheet:
    """Steps 1–2 (raises UnsafeWorkbookError for a refused file)."""
    result = ParsedSheet()
    workbook = open_workbook(data, limits)
    try:
        declared = max((workbook[title].max_row or 1) - 1, 0) if title in workbook.sheetnames else 0
        seen = 0

        def on_row() -> None:
            nonlocal seen
            seen += 1
            if progress and seen % PROGRESS_EVERY == 0:
                progress(seen, max(declared, seen))

        result.rows = _read_sheet(
            workbook,
            title=title,
            columns=columns,
            parsers=parsers,
            limits=limits,
            errors=result.errors,
            on_row=on_row,
        )
    finally:
        workbook.close()
    result.total = seen
    return result


def _header(columns: tuple[Column, ...], key: str) -> str:
    return next(c.header for c in columns if c.key == key)


# --------------------------------------------------------------------------- attendance


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
    district_wide = activity.school_id is None
    columns = DISTRICT_ATTENDANCE_COLUMNS if district_wide else ATTENDANCE_COLUMNS
    parsed = _read(
        data,
        title=ATTENDANCE_SHEET,
        columns=columns,
        parsers=ATTENDANCE_PARSERS,
        limits=limits or WorkbookLimits(),
        progress=progress,
    )
    found = _check_attendance(parsed, activity=activity, columns=columns)
    if progress:
        progress(parsed.total, parsed.total)
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
        teachers = Teacher.objects.for_school(school).filter(employee_no__in=numbers)
        return {("", t.employee_no): t for t in teachers}, set()
    codes = {record["school_code"] for _row, record in rows}
    known_codes = set(
        School.objects.filter(district_id=activity.district_id, code__in=codes).values_list(
            "code", flat=True
        )
    )
    teachers = (
        Teacher.objects.filter(
            district_id=activity.district_id,
            school__code__in=known_codes,
            employee_no__in=numbers,
        )
        .select_related("school")
        .order_by()
    )
    return {(t.school.code, t.employee_no): t for t in teachers}, known_codes


def _check_attendance(
    parsed: ParsedSheet, *, activity: TrainingActivity, columns: tuple[Column, ...]
) -> AttendanceRows:
    district_wide = activity.school_id is None
    roster, known_codes = _roster(activity, parsed.rows)
    found = AttendanceRows()
    first_row: dict[int, int] = {}
    errors = parsed.errors
    for row, record in parsed.rows:
        code = record.get("school_code", "") if district_wide else ""
        number = record["employee_no"]
        if district_wide and code not in known_codes:
            errors.append(
                RowError(
                    ATTENDANCE_SHEET,
                    row,
                    SCHOOL_CODE.header,
                    f"学校代码 {code} 不是本区的学校，请核对学校概览中的代码。",
                )
            )
            continue
        teacher = roster.get((code, number))
        if teacher is None:
            where = f"学校 {code} 的名册中" if district_wide else "本校名册中"
            errors.append(
                RowError(
                    ATTENDANCE_SHEET,
                    row,
                    EMPLOYEE_NO.header,
                    f"{where}没有工号为 {number} 的教师，请核对工号或先导入名册。",
                )
            )
            continue
        name = record.get("name") or ""
        if name and name != teacher.name:
            errors.append(
                RowError(
                    ATTENDANCE_SHEET,
                    row,
                    _header(columns, "name"),
                    f"姓名“{name}”与名册中工号 {number} 的教师“{teacher.name}”不一致，"
                    "请核对工号和姓名。",
                )
            )
        if teacher.pk in first_row:
            errors.append(
                RowError(
                    ATTENDANCE_SHEET,
                    row,
                    EMPLOYEE_NO.header,
                    f"工号 {number}（{teacher.name}）与第 {first_row[teacher.pk]} 行是同一位教师。",
                )
            )
            continue
        first_row[teacher.pk] = row
        hours = record.get("hours")
        # the bound services.attendance_record enforces (and enforces again on save)
        if hours is not None and not Decimal(0) < hours <= activity.hours:
            errors.append(
                RowError(
                    ATTENDANCE_SHEET,
                    row,
                    _header(columns, "hours"),
                    f"认定学时应大于 0 且不超过活动学时 {activity.hours}（填写的是 {hours}）。",
                )
            )
            continue
        found.teachers.append(teacher)
        if hours is not None:
            found.hours[teacher.pk] = hours
    errors.sort(key=lambda e: e.row)
    return found


def save_attendance(
    found: AttendanceRows, *, activity: TrainingActivity, actor: Any
) -> dict[str, int | str]:
    """Step 4: one transaction in `services.attendance_record` (ValidationError: nothing
    saved)."""
    created = services.attendance_record(
        activity=activity, teachers=found.teachers, actor=actor, hours=found.hours
    )
    return {
        "rows": len(found.teachers),
        "recorded": len(created),
        "skipped": len(found.teachers) - len(created),
        "hours": str(sum((row.hours for row in created), Decimal(0))),
    }


# --------------------------------------------------------------------------- external


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
    parsed = _read(
        data,
        title=EXTERNAL_SHEET,
        columns=EXTERNAL_COLUMNS,
        parsers=EXTERNAL_PARSERS,
        limits=limits or WorkbookLimits(),
        progress=progress,
    )
    found = _check_external(parsed, school=school)
    if progress:
        progress(parsed.total, parsed.total)
    return parsed, found


def _external_errors(values: dict[str, Any]) -> dict[str, str]:
    """The field rules of `services.external_submit`, per row (its constants, its words)."""
    errors: dict[str, str] = {}
    limit = services.MAX_HOURS * 5
    if not Decimal(0) < values["hours"] <= limit:
        errors["hours"] = f"学时应大于 0 且不超过 {limit}。"
    if values["date"] > today():
        errors["date"] = "培训日期不能晚于今天。"
    return errors


def _check_external(parsed: ParsedSheet, *, school: School) -> list[ExternalRow]:
    numbers = {record["employee_no"] for _row, record in parsed.rows}
    roster = {
        t.employee_no: t for t in Teacher.objects.for_school(school).filter(employee_no__in=numbers)
    }
    found: list[ExternalRow] = []
    first_row: dict[tuple[Any, ...], int] = {}
    for row, record in parsed.rows:
        teacher = roster.get(record["employee_no"])
        if teacher is None:
            parsed.errors.append(
                RowError(
                    EXTERNAL_SHEET,
                    row,
                    EMPLOYEE_NO.header,
                    f"本校名册中没有工号为 {record['employee_no']} 的教师，"
                    "请核对工号或先导入名册。",
                )
            )
            continue
        field_errors = _external_errors(record)
        for key, message in field_errors.items():
            parsed.errors.append(
                RowError(EXTERNAL_SHEET, row, _header(EXTERNAL_COLUMNS, key), message)
            )
        if field_errors:
            continue
        identity = _identity(teacher.pk, record)
        if identity in first_row:
            parsed.errors.append(
                RowError(
                    EXTERNAL_SHEET,
                    row,
                    _header(EXTERNAL_COLUMNS, "title"),
                    f"与第 {first_row[identity]} 行是同一条记录（教师、培训名称、主办单位、"
                    "日期、学时均相同），请删除重复行。",
                )
            )
            continue
        first_row[identity] = row
        found.append(ExternalRow(row, teacher, record))
    parsed.errors.sort(key=lambda e: e.row)
    return found


def _identity(teacher_id: int, values: dict[str, Any]) -> tuple[Any, ...]:
    return (teacher_id, values["title"], values["organiser"], values["date"], values["hours"])


@transaction.atomic
def save_external(rows: list[ExternalRow], *, school: School, actor: Any) -> dict[str, int | str]:
    """Step 4, all or nothing: the rows `external_submit` then `external_review(verify=True)`
    by the uploading leader would make, in bulk — the record (verified by `actor`) and its
    ledger row. A row equal to a record already logged and not returned is skipped."""
    existing = set(
        ExternalTraining.objects.for_school(school)
        .filter(
            teacher_id__in={r.teacher.pk for r in rows},
            status__in=(RecordStatus.SUBMITTED, RecordStatus.VERIFIED),
        )
        .values_list("teacher_id", "title", "organiser", "date", "hours")
    )
    fresh = [r for r in rows if _identity(r.teacher.pk, r.values) not in existing]
    now = timezone.now()
    records = ExternalTraining.objects.bulk_create(
        [
            ExternalTraining(
                teacher=r.teacher,
                school_id=school.pk,
                district_id=school.district_id,
                title=r.values["title"],
                organiser=r.values["organiser"],
                organiser_level=r.values["organiser_level"],
                date=r.values["date"],
                hours=r.values["hours"],
                credit_class=r.values["credit_class"],
                note=r.values.get("note", ""),
                submitted_by=actor,
                status=RecordStatus.VERIFIED,
                reviewed_by=actor,
                reviewed_at=now,
            )
            for r in fresh
        ],
        batch_size=1000,
    )
    years: set[int] = set()
    entries = []
    for record in records:
        entry = services.external_ledger_row(record, actor=actor)
        years.add(entry.school_year)
        entries.append(entry)
    LedgerEntry.objects.bulk_create(entries, batch_size=1000)
    for year in sorted(years):
        schedule_school_recompute(school=school, school_year=year)
    return {
        "rows": len(rows),
        "recorded": len(records),
        "skipped": len(rows) - len(records),
        "hours": str(sum((r.hours for r in records), Decimal(0))),
    }
