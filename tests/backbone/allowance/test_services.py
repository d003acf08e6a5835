"""XB23-ALLOWANCE writes: the school's leader pays a month to every member owed it at
their category's rate, suspended years and already-paid months skipped and named; a
manual payment for a suspended year is refused with the reason; bonuses as their own rows;
a wrong row deleted only in the month it was paid. Today is the real today (2026-12)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from apps.backbone.models import AllowanceKind, AllowancePayment
from apps.backbone.services.allowance import pay_bonus, pay_member, pay_month, payment_delete
from apps.core.schoolyear import today
from tests.backbone.allowance.rows import bonus, cohort_world, pay, suspend
from tests.personas import World

Rows = dict[str, Any]
OCT = dt.date(2025, 10, 1)


@pytest.fixture
def rows(world: World) -> Rows:
    return cohort_world(world)


def _leader(world: World) -> Any:
    return world.user("A1.leader")


def _school(world: World) -> Any:
    return world.schools["A1"].school


def test_pay_month_pays_each_member_at_their_category_rate(world: World, rows: Rows) -> None:
    done = pay_month(actor=_leader(world), school=_school(world), month=OCT,
                     paid_on=dt.date(2025, 10, 20))  # fmt: skip
    amounts = {p.member_id: p.amount for p in done.paid}
    assert amounts == {rows["leader"].pk: Decimal("800"), rows["backbone"].pk: Decimal("500")}
    assert done.total == Decimal("1300")
    assert not AllowancePayment.objects.filter(member=rows["other"]).exists()


def test_pay_month_skips_already_paid_and_suspended_and_says_so(world: World, rows: Rows) -> None:
    pay(rows["leader"], OCT)
    suspend(rows["backbone"], 2025)
    done = pay_month(actor=_leader(world), school=_school(world), month=OCT,
                     paid_on=dt.date(2025, 10, 20))  # fmt: skip
    assert done.paid == []
    assert done.already == [rows["leader"]] and done.suspended == [rows["backbone"]]
    assert AllowancePayment.objects.filter(school=_school(world)).count() == 1


def test_manual_payment_in_a_suspended_year_is_refused_naming_the_reason(
    world: World, rows: Rows
) -> None:
    suspend(rows["backbone"], 2025)
    with pytest.raises(ValidationError) as error:
        pay_member(actor=_leader(world), school=_school(world), member=rows["backbone"],
                   month=OCT, paid_on=dt.date(2025, 10, 20))  # fmt: skip
    assert "两次学年度考核不合格，暂停发放下一学年骨干津贴" in error.value.message_dict["month"][0]
    assert not AllowancePayment.objects.filter(member=rows["backbone"]).exists()


@pytest.mark.parametrize(
    "case",
    [
        (dt.date(2023, 8, 1), dt.date(2023, 8, 20), "month", "不在本届骨干名单中"),
        (dt.date(2026, 7, 1), dt.date(2026, 7, 20), "month", "不在本届骨干名单中"),
        (dt.date(2025, 10, 15), dt.date(2025, 10, 20), "month", "第一天"),
        (OCT, dt.date(2025, 9, 30), "paid_on", "不能早于所发月份"),
        (OCT, dt.date(2099, 1, 1), "paid_on", "不能晚于今天"),
    ],
)
def test_manual_payment_outside_cohort_or_bad_dates_refused(
    world: World, rows: Rows, case: tuple[dt.date, dt.date, str, str]
) -> None:
    month, paid_on, field, words = case
    with pytest.raises(ValidationError) as error:
        pay_member(actor=_leader(world), school=_school(world), member=rows["leader"],
                   month=month, paid_on=paid_on)  # fmt: skip
    assert words in error.value.message_dict[field][0]
    assert not AllowancePayment.objects.exists()


def test_a_month_in_the_future_is_refused(world: World) -> None:
    rows = cohort_world(world, ends_on=dt.date(2027, 6, 30))
    month = (today().replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    with pytest.raises(ValidationError) as error:
        pay_month(actor=_leader(world), school=_school(world), month=month, paid_on=today())
    assert "尚未到来" in error.value.message_dict["month"][0]
    done = pay_member(actor=_leader(world), school=_school(world), member=rows["leader"],
                      month=today().replace(day=1), paid_on=today())  # fmt: skip
    assert done.amount == Decimal("800")


def test_a_month_is_paid_once(world: World, rows: Rows) -> None:
    pay(rows["leader"], OCT)
    with pytest.raises(ValidationError) as error:
        pay_member(actor=_leader(world), school=_school(world), member=rows["leader"],
                   month=OCT, paid_on=dt.date(2025, 10, 20))  # fmt: skip
    assert "已发放" in error.value.message_dict["month"][0]


def test_only_the_members_school_leader_pays(world: World, rows: Rows) -> None:
    for user in (world.user("A2.leader"), world.user("A1.teacher"), world.user("A.admin")):
        with pytest.raises(PermissionDenied):
            pay_month(actor=user, school=_school(world), month=OCT, paid_on=dt.date(2025, 10, 20))
    with pytest.raises(ValidationError) as error:
        pay_member(actor=world.user("A2.leader"), school=world.schools["A2"].school,
                   member=rows["leader"], month=OCT, paid_on=dt.date(2025, 10, 20))  # fmt: skip
    assert "所在学校" in error.value.message_dict["member"][0]


def test_bonus_paid_as_its_own_row_once(world: World, rows: Rows) -> None:
    item = bonus(rows["leader"], 2024, on=dt.date(2025, 7, 10))
    with pytest.raises(ValidationError) as error:
        pay_bonus(actor=_leader(world), school=_school(world), bonus=item,
                  paid_on=dt.date(2025, 7, 1))  # fmt: skip
    assert "不能早于奖励决定日期" in error.value.message_dict["paid_on"][0]
    made = pay_bonus(actor=_leader(world), school=_school(world), bonus=item,
                     paid_on=dt.date(2025, 7, 20))  # fmt: skip
    assert (made.kind, made.amount, made.month) == (
        AllowanceKind.BONUS,
        Decimal("5000"),
        dt.date(2025, 7, 1),
    )
    with pytest.raises(ValidationError) as error:
        pay_bonus(actor=_leader(world), school=_school(world), bonus=item, paid_on=today())
    assert "已发放" in error.value.message_dict["bonus"][0]


def test_a_wrong_row_is_deleted_only_in_the_month_it_was_paid(world: World, rows: Rows) -> None:
    old = pay(rows["leader"], OCT)
    fresh = pay(rows["backbone"], OCT, paid_on=today())
    with pytest.raises(ValidationError) as error:
        payment_delete(actor=_leader(world), school=_school(world), payment=old)
    assert "发放当月" in error.value.message_dict["payment"][0]
    payment_delete(actor=_leader(world), school=_school(world), payment=fresh)
    assert list(AllowancePayment.objects.all()) == [old]
