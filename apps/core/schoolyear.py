"""School years, semesters and quarters: the one module that knows the academic calendar.

POLICY §0: a school year (学年) runs 1 September → 31 August and is named by its start
year (2025 学年 = 2025-09-01 … 2026-08-31); semester 1 is September–January, semester 2
February–August. Everything that needs "which school year is this date in" asks here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

SCHOOL_YEAR_START_MONTH = 9
SECOND_SEMESTER_START_MONTH = 2


def today() -> dt.date:
    """Today's date in the project's time zone (Asia/Shanghai), never the server's."""
    return timezone.localdate()


def as_date(value: object) -> dt.date:
    """A date parameter of a policy pack (kept as an ISO string in the pack's JSON) or a
    date already."""
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def school_year_of(day: dt.date) -> int:
    """The school year a date falls in, named by its start year."""
    return day.year if day.month >= SCHOOL_YEAR_START_MONTH else day.year - 1


def current_school_year() -> int:
    return school_year_of(today())


@dataclass(frozen=True)
class Period:
    """A closed date range [start, end] with a display label."""

    start: dt.date
    end: dt.date
    label: str

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end


def school_year(year: int) -> Period:
    return Period(
        start=dt.date(year, SCHOOL_YEAR_START_MONTH, 1),
        end=dt.date(year + 1, SCHOOL_YEAR_START_MONTH, 1) - dt.timedelta(days=1),
        label=school_year_label(year),
    )


def school_year_label(year: int) -> str:
    return f"{year}学年"


def semester_of(day: dt.date) -> tuple[int, int]:
    """(school year, semester number 1|2) of a date."""
    year = school_year_of(day)
    in_first = day.month >= SCHOOL_YEAR_START_MONTH or day.month < SECOND_SEMESTER_START_MONTH
    return year, 1 if in_first else 2


def semester(year: int, number: int) -> Period:
    if number == 1:
        start = dt.date(year, SCHOOL_YEAR_START_MONTH, 1)
        end = dt.date(year + 1, SECOND_SEMESTER_START_MONTH, 1) - dt.timedelta(days=1)
    elif number == 2:
        start = dt.date(year + 1, SECOND_SEMESTER_START_MONTH, 1)
        end = dt.date(year + 1, SCHOOL_YEAR_START_MONTH, 1) - dt.timedelta(days=1)
    else:
        raise ValueError(f"semester number must be 1 or 2, not {number}")
    return Period(start=start, end=end, label=f"{year}学年第{'一二'[number - 1]}学期")


def quarter_of(day: dt.date) -> tuple[int, int]:
    """(calendar year, quarter 1–4) of a date."""
    return day.year, (day.month - 1) // 3 + 1


def months_in(period: Period) -> list[tuple[int, int]]:
    """Every (year, month) touched by a period, in order."""
    months: list[tuple[int, int]] = []
    year, month = period.start.year, period.start.month
    while (year, month) <= (period.end.year, period.end.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def full_years_between(start: dt.date | None, end: dt.date) -> int:
    """Whole years from `start` to `end` (0 when start is unknown or later than end)."""
    if start is None or start > end:
        return 0
    years = end.year - start.year
    if (end.month, end.day) < (start.month, start.day):
        years -= 1
    return years


def month_end(year: int, month: int) -> dt.date:
    """The last day of a month."""
    following = dt.date(year + 1, 1, 1) if month == 12 else dt.date(year, month + 1, 1)
    return following - dt.timedelta(days=1)


def months_judged(
    period: Period, *, since: dt.date, as_of: dt.date
) -> tuple[list[tuple[int, int]], tuple[int, int] | None]:
    """The months of `period` from `since` up to `as_of` that have ended — a per-month rule
    judges only those — and the month still in progress on `as_of` (None once the period
    is over: on its last day every month of it is judged).

    POLICY "Periods": a rule per month is judged only once that month has ended; before
    that it is not yet due. Months before `since` (the rule's document date) do not count.
    """
    last = min(as_of, period.end)
    start = max(period.start, since)
    ended: list[tuple[int, int]] = []
    current: tuple[int, int] | None = None
    for year, month in months_in(Period(start, last, "")) if start <= last else []:
        if month_end(year, month) < as_of or as_of >= period.end:
            ended.append((year, month))
        else:
            current = (year, month)
    return ended, current
