"""Dates relative to today, taken when a test runs rather than when it is collected.

A suite collected at 23:55 in Shanghai and run after midnight would otherwise test
yesterday's "tomorrow" — a date that is today by then and rightly accepted.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from apps.core.schoolyear import today


class FromToday:
    """A parametrize value meaning "today + `days`", resolved by `resolve` in the test."""

    def __init__(self, days: int) -> None:
        self.days = days

    def __repr__(self) -> str:
        return f"today{self.days:+d}d"

    def date(self) -> dt.date:
        return today() + dt.timedelta(days=self.days)


def resolve(value: Any) -> Any:
    """`value` with every FromToday in it (also inside a dict) turned into its date."""
    if isinstance(value, FromToday):
        return value.date()
    if isinstance(value, dict):
        return {key: resolve(item) for key, item in value.items()}
    return value
