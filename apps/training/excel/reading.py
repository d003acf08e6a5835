"""Reading an uploaded training sheet (steps 1–2 of the import): open the workbook safely
and read one sheet into typed rows with the kit (`apps.core.xlsx`: its cell parsers,
`read_sheet`), publishing progress every few rows."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from apps.core.xlsx import Column, RowError, SheetSpec, WorkbookLimits, open_workbook
from apps.core.xlsx import read_sheet as read_kit_sheet

PROGRESS_EVERY = 50


@dataclass
class ParsedSheet:
    """The rows ready to save (or the errors that stop the save) and what the summary needs."""

    rows: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    total: int = 0


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

        sheet = read_kit_sheet(
            workbook, SheetSpec(title, columns, parsers), limits=limits, on_row=on_row
        )
        result.errors += sheet.errors
        result.rows = sheet.rows
    finally:
        workbook.close()
    result.total = seen
    return result
