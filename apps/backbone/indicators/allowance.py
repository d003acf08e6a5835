"""`backbone.allowance` — XB23-ALLOWANCE (with XB23-ASSESS's suspension and bonus), per
school: every member is paid every ended month of the school year that lies inside the
cohort and their membership and is not in a suspended school year, on time — by the end
of the month `pay_lag_months` after it (the pack's reading of 按月度, marked 解释) —;
no monthly payment is made in a suspended year; every bonus decided is paid within the
same lag of its decision's month. A month or bonus whose deadline has not passed and is
not paid is not yet judged. A school without members is not applicable.

Four queries for any number of schools: members, payments, suspensions, bonuses."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Max

from apps.backbone.models import AllowancePayment, BackboneMember, Consequence, ConsequenceKind
from apps.backbone.selectors.allowance import (
    bonuses_of,
    first_of,
    is_member_in,
    members_in_year,
    monthly_paid,
    pay_deadline,
    payment_of,
    suspended_years,
    year_months,
)
from apps.compliance.models import ResultStatus
from apps.compliance.registry import Context, Outcome, data_source, evaluator
from apps.core.schoolyear import month_end, school_year_label
from apps.tenancy.models import District, School

if TYPE_CHECKING:
    from apps.compliance.models import Indicator

MAX_NAMED = 30


def _named(items: list[str]) -> list[str]:
    if len(items) <= MAX_NAMED:
        return items
    return [*items[:MAX_NAMED], f"……另有 {len(items) - MAX_NAMED} 项"]


class _Tally:
    def __init__(self) -> None:
        self.good = self.judged = self.some = 0
        self.missing: list[str] = []

    def add(self, ok: bool, paid: bool, problem: str = "") -> None:
        self.judged += 1
        self.good += int(ok)
        self.some += int(paid)
        if problem:
            self.missing.append(problem)

    def status(self) -> str:
        if self.good == self.judged:
            return ResultStatus.MET
        return ResultStatus.PARTLY_MET if self.good or self.some else ResultStatus.NOT_MET


def _months(tally: _Tally, member: BackboneMember, ctx: Context, *, lag: int,
            paid: dict[Any, AllowancePayment], suspended: bool) -> None:  # fmt: skip
    name = member.teacher.name
    since = first_of(ctx.since) if ctx.since else None
    for month in year_months(ctx.school_year):
        payment = paid.get((member.pk, month))
        if suspended:
            if payment is not None:
                tally.add(False, False, f"{name} {month:%Y-%m}：暂停发放学年仍发放了津贴")
            continue
        ended = month_end(month.year, month.month) < ctx.as_of
        if not ended or not is_member_in(member, month) or (since and month < since):
            continue
        deadline = pay_deadline(month, lag)
        if payment is None:
            if deadline < ctx.as_of:
                tally.add(False, False, f"{name} {month:%Y-%m}：未发放")
        elif payment.paid_on > deadline:
            tally.add(False, True, f"{name} {month:%Y-%m}：逾期发放（{payment.paid_on:%Y-%m-%d}，"
                                   f"应于 {deadline:%Y-%m-%d} 前）")  # fmt: skip
        else:
            tally.add(True, True)


def _bonus(tally: _Tally, bonus: Consequence, ctx: Context, lag: int) -> None:
    name = bonus.member.teacher.name
    deadline = pay_deadline(first_of(bonus.decided_on), lag)
    payment = payment_of(bonus)
    if payment is None:
        if deadline < ctx.as_of:
            tally.add(False, False, f"{name} {bonus.school_year}学年优秀奖金：未发放")
    elif payment.paid_on > deadline:
        tally.add(False, True, f"{name} {bonus.school_year}学年优秀奖金：逾期发放"
                               f"（{payment.paid_on:%Y-%m-%d}）")  # fmt: skip
    else:
        tally.add(True, True)


@evaluator("backbone.allowance", kind="computed")
def allowance_paid(
    ctx: Context, indicator: Indicator, params: dict[str, Any], schools: Sequence[School]
) -> dict[int | None, Outcome]:
    lag = int(params["pay_lag_months"])
    period = ctx.period
    members = list(members_in_year(district=ctx.district, year=ctx.school_year,
                                   school_ids=[s.pk for s in schools]))  # fmt: skip
    ids = [m.pk for m in members]
    paid, suspended = monthly_paid(ids), suspended_years(ids)
    bonuses = [b for b in bonuses_of(ids) if b.decided_on in period and b.decided_on < ctx.as_of]
    outcomes: dict[int | None, Outcome] = {}
    target = (f"每位骨干每月津贴最迟于其后第 {lag} 个月月末前发放（“按月度”的解释），"
              "暂停学年不发放，优秀奖金按时发放")  # fmt: skip
    for school in schools:
        mine = [m for m in members if m.school_id == school.pk]
        if not mine:
            outcomes[school.pk] = Outcome(ResultStatus.NOT_APPLICABLE, note="本校没有本届骨干。")
            continue
        tally = _Tally()
        for member in mine:
            _months(tally, member, ctx, lag=lag, paid=paid,
                    suspended=(member.pk, ctx.school_year) in suspended)  # fmt: skip
        for bonus in bonuses:
            if bonus.member.school_id == school.pk:
                _bonus(tally, bonus, ctx, lag)
        held = [m.teacher.name for m in mine if (m.pk, ctx.school_year) in suspended]
        note = (
            f"{'、'.join(held)}{school_year_label(ctx.school_year)}暂停发放津贴。" if held else ""
        )
        if tally.judged == 0:
            outcomes[school.pk] = Outcome(ResultStatus.NOT_YET_DUE, target=target, note=note)
            continue
        outcomes[school.pk] = Outcome(
            tally.status(), value=f"按时发放 {tally.good}/{tally.judged} 项（月度津贴与奖金）",
            target=target, missing=_named(tally.missing), note=note,
            evidence=[{"type": "backbone_member", "id": m.pk, "label": m.teacher.name}
                      for m in mine],
        )  # fmt: skip
    return outcomes


@data_source("backbone_allowance")
def fingerprint(district: District, school_year: int, school: School | None = None) -> str:
    """Counts and last changes of the district's members, payments and consequences."""
    scope: dict[str, Any] = {"district": district}
    if school is not None:
        scope["school"] = school
    parts = []
    for model in (BackboneMember, AllowancePayment, Consequence):
        stats = model.objects.filter(**scope).aggregate(n=Count("id"), last=Max("updated_at"))
        parts.append(f"{stats['n']}:{stats['last']}")
    return "|".join(parts)


__all__ = ["ConsequenceKind", "allowance_paid", "fingerprint"]
