"""The school list: its Excel template and the checks of an uploaded one (no writes).

A district brings in the list it already keeps: one row per school with its code, name,
type, urban or rural, education group and featured-project opt-ins. Reading follows the
kit (`apps.core.xlsx.read_workbook`: hostile files refused before parsing, every bad
cell a `RowError`); then across rows: a code twice in the file, or already used by a
school of the district. The runner (`services.school_import_execute`) saves all rows or
none.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

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
    parse_text,
    read_workbook,
)

from .models import FeaturedProject, SchoolType

SHEET = "学校"
COLUMNS = (
    Column("学校代码", "code", required=True, hint="本区唯一，字母、数字、- 或 _，如 XH001"),
    Column("学校名称", "name", required=True),
    Column("学段类型", "school_type", required=True, hint="、".join(map(str, SchoolType.labels))),
    Column("城乡", "is_rural", hint="城市 / 农村（空白为城市）"),
    Column("教育集团", "education_group", hint="集团名称；本区还没有的集团会自动新建"),
    Column(
        "特色项目",
        "featured_projects",
        hint="可填多个，用顿号或逗号分隔：" + "、".join(map(str, FeaturedProject.labels)),
    ),
)
GUIDE = (
    "1. 在“学校”工作表中从第 2 行开始，每所学校一行，标 * 的列必填；不要修改表头。",
    "2. 导入只新增学校；学校代码已在本区使用的行会报错（已有学校请在学校页面修改）。",
    "3. 任何一行有错误时整份文件都不会保存，系统会列出所有错误的行、列和原因。",
    "4. 请直接填写数值，不要使用公式。",
)
CODE = re.compile(r"^[A-Za-z0-9_-]{1,40}$")
_URBAN_RURAL = {"城市": False, "城镇": False, "城区": False, "农村": True, "乡村": True}


def template() -> bytes:
    return build_template(
        heading="班主任队伍建设管理平台 · 学校名单导入模板",
        guide=GUIDE,
        sheets=[
            TemplateSheet(
                SHEET,
                COLUMNS,
                {
                    "school_type": [str(x) for x in SchoolType.labels],
                    "is_rural": ["城市", "农村"],
                },
            )
        ],
        rows=1000,
    )


def parse_code(value: Any) -> str:
    text = parse_text(value, max_length=40)
    if text and not CODE.match(text):
        raise CellError(f"“{text}”不是有效的学校代码：只能用字母、数字、- 或 _。")
    return text


def parse_rural(value: Any) -> bool:
    text = parse_text(value, max_length=10)
    if not text:
        return False
    if text not in _URBAN_RURAL:
        raise CellError(f"“{text}”无法识别，请填写 城市 或 农村。")
    return _URBAN_RURAL[text]


def parse_projects(value: Any) -> list[str]:
    text = parse_text(value, max_length=200)
    chosen: list[str] = []
    for part in filter(None, (p.strip() for p in re.split(r"[、,，;；]", text))):
        code = parse_choice(part, FeaturedProject.choices, default=None)
        if code is None:
            raise CellError(
                f"“{part}”不是特色项目，可选：" + "、".join(map(str, FeaturedProject.labels))
            )
        if code not in chosen:
            chosen.append(code)
    return chosen


PARSERS: dict[str, Callable[[Any], Any]] = {
    "code": parse_code,
    "name": lambda v: parse_text(v, max_length=100),
    "school_type": lambda v: parse_choice(v, SchoolType.choices, default=None),
    "is_rural": parse_rural,
    "education_group": lambda v: parse_text(v, max_length=80),
    "featured_projects": parse_projects,
}


def parse_school_list(
    data: bytes,
    *,
    taken_codes: set[str],
    limits: WorkbookLimits | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ParsedSheet:
    """Every problem of the file, or its typed rows ready to save. Raises
    UnsafeWorkbookError for a refused file."""
    sheet = read_workbook(
        data, [SheetSpec(SHEET, COLUMNS, PARSERS)], limits=limits, progress=progress
    )[SHEET]
    header = header_of(COLUMNS, "code")
    seen: dict[str, int] = {}
    for row, record in sheet.rows:
        code = record["code"]
        if code in taken_codes:
            sheet.errors.append(RowError(SHEET, row, header, f"学校代码 {code} 已被本区学校使用。"))
        elif code in seen:
            sheet.errors.append(
                RowError(SHEET, row, header, f"学校代码 {code} 与第 {seen[code]} 行重复。")
            )
        else:
            seen[code] = row
    sheet.errors.sort(key=lambda e: e.row)
    return sheet
