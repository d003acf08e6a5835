"""Roster import: the Excel template, row validation and the all-or-nothing save.

The algorithm, run by a Celery job (`tasks.run_roster_import`):

1. Open the workbook safely (`apps.core.xlsx`: size, zip-bomb, dimension and macro
   checks before parsing; formula cells refused, never evaluated).
2. Read the 教师 sheet, then the 班级 sheet, row by row, turning each cell into a typed
   value or an error naming the sheet, row, column and the fix. Progress is published
   every few rows. Every bad row is reported, not just the first.
3. Check across rows: duplicate employee numbers or classes in the file, homeroom and
   deputy teachers named by an employee number that is neither in the file nor in the
   school.
4. If there is any error, save nothing. Otherwise, in one transaction: upsert teachers
   by (school, employee number), upsert classes by (school, year, grade, name), then set
   each listed class's homeroom teacher and add its deputy.

The school is the job's school (taken from the session when uploaded), never the sheet.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from apps.core.schoolyear import current_school_year
from apps.core.xlsx import UnsafeWorkbookError, WorkbookLimits, iter_rows, open_workbook
from apps.tenancy.models import School

from .models import (
    AssignmentRole,
    Education,
    Gender,
    Grade,
    HomeroomAssignment,
    ProfessionalTitle,
    PsychCertificate,
    SchoolClass,
    Teacher,
)
from .validation import grade_error, teacher_field_errors

TEACHER_SHEET = "教师"
CLASS_SHEET = "班级"
PROGRESS_EVERY = 50


@dataclass(frozen=True)
class Column:
    header: str
    key: str
    required: bool = False
    hint: str = ""


TEACHER_COLUMNS = (
    Column("工号", "employee_no", required=True, hint="本校唯一，如 T0001"),
    Column("姓名", "name", required=True),
    Column("性别", "gender", required=True, hint="男 / 女"),
    Column("出生日期", "birth_date", hint="如 1986-03-15"),
    Column("参加教育工作时间", "teaching_since", hint="如 2008-09 或 2008-09-01"),
    Column("首次担任班主任时间", "homeroom_since", hint="如 2010-09"),
    Column("职称", "professional_title", hint="、".join(str(x) for x in ProfessionalTitle.labels)),
    Column("最高学历", "highest_education", hint="、".join(str(x) for x in Education.labels)),
    Column("心理健康教育证书", "psych_certificate", hint="无 / C级 / B级 / A级"),
    Column("是否德育干部", "is_moral_cadre", hint="是 / 否"),
)
CLASS_COLUMNS = (
    Column("学年", "school_year", required=True, hint="学年起始年份，如 2025 表示 2025学年"),
    Column("年级", "grade", required=True, hint="如 一年级、七年级、高一"),
    Column("班级名称", "name", required=True, hint="如 1班"),
    Column("学生人数", "student_count", hint="整数"),
    Column("班主任工号", "homeroom_no", hint="须为本文件或本校已有教师的工号"),
    Column("副班主任工号", "deputy_no"),
    Column("副班主任类型", "deputy_track", hint="培养型 / 专家型"),
)
SHEETS: dict[str, tuple[Column, ...]] = {TEACHER_SHEET: TEACHER_COLUMNS, CLASS_SHEET: CLASS_COLUMNS}


@dataclass
class RowError:
    sheet: str
    row: int
    column: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


@dataclass
class ParsedRoster:
    teachers: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    classes: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    # Employee numbers of teacher rows that had errors elsewhere: the 班级 sheet may still
    # name them without a second, misleading "unknown number" error.
    rejected_numbers: set[str] = field(default_factory=set)


# --------------------------------------------------------------------------- template


def build_template() -> bytes:
    """The 导入模板: one sheet per record type with headers, hints and drop-downs."""
    workbook = Workbook()
    guide = workbook.active
    assert guide is not None
    guide.title = "填写说明"
    guide.append(["班主任队伍建设管理平台 · 名册导入模板"])
    guide.append(["1. 在“教师”“班级”两个工作表中从第 2 行开始填写，标 * 的列必填；不要修改表头。"])
    guide.append(["2. 导入按工号更新已有教师、按 学年+年级+班级名称 更新已有班级，其余新增。"])
    guide.append(["3. 任何一行有错误时整份文件都不会保存，系统会列出所有错误的行、列和原因。"])
    guide.append(["4. 请直接填写数值，不要使用公式；日期可写作 2008-09-01 或 2008-09。"])
    guide.append(["5. 学校由登录身份确定，表格中无需也不能指定学校。"])
    guide["A1"].font = Font(bold=True, size=14)
    guide.column_dimensions["A"].width = 100
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    choices: dict[str, list[str]] = {
        "gender": [str(x) for x in Gender.labels],
        "professional_title": [str(x) for x in ProfessionalTitle.labels],
        "highest_education": [str(x) for x in Education.labels],
        "psych_certificate": [str(x) for x in PsychCertificate.labels],
        "is_moral_cadre": ["是", "否"],
        "deputy_track": ["培养型", "专家型"],
    }
    for title, columns in SHEETS.items():
        sheet = workbook.create_sheet(title)
        sheet.append([f"{c.header}*" if c.required else c.header for c in columns])
        for index, column in enumerate(columns, start=1):
            cell = sheet.cell(row=1, column=index)
            cell.font = Font(bold=True)
            cell.fill = header_fill
            letter = cell.column_letter
            sheet.column_dimensions[letter].width = max(12, len(column.header) * 2 + 4)
            if column.key in choices:
                validation = DataValidation(
                    type="list",
                    formula1='"' + ",".join(choices[column.key]) + '"',
                    allow_blank=True,
                )
                validation.add(f"{letter}2:{letter}2000")
                sheet.add_data_validation(validation)
            if column.hint:
                guide.append([f"{title} · {column.header}：{column.hint}"])
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --------------------------------------------------------------------------- cell parsing


class CellError(ValueError):
    pass


_DATE_PATTERNS = (
    re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$"),
    re.compile(r"^(\d{4})[-/.年](\d{1,2})月?$"),
)


def parse_date(value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    for pattern in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            parts = [int(p) for p in match.groups()]
            try:
                return dt.date(parts[0], parts[1], parts[2] if len(parts) > 2 else 1)
            except ValueError:
                break
    raise CellError(f"“{text}”不是有效日期，请写作 2008-09-01 或 2008-09。")


def parse_choice(
    value: Any, choices: Iterable[tuple[str, Any]], *, default: str | None
) -> str | None:
    if value in (None, ""):
        return default
    text = str(value).strip()
    for stored, label in choices:
        if text in (stored, str(label)):
            return stored
    labels = "、".join(str(label) for _stored, label in choices)
    raise CellError(f"“{text}”不是可选值，请填写：{labels}。")


def parse_bool(value: Any) -> bool:
    if value in (None, ""):
        return False
    if isinstance(value, bool):
        return value
    text = str(value).strip()
    if text in ("是", "Y", "y", "1", "TRUE", "True", "true"):
        return True
    if text in ("否", "N", "n", "0", "FALSE", "False", "false"):
        return False
    raise CellError(f"“{text}”应填写“是”或“否”。")


def parse_int(value: Any, *, low: int, high: int) -> int | None:
    if value in (None, ""):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if not re.fullmatch(r"-?\d+", text):
        raise CellError(f"“{text}”不是整数。")
    number = int(text)
    if not low <= number <= high:
        raise CellError(f"{number} 超出范围（{low}–{high}）。")
    return number


_GRADE_ALIASES = {
    "初一": 7, "初二": 8, "初三": 9, "七年级": 7, "八年级": 8, "九年级": 9,
    "高一": 10, "高二": 11, "高三": 12, "小班": -2, "中班": -1, "大班": 0,
}  # fmt: skip


def parse_grade(value: Any) -> int:
    text = str(value).strip()
    if text in _GRADE_ALIASES:
        return _GRADE_ALIASES[text]
    for grade in Grade:
        if text == str(grade.label):
            return int(grade.value)
    if re.fullmatch(r"\d{1,2}", text) and 1 <= int(text) <= 12:
        return int(text)
    raise CellError(f"“{text}”不是有效年级，请填写如 一年级、七年级、高一。")


def parse_text(value: Any, *, max_length: int) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = "" if value is None else str(value).strip()
    if len(text) > max_length:
        raise CellError(f"内容过长（{len(text)} 字），最多 {max_length} 字。")
    if any(ord(char) < 32 for char in text):
        raise CellError("内容含有不可见的控制字符，请删除后重试。")
    return text


# --------------------------------------------------------------------------- reading


def _map_headers(
    sheet_title: str, header: tuple[Any, ...], columns: tuple[Column, ...], errors: list[RowError]
) -> dict[str, int] | None:
    """Column positions by key, tolerant of a trailing * and surrounding spaces."""
    names = [str(h or "").strip().rstrip("*").strip() for h in header]
    positions: dict[str, int] = {}
    for column in columns:
        if column.header in names:
            positions[column.key] = names.index(column.header)
        elif column.required:
            errors.append(
                RowError(
                    sheet_title, 1, column.header, f"缺少必填列“{column.header}”，请使用导入模板。"
                )
            )
    return positions if len(errors) == 0 or all(e.sheet != sheet_title for e in errors) else None


TEACHER_PARSERS: dict[str, Callable[[Any], Any]] = {
    "employee_no": lambda v: parse_text(v, max_length=32),
    "name": lambda v: parse_text(v, max_length=40),
    "gender": lambda v: parse_choice(v, Gender.choices, default=None),
    "birth_date": parse_date,
    "teaching_since": parse_date,
    "homeroom_since": parse_date,
    "professional_title": lambda v: parse_choice(v, ProfessionalTitle.choices, default="none"),
    "highest_education": lambda v: parse_choice(v, Education.choices, default="bachelor"),
    "psych_certificate": lambda v: parse_choice(v, PsychCertificate.choices, default="none"),
    "is_moral_cadre": parse_bool,
}
_TRACKS = [("deputy_training", "培养型"), ("deputy_expert", "专家型")]
CLASS_PARSERS: dict[str, Callable[[Any], Any]] = {
    "school_year": lambda v: parse_int(v, low=2000, high=current_school_year() + 1),
    "grade": parse_grade,
    "name": lambda v: parse_text(v, max_length=20),
    "student_count": lambda v: parse_int(v, low=0, high=200),
    "homeroom_no": lambda v: parse_text(v, max_length=32),
    "deputy_no": lambda v: parse_text(v, max_length=32),
    "deputy_track": lambda v: parse_choice(v, _TRACKS, default=None),
}


def _read_sheet(
    workbook: Any,
    *,
    title: str,
    columns: tuple[Column, ...],
    parsers: dict[str, Callable[[Any], Any]],
    limits: WorkbookLimits,
    errors: list[RowError],
    on_row: Callable[[], None],
    rejected: list[dict[str, Any]] | None = None,
) -> list[tuple[int, dict[str, Any]]]:
    if title not in workbook.sheetnames:
        errors.append(RowError(title, 0, "", f"缺少工作表“{title}”，请使用导入模板。"))
        return []
    sheet = workbook[title]
    rows = iter_rows(sheet, limits)
    first = next(rows, None)
    if first is None:
        return []
    positions = _map_headers(title, first[1], columns, errors)
    if positions is None:
        return []
    parsed: list[tuple[int, dict[str, Any]]] = []
    by_key = {c.key: c for c in columns}
    for row_number, values in rows:
        record: dict[str, Any] = {}
        row_ok = True
        for key, position in positions.items():
            raw = values[position] if position < len(values) else None
            column = by_key[key]
            try:
                value = parsers[key](raw)
            except CellError as exc:
                errors.append(RowError(title, row_number, column.header, str(exc)))
                row_ok = False
                continue
            if column.required and value in (None, ""):
                errors.append(
                    RowError(title, row_number, column.header, f"“{column.header}”为必填项。")
                )
                row_ok = False
                continue
            record[key] = value
        if row_ok:
            parsed.append((row_number, record))
        elif rejected is not None:
            rejected.append(record)
        on_row()
    return parsed


def parse_roster(
    data: bytes,
    *,
    school: School,
    limits: WorkbookLimits | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ParsedRoster:
    """Steps 1–3: every problem of the file, or the typed rows ready to save."""
    limits = limits or WorkbookLimits()
    result = ParsedRoster()
    workbook = open_workbook(data, limits)
    try:
        total = sum(
            max((workbook[t].max_row or 1) - 1, 0) for t in SHEETS if t in workbook.sheetnames
        )
        seen = 0

        def on_row() -> None:
            nonlocal seen
            seen += 1
            if progress and seen % PROGRESS_EVERY == 0:
                progress(seen, max(total, seen))

        rejected: list[dict[str, Any]] = []
        result.teachers = _read_sheet(
            workbook,
            title=TEACHER_SHEET,
            columns=TEACHER_COLUMNS,
            parsers=TEACHER_PARSERS,
            limits=limits,
            errors=result.errors,
            on_row=on_row,
            rejected=rejected,
        )
        result.rejected_numbers = {r["employee_no"] for r in rejected if r.get("employee_no")}
        result.classes = _read_sheet(
            workbook,
            title=CLASS_SHEET,
            columns=CLASS_COLUMNS,
            parsers=CLASS_PARSERS,
            limits=limits,
            errors=result.errors,
            on_row=on_row,
        )
    finally:
        workbook.close()
    _check_across_rows(result, school)
    if progress:
        progress(max(seen, total), max(seen, total))
    return result


def _check_across_rows(result: ParsedRoster, school: School) -> None:
    errors = result.errors
    numbers: dict[str, int] = {}
    for row, record in result.teachers:
        for key, message in teacher_field_errors(record).items():
            header = next(c.header for c in TEACHER_COLUMNS if c.key == key)
            errors.append(RowError(TEACHER_SHEET, row, header, message))
        number = record["employee_no"]
        if number in numbers:
            errors.append(
                RowError(
                    TEACHER_SHEET, row, "工号", f"工号 {number} 与第 {numbers[number]} 行重复。"
                )
            )
        else:
            numbers[number] = row
    known = (
        set(numbers)
        | result.rejected_numbers
        | set(Teacher.objects.for_school(school).values_list("employee_no", flat=True))
    )
    seen_classes: dict[tuple[int, int, str], int] = {}
    for row, record in result.classes:
        if grade_message := grade_error(school, record["grade"]):
            errors.append(RowError(CLASS_SHEET, row, "年级", grade_message))
        identity = (record["school_year"], record["grade"], record["name"])
        if identity in seen_classes:
            errors.append(
                RowError(
                    CLASS_SHEET, row, "班级名称", f"与第 {seen_classes[identity]} 行是同一个班级。"
                )
            )
        else:
            seen_classes[identity] = row
        for key, header in (("homeroom_no", "班主任工号"), ("deputy_no", "副班主任工号")):
            number = record.get(key)
            if number and number not in known:
                errors.append(
                    RowError(
                        CLASS_SHEET,
                        row,
                        header,
                        f"工号 {number} 不在本文件“教师”表中，也不是本校已有教师。",
                    )
                )
        if record.get("deputy_no") and not record.get("deputy_track"):
            errors.append(
                RowError(
                    CLASS_SHEET,
                    row,
                    "副班主任类型",
                    "填写了副班主任工号时必须选择类型：培养型或专家型。",
                )
            )
        if record.get("deputy_no") and record.get("deputy_no") == record.get("homeroom_no"):
            errors.append(
                RowError(CLASS_SHEET, row, "副班主任工号", "副班主任不能与班主任是同一人。")
            )
    errors.sort(key=lambda e: (list(SHEETS).index(e.sheet) if e.sheet in SHEETS else 9, e.row))


# --------------------------------------------------------------------------- saving


@transaction.atomic
def save_roster(parsed: ParsedRoster, *, school: School) -> dict[str, int]:
    """Step 4, all or nothing. Returns counts for the summary."""
    if parsed.errors:
        raise ValidationError("roster has errors; nothing may be saved")
    district_id = school.district_id
    existing_numbers = set(Teacher.objects.for_school(school).values_list("employee_no", flat=True))
    teacher_rows = [
        Teacher(school=school, district_id=district_id, is_active=True, **record)
        for _row, record in parsed.teachers
    ]
    Teacher.objects.bulk_create(
        teacher_rows,
        update_conflicts=True,
        unique_fields=["school", "employee_no"],
        update_fields=[k for k in TEACHER_PARSERS if k != "employee_no"]
        + ["is_active", "updated_at"],
    )
    class_fields = ("school_year", "grade", "name", "student_count")
    existing_classes = set(
        SchoolClass.objects.for_school(school).values_list("school_year", "grade", "name")
    )
    class_rows = [
        SchoolClass(
            school=school,
            district_id=district_id,
            **{
                k: (record.get(k) or 0) if k == "student_count" else record[k] for k in class_fields
            },
        )
        for _row, record in parsed.classes
    ]
    SchoolClass.objects.bulk_create(
        class_rows,
        update_conflicts=True,
        unique_fields=["school", "school_year", "grade", "name"],
        update_fields=["student_count", "updated_at"],
    )
    assignments = _save_assignments(parsed, school=school, classes=class_rows)
    return {
        "teachers_created": sum(1 for t in teacher_rows if t.employee_no not in existing_numbers),
        "teachers_updated": sum(1 for t in teacher_rows if t.employee_no in existing_numbers),
        "classes_created": sum(
            1 for c in class_rows if (c.school_year, c.grade, c.name) not in existing_classes
        ),
        "classes_updated": sum(
            1 for c in class_rows if (c.school_year, c.grade, c.name) in existing_classes
        ),
        "assignments_set": assignments,
    }


def _save_assignments(parsed: ParsedRoster, *, school: School, classes: list[SchoolClass]) -> int:
    """Each listed class gets the file's homeroom teacher (replacing another) and deputy."""
    teacher_ids = dict(Teacher.objects.for_school(school).values_list("employee_no", "id"))
    class_by_id = {c.pk: c for c in classes}
    wanted: dict[tuple[int, int], str] = {}
    homeroom_of: dict[int, int] = {}
    for school_class, (_row, record) in zip(classes, parsed.classes, strict=True):
        if record.get("homeroom_no"):
            teacher_id = teacher_ids[record["homeroom_no"]]
            wanted[(school_class.pk, teacher_id)] = AssignmentRole.HOMEROOM
            homeroom_of[school_class.pk] = teacher_id
        if record.get("deputy_no"):
            wanted[(school_class.pk, teacher_ids[record["deputy_no"]])] = record["deputy_track"]
    if not wanted:
        return 0
    current = list(HomeroomAssignment.objects.filter(school_class_id__in=class_by_id))
    replaced = [
        a.pk
        for a in current
        if a.role == AssignmentRole.HOMEROOM
        and homeroom_of.get(a.school_class_id, a.teacher_id) != a.teacher_id
    ]
    HomeroomAssignment.objects.filter(pk__in=replaced).delete()
    existing = {(a.school_class_id, a.teacher_id): a for a in current if a.pk not in replaced}
    to_create: list[HomeroomAssignment] = []
    to_update: list[HomeroomAssignment] = []
    for (class_id, teacher_id), role in wanted.items():
        found = existing.get((class_id, teacher_id))
        if found is None:
            to_create.append(
                HomeroomAssignment(
                    school=school,
                    district_id=school.district_id,
                    school_class_id=class_id,
                    teacher_id=teacher_id,
                    school_year=class_by_id[class_id].school_year,
                    role=role,
                )
            )
        elif found.role != role:
            found.role = role
            to_update.append(found)
    HomeroomAssignment.objects.bulk_update(to_update, ["role"])
    HomeroomAssignment.objects.bulk_create(to_create)
    return len(wanted)


def errors_as_dicts(errors: Iterable[RowError]) -> list[dict[str, Any]]:
    return [e.as_dict() for e in errors]


__all__ = [
    "CLASS_SHEET",
    "TEACHER_SHEET",
    "ParsedRoster",
    "RowError",
    "UnsafeWorkbookError",
    "build_template",
    "parse_roster",
    "save_roster",
]
