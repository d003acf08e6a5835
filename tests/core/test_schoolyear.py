"""School-year arithmetic (POLICY §0: 学年 1 Sep → 31 Aug, named by its start year;
semester 1 = Sep–Jan, semester 2 = Feb–Aug)."""

import datetime as dt

import pytest

from apps.core import schoolyear


@pytest.mark.parametrize(
    ("day", "year"),
    [
        (dt.date(2025, 9, 1), 2025),
        (dt.date(2026, 8, 31), 2025),
        (dt.date(2026, 1, 31), 2025),
        (dt.date(2026, 9, 1), 2026),
    ],
)
def test_school_year_of(day: dt.date, year: int) -> None:
    assert schoolyear.school_year_of(day) == year


def test_school_year_range_and_label() -> None:
    period = schoolyear.school_year(2025)
    assert (period.start, period.end) == (dt.date(2025, 9, 1), dt.date(2026, 8, 31))
    assert period.label == "2025学年"


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2025, 9, 1), (2025, 1)),
        (dt.date(2026, 1, 31), (2025, 1)),
        (dt.date(2026, 2, 1), (2025, 2)),
        (dt.date(2026, 8, 31), (2025, 2)),
    ],
)
def test_semester_of(day: dt.date, expected: tuple[int, int]) -> None:
    assert schoolyear.semester_of(day) == expected


def test_semester_ranges_cover_the_year_without_gap() -> None:
    first, second = schoolyear.semester(2025, 1), schoolyear.semester(2025, 2)
    assert first.start == dt.date(2025, 9, 1)
    assert first.end + dt.timedelta(days=1) == second.start == dt.date(2026, 2, 1)
    assert second.end == dt.date(2026, 8, 31)
    assert first.label == "2025学年第一学期"
    with pytest.raises(ValueError, match="1 or 2"):
        schoolyear.semester(2025, 3)


def test_months_in_a_school_year() -> None:
    months = schoolyear.months_in(schoolyear.school_year(2025))
    assert len(months) == 12
    assert months[0] == (2025, 9)
    assert months[-1] == (2026, 8)


def test_full_years_between() -> None:
    assert schoolyear.full_years_between(dt.date(2020, 9, 1), dt.date(2025, 8, 31)) == 4
    assert schoolyear.full_years_between(dt.date(2020, 9, 1), dt.date(2025, 9, 1)) == 5
    assert schoolyear.full_years_between(None, dt.date(2025, 9, 1)) == 0


def test_today_is_in_shanghai(settings: object) -> None:
    assert schoolyear.today() == dt.datetime.now(tz=dt.timezone(dt.timedelta(hours=8))).date()
