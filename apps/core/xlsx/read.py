"""Reading an uploaded workbook into typed rows, reporting every bad cell.

The algorithm of `read_workbook`:

1. Refuse a hostile file before parsing (`guard.scan_workbook`: size, zip bomb, macros,
   declared and real dimensions, cells per row and in all, shared strings).
2. Open it read-only with formulas left as formulas (never evaluated).
3. For each expected sheet: find it (else one error naming it), map its header row to
   the columns by their Chinese header (a trailing * and spaces are ignored; a missing
   required column is an error), then read row by row — `iter_rows` stops at the limits
   whatever the sheet declared and refuses formula cells — turning each cell into a typed
   value with the column's parser, or a `RowError` naming sheet, row, column and the fix.
4. Progress is published every `PROGRESS_EVERY` rows for the page's progress bar.

Nothing is saved here: the caller checks across rows and saves all or nothing.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from .cells import CellError
from .guard import UnsafeWorkbookError, WorkbookLimits, scan_workbook

PROGRESS_EVERY = 50
Parser = Callable[[Any], Any]
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Column:
    """A template column: its Chinese header, the key its value is stored under, whether
    it must be filled, and the hint the template's 填写说明 shows."""

    header: str
    key: str
    required: bool = False
    hint: str = ""


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


def errors_as_dicts(errors: Iterable[RowError]) -> list[dict[str, Any]]:
    return [e.as_dict() for e in errors]


def header_of(columns: Sequence[Column], key: str) -> str:
    return next(c.header for c in columns if c.key == key)


@dataclass(frozen=True)
class SheetSpec:
    """What to read from one sheet: its title, its columns and a parser per column key."""

    title: str
    columns: tuple[Column, ...]
    parsers: dict[str, Parser]


@dataclass
class ParsedSheet:
    """The typed rows of one sheet (row number, values by key), the errors found, the
    values of rows that had errors (for cross-row checks), and the rows read."""

    rows: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    rejected: list[dict[str, Any]] = field(default_factory=list)
    total: int = 0


def open_workbook(data: bytes, limits: WorkbookLimits | None = None) -> Workbook:
    """Steps 1–2: check the file and open it read-only, formulas left as formulas."""
    limits = limits or WorkbookLimits()
    scan_workbook(data, limits)
    try:
        return load_workbook(
            io.BytesIO(data), read_only=True, data_only=False, keep_links=False, keep_vba=False
        )
    except Exception as exc:  # openpyxl raises many types for malformed parts
        raise UnsafeWorkbookError("文件内容无法解析，请使用导入模板重新填写。") from exc


def iter_rows(
    sheet: ReadOnlyWorksheet, limits: WorkbookLimits, *, first_row: int = 1
) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """Yield (row number, values) of non-empty rows from `first_row`; stop at the row
    limit and refuse formula cells. `first_row` is the header: `limits.max_rows` counts
    the rows after it, as the upload check (`guard`) does, so a sheet of exactly the
    limit passes both.

    The sheet's declared dimension is dropped first: openpyxl would otherwise stop at it,
    and a file declaring fewer rows than it holds would lose the rest silently.
    """
    sheet.reset_dimensions()
    for row in sheet.iter_rows(min_row=first_row, max_col=limits.max_columns):
        cells = [cell for cell in row if getattr(cell, "value", None) is not None]
        if not cells:
            continue
        row_number = cells[0].row
        if row_number - first_row > limits.max_rows:
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


def map_headers(
    title: str, header: tuple[Any, ...], columns: Sequence[Column], errors: list[RowError]
) -> dict[str, int] | None:
    """Column positions by key, tolerant of a trailing * and surrounding spaces; None
    (with an error per missing required column) when the sheet cannot be read."""
    names = [str(h or "").strip().rstrip("*").strip() for h in header]
    positions: dict[str, int] = {}
    missing = False
    for column in columns:
        if column.header in names:
            positions[column.key] = names.index(column.header)
        elif column.required:
            missing = True
            errors.append(
                RowError(title, 1, column.header, f"缺少必填列“{column.header}”，请使用导入模板。")
            )
    return None if missing else positions


def _parse_row(
    spec: SheetSpec, positions: dict[str, int], row_number: int, values: tuple[Any, ...]
) -> tuple[dict[str, Any], list[RowError]]:
    record: dict[str, Any] = {}
    errors: list[RowError] = []
    by_key = {c.key: c for c in spec.columns}
    for key, position in positions.items():
        column = by_key[key]
        raw = values[position] if position < len(values) else None
        try:
            value = spec.parsers[key](raw)
        except CellError as exc:
            errors.append(RowError(spec.title, row_number, column.header, str(exc)))
            continue
        if column.required and value in (None, ""):
            errors.append(
                RowError(spec.title, row_number, column.header, f"“{column.header}”为必填项。")
            )
            continue
        record[key] = value
    return record, errors


def read_sheet(
    workbook: Workbook,
    spec: SheetSpec,
    *,
    limits: WorkbookLimits,
    on_row: Callable[[], None] = lambda: None,
) -> ParsedSheet:
    """Step 3 for one sheet of an open workbook."""
    result = ParsedSheet()
    if spec.title not in workbook.sheetnames:
        result.errors.append(
            RowError(spec.title, 0, "", f"缺少工作表“{spec.title}”，请使用导入模板。")
        )
        return result
    rows = iter_rows(workbook[spec.title], limits)
    first = next(rows, None)
    if first is None:
        return result
    positions = map_headers(spec.title, first[1], spec.columns, result.errors)
    if positions is None:
        return result
    for row_number, values in rows:
        record, errors = _parse_row(spec, positions, row_number, values)
        if errors:
            result.errors += errors
            result.rejected.append(record)
        else:
            result.rows.append((row_number, record))
        result.total += 1
        on_row()
    return result


class _Ticker:
    """Counts rows read across sheets and publishes progress every few rows."""

    def __init__(self, progress: Progress | None, declared: int) -> None:
        self.progress, self.declared, self.seen = progress, declared, 0

    def __call__(self) -> None:
        self.seen += 1
        if self.progress and self.seen % PROGRESS_EVERY == 0:
            self.progress(self.seen, max(self.declared, self.seen))

    def done(self) -> None:
        if self.progress:
            final = max(self.seen, self.declared)
            self.progress(final, final)


def read_workbook(
    data: bytes,
    specs: Sequence[SheetSpec],
    *,
    limits: WorkbookLimits | None = None,
    progress: Progress | None = None,
) -> dict[str, ParsedSheet]:
    """Steps 1–4 for every sheet in `specs`, by title. Raises UnsafeWorkbookError for a
    refused file; every problem of a readable file is a RowError in its sheet's result."""
    limits = limits or WorkbookLimits()
    workbook = open_workbook(data, limits)
    try:
        declared = sum(
            max((workbook[s.title].max_row or 1) - 1, 0)
            for s in specs
            if s.title in workbook.sheetnames
        )
        ticker = _Ticker(progress, declared)
        parsed = {
            spec.title: read_sheet(workbook, spec, limits=limits, on_row=ticker) for spec in specs
        }
    finally:
        workbook.close()
    ticker.done()
    return parsed
