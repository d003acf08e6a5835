"""Credit conversion (PT24-CREDIT): lecture-type hours and practice-type hours convert at
the pack's rates; the rounding is a parameter too ("floor": whole credits only, as "每
10 课时计 1 学分" reads; "tenth": to 0.1 credit, rounded down)."""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal
from typing import Any

ROUNDINGS = ("floor", "tenth")


def convert(hours: Decimal, hours_per_credit: Any, rounding: str) -> Decimal:
    if hours <= 0:
        return Decimal(0)
    raw = Decimal(hours) / Decimal(str(hours_per_credit))
    if rounding == "tenth":
        return raw.quantize(Decimal("0.1"), rounding=ROUND_DOWN)
    if rounding == "floor":
        return raw.quantize(Decimal(1), rounding=ROUND_DOWN)
    raise ValueError(f"unknown credit rounding {rounding!r}; use one of {ROUNDINGS}")


def credits_for(lecture_hours: Decimal, practice_hours: Decimal, params: dict[str, Any]) -> Decimal:
    """Credits of one teacher for one semester, each class converted on its own."""
    rounding = str(params.get("credit_rounding", "floor"))
    return convert(lecture_hours, params["lecture_hours_per_credit"], rounding) + convert(
        practice_hours, params["practice_hours_per_credit"], rounding
    )
