"""Typed cells: turning what a person typed into a sheet cell into a value, or a
`CellError` whose message (Chinese) says what is wrong and how to write it instead.

Every parser takes the raw cell value (str, int, float, bool, date, datetime or None) and
treats an empty cell as "not given" (None, "" or the default), so the caller decides
whether the column is required.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any


class CellError(ValueError):
    """One cell's problem; the message is for the person who filled the sheet."""


_DAY = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")
_MONTH = re.compile(r"^(\d{4})[-/.年](\d{1,2})月?$")


def _empty(value: Any) -> bool:
    return value is None or value == ""


def parse_date(value: Any) -> dt.date | None:
    """A date, or a month (2008-09 → 2008-09-01): for dates people remember by month."""
    if _empty(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    for pattern in (_DAY, _MONTH):
        match = pattern.match(text)
        if match:
            parts = [int(p) for p in match.groups()]
            try:
                return dt.date(parts[0], parts[1], parts[2] if len(parts) > 2 else 1)
            except ValueError:
                break
    raise CellError(f"“{text}”不是有效日期，请写作 2008-09-01 或 2008-09。")


def parse_day(value: Any) -> dt.date | None:
    """A whole date: a date cell, or text such as 2025-10-18 / 2025年10月18日."""
    if _empty(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    match = _DAY.match(text)
    if match:
        try:
            return dt.date(*(int(part) for part in match.groups()))
        except ValueError:
            pass
    raise CellError(f"“{text}”不是有效日期，请写作 2025-10-18。")


def parse_choice(
    value: Any, choices: Iterable[tuple[str, Any]], *, default: str | None
) -> str | None:
    """One of `choices`, typed as its stored value or its label."""
    if _empty(value):
        return default
    text = str(value).strip()
    options = list(choices)
    for stored, label in options:
        if text in (stored, str(label)):
            return stored
    labels = "、".join(str(label) for _stored, label in options)
    raise CellError(f"“{text}”不是可选值，请填写：{labels}。")


_YES = ("是", "Y", "y", "1", "TRUE", "True", "true")
_NO = ("否", "N", "n", "0", "FALSE", "False", "false")


def parse_bool(value: Any) -> bool:
    if _empty(value):
        return False
    if isinstance(value, bool):
        return value
    text = str(value).strip()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise CellError(f"“{text}”应填写“是”或“否”。")


def parse_int(value: Any, *, low: int, high: int) -> int | None:
    if _empty(value):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if not re.fullmatch(r"-?\d+", text):
        raise CellError(f"“{text}”不是整数。")
    number = int(text)
    if not low <= number <= high:
        raise CellError(f"{number} 超出范围（{low}–{high}）。")
    return number


def parse_text(value: Any, *, max_length: int) -> str:
    """One line of text; a whole number typed into a text column (工号 1001) stays whole."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = "" if value is None else str(value).strip()
    if len(text) > max_length:
        raise CellError(f"内容过长（{len(text)} 字），最多 {max_length} 字。")
    if any(ord(char) < 32 for char in text):
        raise CellError("内容含有不可见的控制字符，请删除后重试。")
    return text


def parse_note(value: Any, *, max_length: int = 1000) -> str:
    """Free text; line breaks (Alt+Enter in a cell) are kept, other control characters not."""
    text = "" if value is None else str(value).strip()
    if len(text) > max_length:
        raise CellError(f"内容过长（{len(text)} 字），最多 {max_length} 字。")
    if any(ord(char) < 32 and char not in "\n\t" for char in text):
        raise CellError("内容含有不可见的控制字符，请删除后重试。")
    return text


def parse_hours(value: Any) -> Decimal | None:
    """Hours as typed in a cell: a number with at most one decimal (1, 1.5, "2")."""
    if _empty(value):
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
