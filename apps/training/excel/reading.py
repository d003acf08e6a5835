"""Reading an uploaded training sheet: the typed cell parsers (hours, dates, free text) and
the row reader (steps 1–2 of the import), which opens the workbook safely and publishes
progress every few rows."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from apps.core.xlsx import WorkbookLimits, open_workbook
from apps.people.roster_import import CellError, Column, RowError, _read_sheet

PROGRESS_EVERY = 50
_FULL_DATE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")


@dataclass
class ParsedSheet:
    """The rows ready to save (or the errors that stop the save) and what the summary needs."""

    rows: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    total: int = 0


def parse_hours(value: Any) -> Decimal | None:
    """Hours as typed in a cell: a number with at most one decimal (1, 1.5, "2")."""
    if value in (None, ""):
        return None
    if isinstance(value, bool):
        raise CellError(f"“{value}”不是学时数。")
    text = str(value).strip()
    try:
        hours = Decimal(text)
    except InvalidOperation:
        raise CellError(f"“{text}”不是学时数，请填写如 2 或 1.5。") from None
    if not hours.is_finite():
        raise CellError(f"“{text}”不是学时数，请填写如 2 或 1.5。")
    if hours != hours.quantize(Decimal("0.1")):
        raise CellError(f"学时 {text} 最多保留一位小数（如 1.5）。")
    return hours.quantize(Decimal("0.1"))


def parse_day(value: Any) -> dt.date | None:
    """A whole date: a date cell, or text such as 2025-10-18 / 2025年10月18日."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    match = _FULL_DATE.match(text)
    if match:
        try:
            return dt.date(*(int(part) for part in match.groups()))
        except ValueError:
            pass
    raise CellError(f"“{text}”不是有效日期，请写作 2025-10-18。")


def parse_note(value: Any) -> str:
    """Free text; line breaks (Alt+Enter in a cell) are kept, other control characters not."""
    text = "" if value is None else str(value).strip()
    if len(text) > 1000:
        raise CellError(f"内容过长（{len(text)} 字），最多 1000 字。")
    if any(ord(char) < 32 and char not in "\n\t" for char in text):
        raise CellError("内容含有不可见的控制字符，请删除后重试。")
    return text


def read_sheet(
    data: bytes,
    *,
    title: str,
    columns: tuple[Column, ...],
    parsers: dict[str, Callable[[Any], Any]],
    limits: WorkbookLimits,
    progress: Callable[[int, int], None] | None,
) -> ParsedSheet:
    """Steps 1–2 (raises UnsafeWorkbookError for a refused file)."""
    result = ParsedSheet()
    workbook = open_workbook(data, limits)
    try:
        declared = max((workbook[title].max_row or 1) - 1, 0) if title in workbook.sheetnames else 0
        seen = 0

        def on_row() -> None:
            nonlocal seen
            seen += 1
            if progress and seen % PROGRESS_EVERY == 0:
                progress(seen, max(declared, seen))

        result.rows = _read_sheet(
            workbook,
            title=title,
            columns=columns,
            parsers=parsers,
            limits=limits,
            errors=result.errors,
            on_row=on_row,
        )
    finally:
        workbook.close()
    result.total = seen
    return result


def header_of(columns: tuple[Column, ...], key: str) -> str:
    """The header of the column with `key` (errors name the column as the sheet does)."""
    return next(c.header for c in columns if c.key == key)
