"""Safe reading and writing of Excel workbooks supplied by users.

An uploaded .xlsx is a zip of XML parts; before openpyxl parses anything we check, in
this order, that (1) the file is not larger than allowed, (2) it is really a zip with
the parts of a workbook and no macro part, (3) the parts do not inflate past a budget or
at a ratio that only a zip bomb has, and (4) each sheet declares sane dimensions. While
rows are read we (5) stop at the row and column limits whatever the sheet declared, and
(6) refuse formula cells instead of evaluating them: we never trust computed values.

openpyxl parses XML through defusedxml when it is installed (it is a dependency), which
refuses entity-expansion attacks. On export, text that begins with = + - @ or a control
character is prefixed with an apostrophe so a spreadsheet never runs it as a formula.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from .files import UploadRefusedError, ZipLimits, check_zip_container

REQUIRED_PARTS = ("[Content_Types].xml", "xl/workbook.xml")
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"([A-Z]+)?(\d+)?(?::([A-Z]+)(\d+))?\"")


class UnsafeWorkbookError(ValueError):
    """The file is refused before or while reading; the message is for the user (Chinese)."""


@dataclass(frozen=True)
class WorkbookLimits:
    max_bytes: int = 5 * 1024 * 1024
    max_uncompressed_bytes: int = 60 * 1024 * 1024
    max_ratio: int = 100
    max_parts: int = 500
    max_rows: int = 5000
    max_columns: int = 40


def _column_number(letters: str) -> int:
    number = 0
    for char in letters:
        number = number * 26 + (ord(char) - ord("A") + 1)
    return number


def _check_zip(data: bytes, limits: WorkbookLimits) -> None:
    if len(data) > limits.max_bytes:
        raise UnsafeWorkbookError(
            f"文件过大（{len(data) // 1024} KB），上限为 {limits.max_bytes // 1024} KB。"
        )
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise UnsafeWorkbookError(
            "文件不是有效的 Excel 工作簿（.xlsx），请使用导入模板另存为 .xlsx。"
        )
    try:
        archive = check_zip_container(
            data,
            required=REQUIRED_PARTS,
            limits=ZipLimits(
                max_uncompressed_bytes=limits.max_uncompressed_bytes,
                max_ratio=limits.max_ratio,
                max_parts=limits.max_parts,
            ),
        )
    except UploadRefusedError as exc:
        message = str(exc)
        if "扩展名不符" in message:
            message = "文件不是有效的 Excel 工作簿（.xlsx），请使用导入模板。"
        raise UnsafeWorkbookError(message) from exc
    with archive:
        for info in archive.infolist():
            if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                with archive.open(info) as part:
                    _check_dimension(part.read(4096), limits)


def _check_dimension(head: bytes, limits: WorkbookLimits) -> None:
    match = _DIMENSION.search(head)
    if not match:
        return
    last_col = (match.group(3) or match.group(1) or b"").decode("ascii")
    last_row = (match.group(4) or match.group(2) or b"").decode("ascii")
    if last_row and int(last_row) > limits.max_rows + 1:
        raise UnsafeWorkbookError(
            f"工作表行数过多（{int(last_row)} 行），每次最多导入 {limits.max_rows} 行，请分批导入。"
        )
    if last_col and _column_number(last_col) > limits.max_columns:
        raise UnsafeWorkbookError(f"工作表列数过多，最多 {limits.max_columns} 列，请使用导入模板。")


def open_workbook(data: bytes, limits: WorkbookLimits | None = None) -> Workbook:
    """Check the file (steps 1–4) and open it read-only, formulas left as formulas."""
    limits = limits or WorkbookLimits()
    _check_zip(data, limits)
    try:
        return load_workbook(
            io.BytesIO(data), read_only=True, data_only=False, keep_links=False, keep_vba=False
        )
    except UnsafeWorkbookError:
        raise
    except Exception as exc:  # openpyxl raises many types for malformed parts
        raise UnsafeWorkbookError("文件内容无法解析，请使用导入模板重新填写。") from exc


def iter_rows(
    sheet: ReadOnlyWorksheet, limits: WorkbookLimits, *, first_row: int = 1
) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """Yield (row number, values) from `first_row`, enforcing steps 5 and 6.

    The sheet's declared dimension is dropped first: openpyxl would otherwise stop at it,
    and a file declaring fewer rows than it holds would lose the rest silently.
    """
    sheet.reset_dimensions()
    for row in sheet.iter_rows(min_row=first_row, max_col=limits.max_columns):
        cells = [cell for cell in row if getattr(cell, "value", None) is not None]
        if not cells:
            continue
        row_number = cells[0].row
        if row_number - first_row + 1 > limits.max_rows:
            raise UnsafeWorkbookError(
                f"工作表“{sheet.title}”行数超过 {limits.max_rows} 行，请分批导入。"
            )
        for cell in cells:
            if cell.data_type == "f":
                raise UnsafeWorkbookError(
                    f"工作表“{sheet.title}”第 {cell.row} 行 {cell.column_letter} 列是公式，"
                    "系统不计算公式，请复制后“粘贴为数值”再导入。"
                )
        yield row_number, tuple(cell.value for cell in row)


_DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\x00")


def escape_cell(value: Any) -> Any:
    """Make a value safe to write into a sheet: text never starts a formula."""
    if isinstance(value, str) and value.startswith(_DANGEROUS_START):
        return "'" + value
    return value


def check_workbook_file(data: bytes, limits: WorkbookLimits | None = None) -> None:
    """Steps 1–4 only, cheap enough to run while the upload request waits."""
    _check_zip(data, limits or WorkbookLimits())
