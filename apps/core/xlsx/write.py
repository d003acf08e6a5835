"""Writing workbooks: import templates and exports, in one style.

- Every text cell goes through `escape_cell`: characters XML cannot hold are dropped, so
  text stored before it was checked never makes an export fail; and text that begins
  with = + - @ or a control character is written as a text cell with Excel's quote
  prefix (`text_cell`): the spreadsheet shows exactly what was typed and never runs it
  as a formula. Formulas are never written from user data.
- Exports (`write_xlsx`) use openpyxl's write-only mode, so memory does not grow with
  the rows: a sheet is a title, Chinese headers (bold, frozen, with filters), an
  iterable of rows, and per column a number format where one is wanted (`PERCENT`,
  `DATE`): a share is a percentage, a day a date, not text that looks like one.
- Templates (`build_template`) have a 填写说明 sheet first, then one sheet per record type
  with its headers (required ones marked *), drop-down lists and the column hints.
"""

from __future__ import annotations

import datetime as dt
import io
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import IO, Any

from django.utils import timezone
from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from apps.core.text import xml_safe

from .read import Column

_DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\x00")
HEADER_FILL = "DDEBF7"
PERCENT = "0.0%"
DATE = "yyyy-mm-dd"
DATETIME = "yyyy-mm-dd hh:mm"


def escape_cell(value: Any) -> Any:
    """A value a sheet can hold: text without the characters XML cannot (a name stored
    with a control character still exports); an aware time as the project's local time
    (Excel has no time zones: 北京时间 is what the reader expects); a lazy translation (a
    choice's label) as its text; else unchanged."""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str):
        return xml_safe(value)
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)
    return value


def starts_like_a_formula(value: Any) -> bool:
    """Text a spreadsheet would read as a formula (or a DDE command) if written plainly."""
    return isinstance(value, str) and value.startswith(_DANGEROUS_START)


def text_cell(sheet: Any, value: str) -> WriteOnlyCell:
    """`value` as a text cell with the quote prefix: shown as typed, never evaluated."""
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    cell.quotePrefix = True
    return cell


def _sheet_value(sheet: Any, value: Any, number_format: str | None) -> Any:
    value = escape_cell(value)
    if starts_like_a_formula(value):
        return text_cell(sheet, value)
    if number_format and value is not None and not isinstance(value, str):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = number_format
        return cell
    return value


def column_width(header: str) -> int:
    """A width that shows a Chinese header in full (two units per character)."""
    return max(12, len(header) * 2 + 6)


# --------------------------------------------------------------------------- exports


@dataclass
class TableSheet:
    """One sheet of an export: headers (empty for a sheet of notes) and rows of values."""

    title: str
    headers: Sequence[str]
    rows: Iterable[Sequence[Any]]
    widths: Sequence[int] = field(default_factory=tuple)
    # Per column a number format (PERCENT, DATE …) or None; shorter than the headers is fine.
    # Only for a column of one kind of value: a date or time without one is still typed
    # as a date by openpyxl (its default format).
    formats: Sequence[str | None] = field(default_factory=tuple)
    filters: bool = True


def _write_sheet(workbook: Workbook, table: TableSheet) -> None:
    sheet = workbook.create_sheet(table.title)
    widths = table.widths or [column_width(h) for h in table.headers]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    if table.headers:
        sheet.freeze_panes = "A2"
        bold = Font(bold=True)
        cells = []
        for title in table.headers:
            cell = WriteOnlyCell(sheet, value=escape_cell(title))
            cell.font = bold
            cells.append(cell)
        sheet.append(cells)
    formats = list(table.formats)
    count = 0
    for row in table.rows:
        sheet.append(
            [
                _sheet_value(sheet, value, formats[i] if i < len(formats) else None)
                for i, value in enumerate(row)
            ]
        )
        count += 1
    if table.headers and table.filters:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(table.headers))}{count + 1}"


def write_xlsx(sheets: Iterable[TableSheet]) -> IO[bytes]:
    """The sheets as an .xlsx in a temporary file positioned at its start (the caller
    streams and closes it)."""
    workbook = Workbook(write_only=True)
    for table in sheets:
        _write_sheet(workbook, table)
    output = tempfile.TemporaryFile()  # noqa: SIM115 - the caller streams and closes it
    workbook.save(output)
    output.seek(0)
    return output


def xlsx_bytes(sheets: Iterable[TableSheet]) -> bytes:
    with write_xlsx(sheets) as output:
        return output.read()


# --------------------------------------------------------------------------- templates


@dataclass(frozen=True)
class TemplateSheet:
    """A sheet of an import template: its columns and the drop-down choices by key."""

    title: str
    columns: tuple[Column, ...]
    choices: dict[str, list[str]] = field(default_factory=dict)


def _add_template_sheet(
    workbook: Workbook, spec: TemplateSheet, guide: Any, validated_rows: int
) -> None:
    sheet = workbook.create_sheet(spec.title)
    sheet.append([f"{c.header}*" if c.required else c.header for c in spec.columns])
    fill = PatternFill("solid", fgColor=HEADER_FILL)
    for index, column in enumerate(spec.columns, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True)
        cell.fill = fill
        letter = cell.column_letter
        sheet.column_dimensions[letter].width = column_width(column.header)
        if column.key in spec.choices:
            validation = DataValidation(
                type="list",
                formula1='"' + ",".join(spec.choices[column.key]) + '"',
                allow_blank=True,
            )
            validation.add(f"{letter}2:{letter}{validated_rows + 1}")
            sheet.add_data_validation(validation)
        if column.hint:
            guide.append([f"{spec.title} · {column.header}：{column.hint}"])
    sheet.freeze_panes = "A2"


def build_template(
    *, heading: str, guide: Sequence[str], sheets: Sequence[TemplateSheet], rows: int = 5000
) -> bytes:
    """An import template: 填写说明 (the heading, the numbered guide, each column's hint),
    then one sheet per `TemplateSheet` with drop-downs on its first `rows` rows."""
    workbook = Workbook()
    notes = workbook.active
    assert notes is not None
    notes.title = "填写说明"
    notes.append([heading])
    notes["A1"].font = Font(bold=True, size=14)
    notes.column_dimensions["A"].width = 100
    for line in guide:
        notes.append([line])
    for spec in sheets:
        _add_template_sheet(workbook, spec, notes, rows)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
