"""Roster import: the Excel template, row validation and the all-or-nothing save.

The algorithm, run as an import job (`services.roster_import_execute`, `apps.core.jobs`):

1. Open the workbook safely and read the 教师 sheet, then the 班级 sheet, row by row,
   each cell a typed value or an error naming the sheet, row, column and the fix, with
   progress (the kit's `apps.core.xlsx.read_workbook`: hostile files refused before
   parsing, formula cells refused, never evaluated). Every bad row is reported.
3. Check across rows: duplicate employee numbers or classes in the file, homeroom and
   deputy teachers named by an employee number that is neither in the file nor in the
   school.
4. If there is any error, save nothing. Otherwise, in one transaction: upsert teachers
   by (school, employee number), upsert classes by (school, year, grade, name), then set
   each listed class's homeroom teacher and add its deputy.

The school is the job's school (taken from the session when uploaded), never the sheet.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from apps.core.schoolyear import current_school_year
from apps.core.xlsx import (
    CellError,
    Column,
    RowError,
    SheetSpec,
    TemplateSheet,
    WorkbookLimits,
    errors_as_dicts,  # noqa: F401 - temporary, for training's excel
    header_of,
    parse_bool,
    parse_choice,
    parse_date,
    parse_int,
    parse_text,
    read_workbook,
)
from apps.core.xlsx import build_template as build_workbook_template
from apps.tenancy.models import School

from .models import (
    Education,
    Gender,
    Grade,
    ProfessionalTitle,
    PsychCertificate,
    SchoolClass,
    Teacher,
)
from .validation import class_field_errors, grade_error, teacher_field_errors

TEACHER_SHEET = "教师"
CLASS_SHEET = "班级"


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
class ParsedRoster:
    teachers: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    classes: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    # Employee numbers of teacher rows that had errors elsewhere: the 班级 sheet may still
    # name them without a second, misleading "unknown number" error.
    rejected_numbers: set[str] = field(default_factory=set)


# --------------------------------------------------------------------------- template


GUIDE = (
    "1. 在“教师”“班级”两个工作表中从第 2 行开始填写，标 * 的列必填；不要修改表头。",
    "2. 导入按工号更新已有教师、按 学年+年级+班级名称 更新已有班级，其余新增。",
    "3. 任何一行有错误时整份文件都不会保存，系统会列出所有错误的行、列和原因。",
    "4. 请直接填写数值，不要使用公式；日期可写作 2008-09-01 或 2008-09。",
    "5. 学校由登录身份确定，表格中无需也不能指定学校。",
)


def build_template() -> bytes:
    """The 导入模板: one sheet per record type with headers, hints and drop-downs."""
    choices: dict[str, list[str]] = {
        "gender": [str(x) for x in Gender.labels],
        "professional_title": [str(x) for x in ProfessionalTitle.labels],
        "highest_education": [str(x) for x in Education.labels],
        "psych_certificate": [str(x) for x in PsychCertificate.labels],
        "is_moral_cadre": ["是", "否"],
        "deputy_track": ["培养型", "专家型"],
    }
    return build_workbook_template(
        heading="班主任队伍建设管理平台 · 名册导入模板",
        guide=GUIDE,
        sheets=[
            TemplateSheet(
                title,
                columns,
                {k: v for k, v in choices.items() if any(c.key == k for c in columns)},
            )
            for title, columns in SHEETS.items()
        ],
    )


# --------------------------------------------------------------------------- cell parsing


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


# --------------------------------------------------------------------------- reading


# The choices read once: a choices class builds its list anew at every `.choices`, which
# was a fifth of the reading of a 15,000-row roster (issue 9 §6).
_GENDERS = Gender.choices
_TITLES = ProfessionalTitle.choices
_EDUCATIONS = Education.choices
_CERTIFICATES = PsychCertificate.choices
TEACHER_PARSERS: dict[str, Callable[[Any], Any]] = {
    "employee_no": lambda v: parse_text(v, max_length=32),
    "name": lambda v: parse_text(v, max_length=40),
    "gender": lambda v: parse_choice(v, _GENDERS, default=None),
    "birth_date": parse_date,
    "teaching_since": parse_date,
    "homeroom_since": parse_date,
    "professional_title": lambda v: parse_choice(v, _TITLES, default="none"),
    "highest_education": lambda v: parse_choice(v, _EDUCATIONS, default="bachelor"),
    "psych_certificate": lambda v: parse_choice(v, _CERTIFICATES, default="none"),
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


def parse_roster(
    data: bytes,
    *,
    school: School,
    limits: WorkbookLimits | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ParsedRoster:
    """Steps 1–3: every problem of the file, or the typed rows ready to save. Raises
    UnsafeWorkbookError for a refused file."""
    sheets = read_workbook(
        data,
        [
            SheetSpec(TEACHER_SHEET, TEACHER_COLUMNS, TEACHER_PARSERS),
            SheetSpec(CLASS_SHEET, CLASS_COLUMNS, CLASS_PARSERS),
        ],
        limits=limits,
        progress=progress,
    )
    teachers, classes = sheets[TEACHER_SHEET], sheets[CLASS_SHEET]
    result = ParsedRoster(
        teachers=teachers.rows,
        classes=classes.rows,
        errors=teachers.errors + classes.errors,
        rejected_numbers={r["employee_no"] for r in teachers.rejected if r.get("employee_no")},
    )
    _check_across_rows(result, school)
    return result


def _check_across_rows(result: ParsedRoster, school: School) -> None:
    """Step 3: each teacher's dates, duplicates in the file, and the classes' references
    to teachers of the file or the school; errors sorted by sheet and row."""
    numbers = _check_teachers(result)
    result.errors += _ended_stint_errors(numbers, school)
    known = (
        set(numbers)
        | result.rejected_numbers
        | set(Teacher.objects.for_school(school).values_list("employee_no", flat=True))
    )
    seen_classes: dict[tuple[int, int, str], int] = {}
    for row, record in result.classes:
        for key, message in class_field_errors(record).items():
            result.errors.append(RowError(CLASS_SHEET, row, header_of(CLASS_COLUMNS, key), message))
        if grade_message := grade_error(school, record["grade"]):
            result.errors.append(RowError(CLASS_SHEET, row, "年级", grade_message))
        identity = (record["school_year"], record["grade"], record["name"])
        if identity in seen_classes:
            message = f"与第 {seen_classes[identity]} 行是同一个班级。"
            result.errors.append(RowError(CLASS_SHEET, row, "班级名称", message))
        else:
            seen_classes[identity] = row
        result.errors += _class_staff_errors(row, record, known)
    result.errors.sort(
        key=lambda e: (list(SHEETS).index(e.sheet) if e.sheet in SHEETS else 9, e.row)
    )


def _ended_stint_errors(numbers: dict[str, int], school: School) -> list[RowError]:
    """A row naming a teacher whose stint here ended (moved away or left, ADR 0012): an
    import cannot bring them back — a transfer does, keeping their history (one query)."""
    ended = dict(
        Teacher.objects.for_school(school)
        .filter(employee_no__in=list(numbers), ended_on__isnull=False)
        .values_list("employee_no", "ended_on")
    )
    return [
        RowError(
            TEACHER_SHEET,
            numbers[number],
            "工号",
            f"工号 {number} 的教师已于 {day:%Y-%m-%d} 离开本校（调出或离校），名册导入不能恢复；"
            "如其回到本校，请办理调入。",
        )
        for number, day in ended.items()
    ]


def _check_teachers(result: ParsedRoster) -> dict[str, int]:
    """Each teacher row's cross-field dates and duplicate numbers; {number: first row}."""
    numbers: dict[str, int] = {}
    for row, record in result.teachers:
        for key, message in teacher_field_errors(record).items():
            result.errors.append(
                RowError(TEACHER_SHEET, row, header_of(TEACHER_COLUMNS, key), message)
            )
        number = record["employee_no"]
        if number in numbers:
            message = f"工号 {number} 与第 {numbers[number]} 行重复。"
            result.errors.append(RowError(TEACHER_SHEET, row, "工号", message))
        else:
            numbers[number] = row
    return numbers


