"""Refusing hostile workbooks before openpyxl parses them, in bounded memory.

An uploaded .xlsx is a zip of XML parts. In this order we check that (1) the file is not
larger than allowed, (2) it is really a zip with the parts of a workbook and no macro
part, (3) the parts do not inflate past a budget or at a ratio only a zip bomb has, and
every part inflates to what its header says (a header that lies about sizes or
checksums is a broken file: "文件已损坏"), and (4) each sheet declares sane dimensions —
all cheap enough to run while the upload request waits (`check_workbook_file`). Before
the job reads rows (`scan_workbook`) we then (5) stream every sheet's XML, counting rows,
cells per row and cells in all, and the shared strings, and stop at the first limit
passed: a 4 MB file of one row with two million cells is refused after forty cells,
where openpyxl would build the whole row in memory first. The XML is parsed by
defusedxml, which refuses DTDs and entity expansion.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

from defusedxml.ElementTree import iterparse

from apps.core.files import BROKEN_FILE, UploadRefusedError, ZipLimits, check_zip_container

REQUIRED_PARTS = ("[Content_Types].xml", "xl/workbook.xml")
SHARED_STRINGS = "xl/sharedStrings.xml"
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"([A-Z]+)?(\d+)?(?::([A-Z]+)(\d+))?\"")
_CELL_REF = re.compile(r"^([A-Z]{1,3})(\d+)$")
# Reading a member of a broken archive (bad header or CRC, truncated or bad deflate data).
ZIP_READ_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError)


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
    max_cells: int = 200_000

    @property
    def max_shared_strings(self) -> int:
        return self.max_cells


def column_number(letters: str) -> int:
    """A1-style column letters as a 1-based number (A → 1, AN → 40)."""
    number = 0
    for char in letters:
        number = number * 26 + (ord(char) - ord("A") + 1)
    return number


def _open_zip(data: bytes, limits: WorkbookLimits, *, verify_parts: bool) -> zipfile.ZipFile:
    """Steps 1–3 (with `verify_parts`, every part inflated once to prove the archive whole)."""
    if len(data) > limits.max_bytes:
        raise UnsafeWorkbookError(
            f"文件过大（{len(data) // 1024} KB），上限为 {limits.max_bytes // 1024} KB。"
        )
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise UnsafeWorkbookError(
            "文件不是有效的 Excel 工作簿（.xlsx），请使用导入模板另存为 .xlsx。"
        )
    try:
        return check_zip_container(
            data,
            required=REQUIRED_PARTS,
            limits=ZipLimits(
                max_uncompressed_bytes=limits.max_uncompressed_bytes,
                max_ratio=limits.max_ratio,
                max_parts=limits.max_parts,
            ),
            verify_parts=verify_parts,
        )
    except UploadRefusedError as exc:
        message = str(exc)
        if "扩展名不符" in message:
            message = "文件不是有效的 Excel 工作簿（.xlsx），请使用导入模板。"
        raise UnsafeWorkbookError(message) from exc


def _sheet_parts(archive: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    return [
        info
        for info in archive.infolist()
        if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")
    ]


def _check_dimension(head: bytes, limits: WorkbookLimits) -> None:
    """Step 4: the sheet's own claim of its size, read from its first bytes."""
    match = _DIMENSION.search(head)
    if not match:
        return
    last_col = (match.group(3) or match.group(1) or b"").decode("ascii")
    last_row = (match.group(4) or match.group(2) or b"").decode("ascii")
    if last_row and int(last_row) > limits.max_rows + 1:
        raise UnsafeWorkbookError(
            f"工作表行数过多（{int(last_row)} 行），每次最多导入 {limits.max_rows} 行，请分批导入。"
        )
    if last_col and column_number(last_col) > limits.max_columns:
        raise UnsafeWorkbookError(f"工作表列数过多，最多 {limits.max_columns} 列，请使用导入模板。")


