"""Training spreadsheets: parsing uploaded sheets (attendance sign-in sheets and external
hours: steps 1–3 of the import, whose job and all-or-nothing save are
`services.imports`), the blank import templates, and the ledger export. Reads go through
the selectors; nothing here writes to the database.
"""

from .attendance import AttendanceRows, parse_attendance
from .export import ledger_export
from .external import ExternalRow, parse_external
from .layout import (
    ATTENDANCE_SHEET,
    EXTERNAL_SHEET,
    build_attendance_template,
    build_external_template,
)

__all__ = [
    "ATTENDANCE_SHEET",
    "EXTERNAL_SHEET",
    "AttendanceRows",
    "ExternalRow",
    "build_attendance_template",
    "build_external_template",
    "ledger_export",
    "parse_attendance",
    "parse_external",
]
