"""Bulk writes through PostgreSQL's COPY: for loads of many thousand rows (synthetic
districts, result tables) where even `bulk_create` spends its time building SQL.

`copy_rows` writes Python values in COPY's text format inside the caller's transaction:
None becomes NULL, booleans t/f, datetimes ISO 8601, lists and dicts JSON (for json and
jsonb columns), and text has its backslashes, tabs and line breaks escaped, so no value
can break out of its column.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection, models

WRITE_EVERY = 2000  # rows joined into one write: one call per row costs ~1 s a million


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def copy_value(value: Any) -> str:
    """One value in COPY text format."""
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return _escape(value)
    if isinstance(value, list | dict):
        return _escape(json.dumps(value, ensure_ascii=False, default=str))
    return str(value)


def copy_line(*values: Any) -> str:
    """One row in COPY text format, ending with its line break."""
    return "\t".join(copy_value(v) for v in values) + "\n"


def copy_rows(
    model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence[Any] | str]
) -> int:
    """COPY rows (tuples of values, or lines from `copy_line`) into the model's table.

    Runs in the current transaction; returns the number of rows written.
    """
    names = ", ".join(f'"{name}"' for name in columns)
    count = 0
    buffer: list[str] = []
    with connection.cursor() as cursor:
        raw = cursor.cursor  # the psycopg cursor behind Django's wrapper
        with raw.copy(f'COPY "{model._meta.db_table}" ({names}) FROM STDIN') as copy:
            for row in rows:
                buffer.append(row if isinstance(row, str) else copy_line(*row))
                count += 1
                if len(buffer) == WRITE_EVERY:
                    copy.write("".join(buffer))
                    buffer.clear()
            if buffer:
                copy.write("".join(buffer))
    return count
