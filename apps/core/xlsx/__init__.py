"""The kit's Excel piece: reading uploaded workbooks safely and writing ours.

- `guard`: refusing hostile files in bounded memory (size, zip bombs, macros, dimensions,
  cells per row and in all, shared strings) before anything is parsed.
- `cells`: typed cell parsers whose errors tell the person how to write the value.
- `read`: template columns, header mapping, every bad cell as a `RowError`, progress.
- `write`: escaped cells, write-only exports, import templates with drop-downs.
"""

from .cells import (
    CellError,
    parse_bool,
    parse_choice,
    parse_date,
    parse_day,
    parse_hours,
    parse_int,
    parse_note,
    parse_text,
)
from .guard import UnsafeWorkbookError, WorkbookLimits, check_workbook_file, scan_workbook
from .read import (
    Column,
    ParsedSheet,
    RowError,
    SheetSpec,
    errors_as_dicts,
    header_of,
    iter_rows,
    map_headers,
    open_workbook,
    read_sheet,
    read_workbook,
)
from .write import (
    DATE,
    DATETIME,
    PERCENT,
    TableSheet,
    TemplateSheet,
    build_template,
    escape_cell,
    starts_like_a_formula,
    text_cell,
    write_xlsx,
    xlsx_bytes,
)

__all__ = [
    "DATE",
    "DATETIME",
    "PERCENT",
    "CellError",
    "Column",
    "ParsedSheet",
    "RowError",
    "SheetSpec",
    "TableSheet",
    "TemplateSheet",
    "UnsafeWorkbookError",
    "WorkbookLimits",
    "build_template",
    "check_workbook_file",
    "errors_as_dicts",
    "escape_cell",
    "header_of",
    "iter_rows",
    "map_headers",
    "open_workbook",
    "parse_bool",
    "parse_choice",
    "parse_date",
    "parse_day",
    "parse_hours",
    "parse_int",
    "parse_note",
    "parse_text",
    "read_sheet",
    "read_workbook",
    "scan_workbook",
    "starts_like_a_formula",
    "text_cell",
    "write_xlsx",
    "xlsx_bytes",
]
