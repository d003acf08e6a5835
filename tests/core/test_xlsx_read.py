"""The kit's xlsx reading: hostile files refused early and in bounded memory, headers
mapped, every bad cell reported with its sheet, row and column (ARCHITECTURE §8)."""

from __future__ import annotations

import datetime as dt
import io
import tracemalloc
import zipfile
from decimal import Decimal

import pytest
from openpyxl import Workbook

from apps.core.xlsx import (
    CellError,
    Column,
    SheetSpec,
    UnsafeWorkbookError,
    WorkbookLimits,
    check_workbook_file,
    parse_choice,
    parse_date,
    parse_day,
    parse_hours,
    parse_int,
    parse_text,
    read_workbook,
    scan_workbook,
)

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/></Types>'
)
WORKBOOK = (
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<sheets><sheet name="教师" sheetId="1"/></sheets></workbook>'
)
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _raw_xlsx(sheet_xml: str | bytes, *, shared: str | None = None) -> bytes:
    """A minimal zip with the parts our guard looks at (no openpyxl in between)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/worksheets/sheet1.xml", sheet_xml)
        if shared is not None:
            archive.writestr("xl/sharedStrings.xml", shared)
    return buffer.getvalue()


def _sheet(rows: str) -> str:
    return f'<worksheet xmlns="{MAIN}"><sheetData>{rows}</sheetData></worksheet>'


def _one_wide_row(cells: int) -> bytes:
    row = "".join(f'<c t="inlineStr"><is><t>{i % 10}</t></is></c>' for i in range(cells))
    return _sheet(f'<row r="1">{row}</row>').encode()


def _workbook(rows: list[list[object]], title: str = "教师") -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


LIMITS = WorkbookLimits(max_bytes=20 * 1024 * 1024, max_uncompressed_bytes=400 * 1024 * 1024)


def test_a_row_of_two_million_cells_is_refused_early_in_bounded_memory() -> None:
    """The file passes the cheap upload checks (no dimension, a few MB), but reading it
    stops at the column limit: memory stays far below what parsing the row would take."""
    data = _raw_xlsx(_one_wide_row(2_000_000))
    assert len(data) < 8 * 1024 * 1024
    limits = WorkbookLimits(
        max_bytes=len(data) + 1, max_uncompressed_bytes=200 * 1024 * 1024, max_ratio=10_000
    )
    check_workbook_file(data, limits)  # nothing to see without reading the rows
    tracemalloc.start()
    try:
        with pytest.raises(UnsafeWorkbookError, match="列数过多"):
            scan_workbook(data, limits)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 20 * 1024 * 1024


def test_too_many_cells_in_all_are_refused() -> None:
    rows = "".join(
        f'<row r="{r}">' + "".join(f"<c><v>{c}</v></c>" for c in range(10)) + "</row>"
        for r in range(1, 201)
    )
    sheet = f'<worksheet xmlns="{MAIN}"><sheetData>{rows}</sheetData></worksheet>'
    with pytest.raises(UnsafeWorkbookError, match="单元格过多"):
        scan_workbook(_raw_xlsx(sheet), WorkbookLimits(max_cells=1000))


def test_rows_past_the_limit_are_refused_whatever_the_sheet_declares() -> None:
    rows = "".join(f'<row r="{r}"><c><v>1</v></c></row>' for r in range(1, 30))
    sheet = (
        f'<worksheet xmlns="{MAIN}"><dimension ref="A1:A2"/>'
        f"<sheetData>{rows}</sheetData></worksheet>"
    )
    with pytest.raises(UnsafeWorkbookError, match="行数超过 10 行"):
        scan_workbook(_raw_xlsx(sheet), WorkbookLimits(max_rows=10))


def test_a_cell_far_to_the_right_is_refused() -> None:
    sheet = _sheet('<row r="1"><c r="XFD1"><v>1</v></c></row>')
    with pytest.raises(UnsafeWorkbookError, match="列数过多"):
        scan_workbook(_raw_xlsx(sheet))


def test_a_huge_shared_string_table_is_refused() -> None:
    strings = "".join(f"<si><t>{i}</t></si>" for i in range(2000))
    shared = f'<sst xmlns="{MAIN}">{strings}</sst>'
    sheet = f'<worksheet xmlns="{MAIN}"><sheetData/></worksheet>'
    with pytest.raises(UnsafeWorkbookError, match="单元格过多"):
        scan_workbook(_raw_xlsx(sheet, shared=shared), WorkbookLimits(max_cells=1000))


def test_entity_expansion_is_refused() -> None:
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c t="inlineStr"><is><t>&lol2;</t>'
        "</is></c></row></sheetData></worksheet>"
    )
    with pytest.raises(UnsafeWorkbookError, match="无法解析"):
        scan_workbook(_raw_xlsx(bomb))


def test_a_real_template_passes_and_is_read_into_typed_rows() -> None:
    data = _workbook(
        [
            ["工号*", "姓名 ", "入职日期", "学时"],
            ["T1", "张三", "2020-09", 2],
            [1002, "李四", dt.date(2019, 9, 1), "1.5"],
        ]
    )
    spec = SheetSpec(
        "教师",
        (
            Column("工号", "no", required=True),
            Column("姓名", "name"),
            Column("入职日期", "since"),
            Column("学时", "hours"),
        ),
        {
            "no": lambda v: parse_text(v, max_length=8),
            "name": lambda v: parse_text(v, max_length=8),
            "since": parse_date,
            "hours": parse_hours,
        },
    )
    seen: list[tuple[int, int]] = []
    parsed = read_workbook(data, [spec], limits=LIMITS, progress=lambda n, t: seen.append((n, t)))[
        "教师"
    ]
    assert parsed.errors == []
    assert parsed.rows == [
        (2, {"no": "T1", "name": "张三", "since": dt.date(2020, 9, 1), "hours": Decimal("2.0")}),
        (3, {"no": "1002", "name": "李四", "since": dt.date(2019, 9, 1), "hours": Decimal("1.5")}),
    ]
    assert seen[-1] == (2, 2)


def test_every_bad_cell_is_reported_with_its_row_and_column() -> None:
    data = _workbook([["工号", "学时"], ["T1", "两小时"], ["", "1.25"], ["T3", 3]])
    spec = SheetSpec(
        "教师",
        (Column("工号", "no", required=True), Column("学时", "hours")),
        {"no": lambda v: parse_text(v, max_length=8), "hours": parse_hours},
    )
    parsed = read_workbook(data, [spec], limits=LIMITS)["教师"]
    assert [(e.row, e.column) for e in parsed.errors] == [(2, "学时"), (3, "工号"), (3, "学时")]
    assert "不是学时数" in parsed.errors[0].message
    assert parsed.errors[1].message == "“工号”为必填项。"
    assert [row for row, _values in parsed.rows] == [4]


def test_a_missing_sheet_or_required_column_is_one_clear_error() -> None:
    spec = SheetSpec("班级", (Column("班级名称", "name", required=True),), {"name": str})
    missing_sheet = read_workbook(_workbook([["x"]]), [spec], limits=LIMITS)["班级"]
    assert missing_sheet.errors[0].message == "缺少工作表“班级”，请使用导入模板。"
    wrong_header = read_workbook(_workbook([["名称"], ["1班"]], "班级"), [spec], limits=LIMITS)
    assert wrong_header["班级"].errors[0].message == "缺少必填列“班级名称”，请使用导入模板。"


def test_formula_cells_are_refused_not_evaluated() -> None:
    data = _workbook([["工号"], ['=HYPERLINK("http://x")']])
    spec = SheetSpec("教师", (Column("工号", "no"),), {"no": str})
    with pytest.raises(UnsafeWorkbookError, match="第 2 行 A 列是公式"):
        read_workbook(data, [spec], limits=LIMITS)


@pytest.mark.parametrize(
    ("parse", "raw", "message"),
    [
        (parse_date, "2024-02-30", "不是有效日期"),
        (parse_day, "2024-10", "不是有效日期"),
        (lambda v: parse_int(v, low=0, high=200), "201", "超出范围"),
        (lambda v: parse_choice(v, [("m", "男"), ("f", "女")], default=None), "M", "男、女"),
        (lambda v: parse_text(v, max_length=3), "四个字的", "最多 3 字"),
        (lambda v: parse_text(v, max_length=30), "a\x07b", "控制字符"),
    ],
)
def test_cell_parsers_say_what_to_write_instead(parse: object, raw: object, message: str) -> None:
    with pytest.raises(CellError, match=message):
        parse(raw)  # type: ignore[operator]
