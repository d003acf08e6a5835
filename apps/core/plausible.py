"""Values no real record can have: the kit's bounds on dates, school years and hours.

These are not policy numbers (those are the packs' parameters) but facts of the world the
records describe: the platform's records start in 2000, nothing has happened after today,
a day has 24 hours, and a school organises classes for this school year and the ones
either side of it. Services check them (they are the gate of forms, API and imports) and
answer in Chinese, naming the field and what to do.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from .schoolyear import current_school_year, today

EARLIEST_RECORD_DATE = dt.date(2000, 1, 1)
# A day has 24 hours: no one is credited more on one day, however many records say so.
HOURS_PER_DAY = Decimal(24)
# Classes are organised for the current school year and the next or previous one.
CLASS_YEAR_SPREAD = 1


def record_date_error(
    day: dt.date | None,
    *,
    label: str,
    not_before: dt.date | None = None,
    not_before_label: str = "",
) -> str | None:
    """Why a record's date cannot be (None when it can): after today, before 2000, or
    before `not_before` (e.g. the day the teacher started work, `not_before_label`)."""
    if day is None:
        return None
    now = today()
    if day > now:
        return f"{label}不能晚于今天（{now:%Y-%m-%d}）：请在事情发生后再登记。"
    if day < EARLIEST_RECORD_DATE:
        return f"{label}（{day:%Y-%m-%d}）早于 {EARLIEST_RECORD_DATE:%Y-%m-%d}，请检查是否填错。"
    if not_before is not None and day < not_before:
        return (
            f"{label}（{day:%Y-%m-%d}）早于{not_before_label}（{not_before:%Y-%m-%d}），"
            "请核对日期。"
        )
    return None


def plausible_school_year(year: int) -> bool:
    """A school year records can be about: from 2000 to the one after the current."""
    return EARLIEST_RECORD_DATE.year <= year <= current_school_year() + 1


def school_year_error(year: int, *, label: str = "学年", spread: int | None = None) -> str | None:
    """Why a school year cannot be (None when it can). With `spread`, it must be within
    that many years of the current one; else anywhere from 2000 to next year."""
    current = current_school_year()
    low, high = (
        (current - spread, current + spread)
        if spread is not None
        else (EARLIEST_RECORD_DATE.year, current + 1)
    )
    if low <= year <= high:
        return None
    return f"{label}应在 {low}–{high} 学年之间（当前为 {current} 学年），填写的是 {year}。"


def future_school_year_error(year: int, *, label: str = "学年") -> str | None:
    """Why a school year that has not begun (or is implausibly old) cannot be used."""
    current = current_school_year()
    if year > current:
        return f"{label} {year} 尚未开始（当前为 {current} 学年），不能为它登记。"
    return school_year_error(year, label=label)


def day_hours_error(*, already: Decimal, adding: Decimal, who: str, day: dt.date) -> str | None:
    """Why crediting `adding` hours to `who` on `day` cannot be, with `already` credited
    that day: a day has `HOURS_PER_DAY` hours."""
    if already + adding <= HOURS_PER_DAY:
        return None
    return (
        f"{who}在 {day:%Y-%m-%d} 已计入 {_hours(already)} 学时，再计入 {_hours(adding)} 学时"
        f"将超过一天 {HOURS_PER_DAY} 学时的上限。请核对学时；跨多日的培训请按天分别登记。"
    )


def _hours(value: Decimal) -> str:
    """20, 4.5 — hours as a person writes them (no trailing .0)."""
    return format(value.normalize(), "f")