def check_workbook_file(data: bytes, limits: WorkbookLimits | None = None) -> None:
    """Steps 1–4, cheap enough to run while the upload request waits."""
    limits = limits or WorkbookLimits()
    with _open_zip(data, limits, verify_parts=True) as archive:
        try:
            for info in _sheet_parts(archive):
                with archive.open(info) as part:
                    _check_dimension(part.read(4096), limits)
        except ZIP_READ_ERRORS as exc:
            raise UnsafeWorkbookError(BROKEN_FILE) from exc


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _elements(stream: IO[bytes]) -> Iterator[tuple[str, str, dict[str, str]]]:
    """(event, local tag name, attributes) while the XML streams by; finished elements
    are cleared from their parent so memory stays flat however long the part is."""
    parents: list[object] = []
    for event, element in iterparse(stream, events=("start", "end"), forbid_dtd=True):
        name = _local(element.tag)
        if event == "start":
            parents.append(element)
            yield event, name, dict(element.attrib)
        else:
            parents.pop()
            yield event, name, {}
            element.clear()
            if parents:
                parents[-1].remove(element)  # type: ignore[attr-defined]


def _column_of(attrs: dict[str, str]) -> int:
    """The column number a cell's `r` reference names (0 when it names none)."""
    match = _CELL_REF.match(attrs.get("r", ""))
    return column_number(match.group(1)) if match else 0


def _refuse_size(limits: WorkbookLimits) -> UnsafeWorkbookError:
    return UnsafeWorkbookError(
        f"工作表单元格过多，最多 {limits.max_rows} 行 × {limits.max_columns} 列，请分批导入。"
    )


def _scan_sheet(stream: IO[bytes], limits: WorkbookLimits, cells_so_far: int) -> int:
    """Step 5 for one sheet: refuse at the first row, cell or column past the limits."""
    rows = 0
    in_row = 0
    cells = cells_so_far
    for event, name, attrs in _elements(stream):
        if event != "start":
            continue
        if name == "row":
            rows += 1
            in_row = 0
            if rows > limits.max_rows + 1:
                raise UnsafeWorkbookError(
                    f"工作表行数超过 {limits.max_rows} 行，每次最多导入 {limits.max_rows} 行，"
                    "请分批导入。"
                )
        elif name == "c":
            in_row += 1
            cells += 1
            if in_row > limits.max_columns or _column_of(attrs) > limits.max_columns:
                raise UnsafeWorkbookError(
                    f"工作表列数过多，最多 {limits.max_columns} 列，请使用导入模板。"
                )
            if cells > limits.max_cells:
                raise _refuse_size(limits)
    return cells


def _scan_shared_strings(stream: IO[bytes], limits: WorkbookLimits) -> None:
    count = 0
    for event, name, _attrs in _elements(stream):
        if event == "start" and name == "si":
            count += 1
            if count > limits.max_shared_strings:
                raise _refuse_size(limits)


def scan_workbook(data: bytes, limits: WorkbookLimits | None = None) -> None:
    """Steps 1–5: everything but reading the values. Raises UnsafeWorkbookError."""
    limits = limits or WorkbookLimits()
    with _open_zip(data, limits, verify_parts=False) as archive:  # step 5 streams them
        cells = 0
        try:
            for info in _sheet_parts(archive):
                with archive.open(info) as part:
                    _check_dimension(part.read(4096), limits)
                with archive.open(info) as part:
                    cells = _scan_sheet(part, limits, cells)
            if SHARED_STRINGS in archive.namelist():
                with archive.open(SHARED_STRINGS) as part:
                    _scan_shared_strings(part, limits)
        except UnsafeWorkbookError:
            raise
        except ZIP_READ_ERRORS as exc:  # a member whose header lies about it
            raise UnsafeWorkbookError(BROKEN_FILE) from exc
        except Exception as exc:  # malformed XML, refused DTD
            raise UnsafeWorkbookError("文件内容无法解析，请使用导入模板重新填写。") from exc
