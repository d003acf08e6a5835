"""The assessment-results sheet (考核结果, XH26-PROB-ASSESS): its layout and template, and
steps 1–3 of its import — read the rows, check each against the school's (or the
district's) trainees and the rules of `services.assessment_record`, and against the
other rows — giving every problem, or the rows for `services.imports` to save. A school
imports its two levels; the district imports 区级结业考核 (rows name 学校代码 + 工号)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from apps.core.plausible import record_date_error
from apps.core.xlsx import (
    CellError,
    Column,
    ParsedSheet,
    RowError,
    SheetSpec,
    TemplateSheet,
    WorkbookLimits,
    build_template,
    header_of,
    parse_choice,
    parse_day,
    parse_note,
    parse_text,
    read_workbook,
)
from apps.people.models import Teacher
from apps.probation.models import SCHOOL_LEVELS, AssessmentLevel, AssessmentStatus, Trainee
from apps.probation.selectors.imports import (
    district_teachers_named,
    school_teachers_named,
    trainees_of_teachers,
)
from apps.probation.services.assessments import assessment_state_error
from apps.tenancy.models import District, School

SHEET = "考核结果"
RESULTS = [(AssessmentStatus.PASSED.value, "合格"), (AssessmentStatus.FAILED.value, "不合格")]
LEVELS = [(level.value, level.label) for level in AssessmentLevel]
SCHOOL_CODE = Column("学校代码", "school_code", required=True, hint="本区学校的代码，见学校概览")
COLUMNS = (
    Column("工号", "employee_no", required=True, hint="教师名册中的工号"),
    Column("考核类别", "level", required=True, hint="学校过程考核、上岗技能考核或区级结业考核"),
    Column("考核日期", "assessed_on", required=True, hint="如 2026-06-18，不能晚于今天"),
    Column("考核人", "assessor_name", required=True),
    Column("结果", "result", required=True, hint="合格 / 不合格"),
    Column("成绩", "score", hint="百分制，可不填"),
    Column("考核意见", "comment", hint="不合格时必填"),
)
DISTRICT_COLUMNS = (SCHOOL_CODE, *COLUMNS)


def parse_score(value: Any) -> Decimal | None:
    if value is None or value == "" or isinstance(value, bool):
        if isinstance(value, bool):
            raise CellError(f"“{value}”不是成绩。")
        return None
    text = str(value).strip()
    try:
        score = Decimal(text)
    except InvalidOperation:
        raise CellError(f"“{text}”不是成绩，请填写 0 到 100 的数。") from None
    if not score.is_finite() or not Decimal(0) <= score <= Decimal(100):
        raise CellError(f"成绩 {text} 应在 0 到 100 之间。")
    return score.quantize(Decimal("0.1"))


PARSERS: dict[str, Callable[[Any], Any]] = {
    "school_code": lambda v: parse_text(v, max_length=32),
    "employee_no": lambda v: parse_text(v, max_length=32),
    "level": lambda v: parse_choice(v, LEVELS, default=None),
    "assessed_on": parse_day,
    "assessor_name": lambda v: parse_text(v, max_length=60),
    "result": lambda v: parse_choice(v, RESULTS, default=None),
    "score": parse_score,
    "comment": lambda v: parse_note(v, max_length=2000),
}


@dataclass
class AssessmentRow:
    row: int
    trainee: Trainee
    values: dict[str, Any]


def build_assessment_template(*, district_wide: bool) -> bytes:
    who = (
        "本区各校送审的见习班主任，按 学校代码+工号 识别"
        if district_wide
        else "本校见习班主任，按工号识别"
    )
    levels = ["区级结业考核"] if district_wide else [str(level.label) for level in SCHOOL_LEVELS]
    return build_template(
        heading="见习班主任考核结果导入模板",
        guide=[
            f"1. 在“{SHEET}”工作表中从第 2 行开始，每条考核结果一行；标 * 的列必填，不要修改表头。",
            f"2. 考核对象为{who}；考核类别可填：{'、'.join(levels)}。",
            "3. 结果填写“合格”或“不合格”；不合格时必须填写考核意见。",
            "4. 任何一行有错误时整份文件都不会保存，系统会列出所有错误的行、列和原因。",
            "5. 日期写作 2026-06-18；请直接填写数值，不要使用公式。",
        ],
        sheets=[
            TemplateSheet(
                SHEET,
                DISTRICT_COLUMNS if district_wide else COLUMNS,
                {"level": levels, "result": ["合格", "不合格"]},
            )
        ],
    )


def _problems(record: dict[str, Any], trainee: Trainee, allowed: tuple[str, ...]) -> dict[str, str]:
    """The rules of `assessment_record` for one row: {column key: message}."""
    problems: dict[str, str] = {}
    if record["level"] not in allowed:
        names = "、".join(str(AssessmentLevel(level).label) for level in allowed)
        problems["level"] = f"此处只能导入：{names}。"
    elif state := assessment_state_error(trainee, record["level"]):
        problems["level"] = state
    message = record_date_error(
        record["assessed_on"], label="考核日期", not_before=trainee.started_on,
        not_before_label="见习开始日期",
    )  # fmt: skip
    if message:
        problems["assessed_on"] = message
    if record["result"] == AssessmentStatus.FAILED and not record.get("comment", "").strip():
        problems["comment"] = "结果为不合格时请填写考核意见，说明需要改进之处。"
    return problems


def check_rows(
    parsed: ParsedSheet, teachers: dict[Any, Teacher], keys: list[Any],
    columns: tuple[Column, ...], allowed: tuple[str, ...],
) -> list[AssessmentRow]:  # fmt: skip
    """Steps 2–3: each row's teacher a trainee in a state for the level, its fields the
    service's, and no trainee's level twice in the file."""
    trainees = trainees_of_teachers(teacher_ids=[t.pk for t in teachers.values()])
    found: list[AssessmentRow] = []
    seen: dict[tuple[int, str], int] = {}
    number = header_of(columns, "employee_no")
    for (row, record), key in zip(parsed.rows, keys, strict=True):
        teacher = teachers.get(key)
        trainee = trainees.get(teacher.pk) if teacher else None
        if teacher is None:
            where = "本区该学校" if len(columns) > len(COLUMNS) else "本校名册"
            message = f"{where}中没有工号为 {record['employee_no']} 的教师。"
            parsed.errors.append(RowError(SHEET, row, number, message))
            continue
        if trainee is None:
            parsed.errors.append(RowError(SHEET, row, number, f"{teacher.name}没有见习记录。"))
            continue
        problems = _problems(record, trainee, allowed)
        earlier = seen.get((trainee.pk, record["level"]))
        if earlier is not None and "level" not in problems:
            problems["level"] = f"与第 {earlier} 行重复（同一见习班主任、同一考核类别）。"
        parsed.errors += [
            RowError(SHEET, row, header_of(columns, k), m) for k, m in problems.items()
        ]
        if not problems:
            seen[(trainee.pk, record["level"])] = row
            found.append(AssessmentRow(row, trainee, record))
    parsed.errors.sort(key=lambda e: e.row)
    return found


def parse_school_assessments(
    data: bytes, *, school: School, limits: WorkbookLimits | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[ParsedSheet, list[AssessmentRow]]:  # fmt: skip
    parsed = read_workbook(data, [SheetSpec(SHEET, COLUMNS, PARSERS)], limits=limits,
                           progress=progress)[SHEET]  # fmt: skip
    keys = [record["employee_no"] for _row, record in parsed.rows]
    teachers = school_teachers_named(school=school, numbers=keys)
    found = check_rows(parsed, dict(teachers), list(keys), COLUMNS, tuple(SCHOOL_LEVELS))
    return parsed, found


def parse_district_assessments(
    data: bytes, *, district: District, limits: WorkbookLimits | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[ParsedSheet, list[AssessmentRow]]:  # fmt: skip
    spec = SheetSpec(SHEET, DISTRICT_COLUMNS, PARSERS)
    parsed = read_workbook(data, [spec], limits=limits, progress=progress)[SHEET]
    keys = [(record["school_code"], record["employee_no"]) for _row, record in parsed.rows]
    teachers = district_teachers_named(district=district, keys=keys)
    allowed = (AssessmentLevel.DISTRICT_GRADUATION.value,)
    found = check_rows(parsed, dict(teachers), list(keys), DISTRICT_COLUMNS, allowed)
    return parsed, found
