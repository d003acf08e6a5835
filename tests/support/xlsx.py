"""Build roster workbooks for tests, from the real template so headers stay in step."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl import load_workbook

from apps.people.roster_import import CLASS_SHEET, TEACHER_SHEET, build_template
from apps.tenancy.school_import import template as school_list_template


def roster_file(
    teachers: Iterable[Sequence[Any]] = (), classes: Iterable[Sequence[Any]] = ()
) -> bytes:
    """A filled 导入模板: rows in template column order (see roster_import.*_COLUMNS)."""
    workbook = load_workbook(io.BytesIO(build_template()))
    for title, rows in ((TEACHER_SHEET, teachers), (CLASS_SHEET, classes)):
        sheet = workbook[title]
        for row in rows:
            sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def teacher_row(number: int, *, prefix: str = "N", **overrides: Any) -> list[Any]:
    row = {
        "工号": f"{prefix}{number:04d}",
        "姓名": f"导入教师{number}",
        "性别": "女" if number % 2 else "男",
        "出生日期": "1988-05-06",
        "参加教育工作时间": "2010-09",
        "首次担任班主任时间": "2012-09-01",
        "职称": "一级教师",
        "最高学历": "大学本科",
        "心理健康教育证书": "C级",
        "是否德育干部": "否",
    }
    row.update(overrides)
    return list(row.values())


def class_row(year: int, grade: str, name: str, **overrides: Any) -> list[Any]:
    row = {
        "学年": year,
        "年级": grade,
        "班级名称": name,
        "学生人数": 40,
        "班主任工号": "",
        "副班主任工号": "",
        "副班主任类型": "",
    }
    row.update(overrides)
    return list(row.values())


def workbook_bytes(sheets: dict[str, list[list[Any]]]) -> bytes:
    """A plain workbook with the given sheets and rows (first row the header)."""
    from openpyxl import Workbook

    workbook = Workbook()
    first = workbook.active
    assert first is not None
    workbook.remove(first)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --------------------------------------------------------------------------- school list


def school_list_file(rows: list[list[Any]]) -> bytes:
    """A filled 学校名单 template: rows in its column order (school_row)."""
    workbook = load_workbook(io.BytesIO(school_list_template()))
    sheet = workbook["学校"]
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def school_row(n: int, **overrides: Any) -> list[Any]:
    row = {
        "学校代码": f"XQ{n:03d}",
        "学校名称": f"新桥第{n}小学",
        "学段类型": "小学" if n % 3 else "初中",
        "城乡": "农村" if n % 4 == 0 else "城市",
        "教育集团": f"新桥教育集团{n % 5}" if n % 2 else "",
        "特色项目": "双轨道副班主任制度、数字伙伴" if n % 7 == 0 else "",
    } | overrides
    return list(row.values())
