"""The kit's bounds on what no real record can have (apps.core.plausible)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from apps.core.plausible import (
    day_hours_error,
    future_school_year_error,
    plausible_school_year,
    record_date_error,
    school_year_error,
)
from apps.core.schoolyear import current_school_year, today


def test_a_record_date_is_not_after_today_nor_before_2000_nor_before_a_start() -> None:
    now = today()
    assert record_date_error(now, label="培训日期") is None
    assert record_date_error(None, label="培训日期") is None
    future = record_date_error(now + dt.timedelta(days=1), label="培训日期")
    assert future is not None and future.startswith("培训日期不能晚于今天")
    old = record_date_error(dt.date(1999, 12, 31), label="培训日期")
    assert old == "培训日期（1999-12-31）早于 2000-01-01，请检查是否填错。"
    early = record_date_error(
        dt.date(2010, 8, 31),
        label="培训日期",
        not_before=dt.date(2010, 9, 1),
        not_before_label="该教师参加教育工作时间",
    )
    assert early == "培训日期（2010-08-31）早于该教师参加教育工作时间（2010-09-01），请核对日期。"


@pytest.mark.parametrize("offset", [-1, 0, 1])
def test_a_class_year_is_within_one_of_the_current(offset: int) -> None:
    assert school_year_error(current_school_year() + offset, spread=1) is None


@pytest.mark.parametrize("year", [1, 9999, current_school_year() - 2, current_school_year() + 2])
def test_a_class_year_far_from_the_current_is_refused_naming_the_range(year: int) -> None:
    current = current_school_year()
    message = school_year_error(year, spread=1)
    assert message == (
        f"学年应在 {current - 1}–{current + 1} 学年之间（当前为 {current} 学年），填写的是 {year}。"
    )


def test_plausible_school_years_run_from_2000_to_next_year() -> None:
    current = current_school_year()
    assert plausible_school_year(2000) and plausible_school_year(current + 1)
    assert not plausible_school_year(1999)
    assert not plausible_school_year(current + 2)
    assert not plausible_school_year(1) and not plausible_school_year(9999)


def test_a_school_year_not_yet_begun_is_refused() -> None:
    current = current_school_year()
    assert future_school_year_error(current) is None
    assert future_school_year_error(current + 1) == (
        f"学年 {current + 1} 尚未开始（当前为 {current} 学年），不能为它登记。"
    )


def test_pt24_hours_a_day_has_24_hours() -> None:
    """PT24-HOURS counts hours; no count may hold more than a day has on one day."""
    day = dt.date(2025, 10, 18)
    assert day_hours_error(already=Decimal(20), adding=Decimal(4), who="王芳", day=day) is None
    message = day_hours_error(already=Decimal(20), adding=Decimal("4.5"), who="王芳", day=day)
    assert message is not None
    assert message.startswith("王芳在 2025-10-18 已计入 20 学时，再计入 4.5 学时将超过一天 24 学时")