def _class_staff_errors(row: int, record: dict[str, Any], known: set[str]) -> list[RowError]:
    """A class row's homeroom and deputy teachers: known numbers, a track for a deputy,
    and not the same person twice."""
    errors = []
    for key, header in (("homeroom_no", "班主任工号"), ("deputy_no", "副班主任工号")):
        number = record.get(key)
        if number and number not in known:
            message = f"工号 {number} 不在本文件“教师”表中，也不是本校已有教师。"
            errors.append(RowError(CLASS_SHEET, row, header, message))
    deputy = record.get("deputy_no")
    if deputy and not record.get("deputy_track"):
        message = "填写了副班主任工号时必须选择类型：培养型或专家型。"
        errors.append(RowError(CLASS_SHEET, row, "副班主任类型", message))
    if deputy and deputy == record.get("homeroom_no"):
        errors.append(RowError(CLASS_SHEET, row, "副班主任工号", "副班主任不能与班主任是同一人。"))
    return errors


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
    from .roster_assignments import save_assignments  # noqa: PLC0415 - it reads this module's sheets

    assignments = save_assignments(parsed, school=school, classes=class_rows)
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


__all__ = [
    "CLASS_SHEET",
    "TEACHER_SHEET",
    "ParsedRoster",
    "RowError",
    "build_template",
    "parse_roster",
    "save_roster",
]


def _read_sheet(  # temporary: training's excel reads through it until it moves to the kit
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
    from apps.core.xlsx import read_sheet  # noqa: PLC0415

    sheet = read_sheet(workbook, SheetSpec(title, columns, parsers), limits=limits, on_row=on_row)
    errors += sheet.errors
    if rejected is not None:
        rejected += sheet.rejected
    return sheet.rows
