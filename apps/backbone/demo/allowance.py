"""The allowance demo (XB23-ALLOWANCE) for 汇景区, after the cohort and assessments demos:
from the cohort members present (none: nothing), each school's leader pays every month
from 2023-09 to 2026-06 (or today) through `pay_month`, on the 10th of the following
month — except the school second from last by code, which misses three months of the
2025 school year (partly met), and the last one, which stopped paying after the 2024
school year (not met). Suspended years get nothing (the service skips them); every bonus
is paid except the latest decided one. Idempotent: paid months and bonuses are skipped."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError

from apps.backbone.models import BackboneMember, Cohort
from apps.backbone.selectors.allowance import (
    add_months,
    months_between,
    payment_of,
    school_bonuses,
)
from apps.backbone.services import allowance as services
from apps.core.schoolyear import today
from apps.tenancy.models import School

PARTLY_SKIPPED = (dt.date(2026, 3, 1), dt.date(2026, 4, 1), dt.date(2026, 5, 1))
BEHIND_FROM = dt.date(2025, 9, 1)


def seed(ctx: dict[str, Any]) -> None:
    district = ctx["district"]
    cohort = (  # the newest cohort with members (the next one, still open, has none)
        Cohort.objects.filter(district=district, members__isnull=False)
        .order_by("-starts_on")
        .first()
    )
    if cohort is None:
        return
    school_ids = set(
        BackboneMember.objects.filter(cohort=cohort).values_list("school_id", flat=True)
    )
    schools = list(School.objects.filter(pk__in=school_ids).order_by("code"))
    if not schools:
        return
    now = today()
    last = min(cohort.ends_on, now)
    for index, school in enumerate(schools):
        skipped = _skipped(index, len(schools))
        leader = ctx["leader_of"](school)
        for month in months_between(cohort.starts_on, last):
            if skipped(month):
                continue
            paid_on = min(add_months(month, 1).replace(day=10), now)
            try:
                services.pay_month(actor=leader, school=school, month=month, paid_on=paid_on)
            except ValidationError:  # a month none of the school's members was in
                continue
    _bonuses(schools, ctx, now)


def _skipped(index: int, count: int) -> Any:
    if count >= 2 and index == count - 1:
        return lambda month: month >= BEHIND_FROM
    if count >= 3 and index == count - 2:
        return lambda month: month in PARTLY_SKIPPED
    return lambda month: False


def _bonuses(schools: list[School], ctx: dict[str, Any], now: dt.date) -> None:
    bonuses = [b for school in schools for b in school_bonuses(school=school)]
    if not bonuses:
        return
    kept = max(bonuses, key=lambda b: (b.decided_on, b.pk))  # the one left unpaid
    by_pk = {s.pk: s for s in schools}
    for bonus in bonuses:
        if bonus.pk == kept.pk or payment_of(bonus) is not None:
            continue
        paid_on = min(bonus.decided_on + dt.timedelta(days=14), now)
        school = by_pk[bonus.school_id]
        services.pay_bonus(actor=ctx["leader_of"](school), school=school, bonus=bonus,
                           paid_on=paid_on)  # fmt: skip
