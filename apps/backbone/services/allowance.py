"""XB23-ALLOWANCE writes, by the member's school (its leader): pay a month for all the
school's members owed it, pay one member's month by hand, pay a bonus (XB23-ASSESS 优秀),
and correct a wrong row.

A suspended school year (Consequence 暂停发放下一学年骨干津贴) gets no row, and a manual
payment for it is refused with the reason. A month is paid once per member; only months
inside the cohort and the membership, not after the current month.

Correction: the model has no reversal row. A wrong payment is deleted by its school's
leader within the calendar month it was paid in (the audit history keeps the deleted
row); after that month it stands, and the district corrects it outside the ledger."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from apps.backbone.models import AllowanceKind, AllowancePayment, BackboneMember, Consequence
from apps.backbone.selectors.allowance import (
    first_of,
    is_member_in,
    is_suspended,
    members_in_year,
    monthly_paid,
    payment_of,
    rate_of,
    suspended_years,
)
from apps.core.schoolyear import school_year_label, school_year_of, today
from apps.tenancy.access import school_ids_led_by
from apps.tenancy.models import School

SUSPENDED_REASON = "两次学年度考核不合格，暂停发放下一学年骨干津贴（XB23-ASSESS）"


def may_pay(actor: Any, school: School) -> bool:
    return school.pk in school_ids_led_by(actor)


def _check(actor: Any, school: School) -> None:
    if not may_pay(actor, school):
        raise PermissionDenied("只有本校负责人可以登记骨干津贴发放。")


def _check_dates(month: dt.date, paid_on: dt.date, *, now: dt.date) -> dict[str, str]:
    errors: dict[str, str] = {}
    if month.day != 1:
        errors["month"] = "月份须为该月第一天。"
    elif month > first_of(now):
        errors["month"] = f"{month:%Y年%m月}尚未到来，不能发放。"
    if paid_on > now:
        errors["paid_on"] = "发放日期不能晚于今天。"
    elif paid_on < month:
        errors["paid_on"] = f"发放日期不能早于所发月份（{month:%Y-%m}）。"
    return errors


@dataclass
class MonthPaid:
    """What "pay month M" did: the rows made, and who was left out and why."""

    month: dt.date
    paid: list[AllowancePayment] = field(default_factory=list)
    already: list[BackboneMember] = field(default_factory=list)
    suspended: list[BackboneMember] = field(default_factory=list)
    no_rate: list[BackboneMember] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return sum((p.amount for p in self.paid), Decimal(0))


@transaction.atomic
def pay_month(*, actor: Any, school: School, month: dt.date, paid_on: dt.date) -> MonthPaid:
    """Pay `month` to every member of the school in it at their category's rate; months
    already paid, suspended years and members without a rate are skipped and named."""
    _check(actor, school)
    errors = _check_dates(month, paid_on, now=today())
    if errors:
        raise ValidationError(errors)
    year = school_year_of(month)
    members = [
        m
        for m in members_in_year(district=school.district, year=year, school_ids=[school.pk])
        if is_member_in(m, month)
    ]
    if not members:
        raise ValidationError({"month": f"{month:%Y年%m月}本校没有在册的骨干。"})
    ids = [m.pk for m in members]
    paid, suspended = monthly_paid(ids), suspended_years(ids)
    done = MonthPaid(month=month)
    for member in members:
        if (member.pk, month) in paid:
            done.already.append(member)
        elif (member.pk, year) in suspended:
            done.suspended.append(member)
        elif rate_of(member) <= 0:
            done.no_rate.append(member)
        else:
            done.paid.append(_create(actor, member, month, amount=rate_of(member), paid_on=paid_on))
    return done


def _create(actor: Any, member: BackboneMember, month: dt.date, *, amount: Decimal,
            paid_on: dt.date, bonus: Consequence | None = None) -> AllowancePayment:  # fmt: skip
    return AllowancePayment.objects.create(
        member=member, district_id=member.district_id, school_id=member.school_id,
        kind=AllowanceKind.BONUS if bonus else AllowanceKind.MONTHLY, month=month,
        amount=amount, paid_on=paid_on, bonus=bonus, recorded_by=actor,
    )  # fmt: skip


@transaction.atomic
def pay_member(
    *, actor: Any, school: School, member: BackboneMember, month: dt.date, paid_on: dt.date
) -> AllowancePayment:
    """One member's month by hand (a late payment, a member who joined mid-month)."""
    _check(actor, school)
    if member.school_id != school.pk:
        raise ValidationError({"member": "该骨干不在本校，津贴由其所在学校发放。"})
    errors = _check_dates(month, paid_on, now=today())
    if not errors:
        if not is_member_in(member, month):
            errors["month"] = f"{member.teacher.name}在{month:%Y年%m月}不在本届骨干名单中。"
        elif is_suspended(member, month):
            label = school_year_label(school_year_of(month))
            errors["month"] = f"{member.teacher.name}{label}暂停发放：{SUSPENDED_REASON}。"
        elif AllowancePayment.objects.filter(
            member=member, month=month, kind=AllowanceKind.MONTHLY
        ).exists():
            errors["month"] = f"{member.teacher.name}{month:%Y年%m月}的津贴已发放。"
        elif rate_of(member) <= 0:
            errors["member"] = "本届尚未设定该类别的月度津贴标准。"
    if errors:
        raise ValidationError(errors)
    return _create(actor, member, month, amount=rate_of(member), paid_on=paid_on)


@transaction.atomic
def pay_bonus(
    *, actor: Any, school: School, bonus: Consequence, paid_on: dt.date
) -> AllowancePayment:
    """The 优秀 bonus as its own row, the consequence's amount, in the month paid."""
    _check(actor, school)
    locked = Consequence.objects.select_for_update().select_related("member").get(pk=bonus.pk)
    errors: dict[str, str] = {}
    if locked.school_id != school.pk or locked.amount is None:
        errors["bonus"] = "该奖金不属于本校骨干。"
    elif payment_of(locked) is not None:
        errors["bonus"] = "该奖金已发放。"
    if paid_on > today():
        errors["paid_on"] = "发放日期不能晚于今天。"
    elif paid_on < locked.decided_on:
        errors["paid_on"] = f"发放日期不能早于奖励决定日期（{locked.decided_on:%Y-%m-%d}）。"
    if errors:
        raise ValidationError(errors)
    assert locked.amount is not None
    return _create(
        actor, locked.member, first_of(paid_on), amount=locked.amount, paid_on=paid_on, bonus=locked
    )


def may_delete(actor: Any, payment: AllowancePayment, *, now: dt.date | None = None) -> bool:
    current = first_of(now or today())
    return payment.school_id in school_ids_led_by(actor) and first_of(payment.paid_on) == current


@transaction.atomic
def payment_delete(*, actor: Any, school: School, payment: AllowancePayment) -> None:
    """Correct a wrong row: its school's leader deletes it within the month it was paid
    in (the audit history keeps it); later it stands."""
    _check(actor, school)
    if payment.school_id != school.pk:
        raise ValidationError({"payment": "该发放记录不属于本校。"})
    if not may_delete(actor, payment):
        raise ValidationError(
            {"payment": "只能在发放当月撤销发放记录；已过当月的记录请报区教育局更正。"}
        )
    payment.delete()
