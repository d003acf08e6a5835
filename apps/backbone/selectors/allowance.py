"""XB23-ALLOWANCE reads: which months a member is owed (inside the cohort and the
membership, not in a suspended school year), the school's ledger (members × months), the
district's overview per school, the payroll rows of a month, the teacher's own payments
and the report rows. Set-based: a fixed number of queries for a school or a district."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet

from apps.backbone.models import (
    AllowanceKind,
    AllowancePayment,
    BackboneMember,
    Category,
    Cohort,
    Consequence,
    ConsequenceKind,
)
from apps.core.schoolyear import month_end, school_year, school_year_of, today
from apps.tenancy.models import District, School

PAID, DUE, SUSPENDED, NOT_MEMBER, FUTURE = "paid", "due", "suspended", "not_member", "future"
STATE_LABELS = {PAID: "已发", DUE: "待发", SUSPENDED: "暂停", NOT_MEMBER: "—", FUTURE: "未到"}


def first_of(day: dt.date) -> dt.date:
    return day.replace(day=1)


def add_months(month: dt.date, n: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + n
    return dt.date(index // 12, index % 12 + 1, 1)


def months_between(start: dt.date, end: dt.date) -> list[dt.date]:
    """First days of every month from `start`'s month to `end`'s, in order."""
    months, month = [], first_of(start)
    while month <= end:
        months.append(month)
        month = add_months(month, 1)
    return months


def pay_deadline(month: dt.date, lag_months: int) -> dt.date:
    """The last day a month's allowance (or a bonus decided in `month`) is on time: the
    end of the month `lag_months` later (the pack's reading of 按月度)."""
    later = add_months(month, lag_months)
    return month_end(later.year, later.month)


def rate_of(member: BackboneMember) -> Decimal:
    cohort = member.cohort
    if member.category == Category.LEADER:
        return cohort.leader_monthly_allowance
    return cohort.backbone_monthly_allowance


def is_member_in(member: BackboneMember, month: dt.date) -> bool:
    """Whether the member was in the cohort during some of `month` (and the month is
    inside the cohort)."""
    last = month_end(month.year, month.month)
    cohort = member.cohort
    inside_cohort = cohort.starts_on <= last and cohort.ends_on >= month
    joined = member.joined_on <= last and (member.left_on is None or member.left_on >= month)
    return inside_cohort and joined


def year_months(year: int) -> list[dt.date]:
    period = school_year(year)
    return months_between(period.start, period.end)


def members_in_year(
    *, district: District | None, year: int, school_ids: Iterable[int] | None = None
) -> QuerySet[BackboneMember]:
    """Members whose cohort and membership touch school year `year` (one query); of the
    district (None: of the schools named)."""
    period = school_year(year)
    queryset = BackboneMember.objects.filter(
        cohort__starts_on__lte=period.end, cohort__ends_on__gte=period.start,
        joined_on__lte=period.end,
    ).filter(Q(left_on__isnull=True) | Q(left_on__gte=period.start))  # fmt: skip
    if district is not None:
        queryset = queryset.filter(district=district)
    if school_ids is not None:
        queryset = queryset.filter(school_id__in=list(school_ids))
    return queryset.select_related("cohort", "teacher").order_by("school_id", "teacher__name", "id")


def suspended_years(member_ids: Iterable[int]) -> set[tuple[int, int]]:
    """(member id, school year) of every suspended allowance (XB23-ASSESS)."""
    rows = Consequence.objects.filter(
        member_id__in=list(member_ids), kind=ConsequenceKind.ALLOWANCE_SUSPENDED
    ).values_list("member_id", "school_year")
    return set(rows)


def is_suspended(member: BackboneMember, month: dt.date) -> bool:
    return Consequence.objects.filter(
        member=member, kind=ConsequenceKind.ALLOWANCE_SUSPENDED, school_year=school_year_of(month)
    ).exists()


def monthly_paid(member_ids: Iterable[int]) -> dict[tuple[int, dt.date], AllowancePayment]:
    rows = AllowancePayment.objects.filter(
        member_id__in=list(member_ids), kind=AllowanceKind.MONTHLY
    )
    return {(p.member_id, p.month): p for p in rows}


def bonuses_of(member_ids: Iterable[int]) -> list[Consequence]:
    """Every bonus decided for these members, its payment (if any) joined."""
    return list(
        Consequence.objects.filter(member_id__in=list(member_ids), kind=ConsequenceKind.BONUS)
        .select_related("member__teacher", "payment")
        .order_by("member_id", "school_year")
    )


def payment_of(bonus: Consequence) -> AllowancePayment | None:
    try:
        return bonus.payment
    except AllowancePayment.DoesNotExist:
        return None


def cell_state(member: BackboneMember, month: dt.date, *, paid: bool, suspended: bool,
               today: dt.date) -> str:  # fmt: skip
    if paid:
        return PAID
    if not is_member_in(member, month):
        return NOT_MEMBER
    if suspended:
        return SUSPENDED
    return DUE if month <= today else FUTURE


@dataclass
class LedgerRow:
    member: BackboneMember
    rate: Decimal
    cells: list[tuple[str, AllowancePayment | None]]
    paid: Decimal = Decimal(0)
    due: Decimal = Decimal(0)


@dataclass
class Ledger:
    year: int
    months: list[dt.date]
    rows: list[LedgerRow]
    bonuses: list[Consequence] = field(default_factory=list)
    month_paid: list[Decimal] = field(default_factory=list)
    month_due: list[Decimal] = field(default_factory=list)

    @property
    def paid(self) -> Decimal:
        return sum(self.month_paid, Decimal(0))

    @property
    def due(self) -> Decimal:
        return sum(self.month_due, Decimal(0))


def _ledger(members: list[BackboneMember], year: int, today: dt.date) -> Ledger:
    ids = [m.pk for m in members]
    paid, suspended = monthly_paid(ids), suspended_years(ids)
    months = year_months(year)
    ledger = Ledger(year=year, months=months, rows=[], bonuses=bonuses_of(ids))
    ledger.month_paid = [Decimal(0)] * len(months)
    ledger.month_due = [Decimal(0)] * len(months)
    for member in members:
        row = LedgerRow(member=member, rate=rate_of(member), cells=[])
        for index, month in enumerate(months):
            payment = paid.get((member.pk, month))
            state = cell_state(member, month, paid=payment is not None,
                               suspended=(member.pk, year) in suspended, today=today)  # fmt: skip
            row.cells.append((state, payment))
            if payment is not None:
                row.paid += payment.amount
                ledger.month_paid[index] += payment.amount
            elif state == DUE:
                row.due += row.rate
                ledger.month_due[index] += row.rate
        ledger.rows.append(row)
    return ledger


def school_ledger(*, school: School, year: int, today: dt.date) -> Ledger:
    """The school's members × the school year's months (4 queries)."""
    members = list(members_in_year(district=school.district, year=year, school_ids=[school.pk]))
    return _ledger(members, year, today)


@dataclass
class SchoolOverview:
    school: School
    expected: list[Decimal]
    paid: list[Decimal]
    suspended: list[BackboneMember]
    unpaid_bonuses: list[Consequence]

    @property
    def cells(self) -> list[tuple[Decimal, Decimal]]:
        return list(zip(self.expected, self.paid, strict=True))

    @property
    def expected_total(self) -> Decimal:
        return sum(self.expected, Decimal(0))

    @property
    def paid_total(self) -> Decimal:
        return sum(self.paid, Decimal(0))


def district_overview(*, district: District, year: int, today: dt.date) -> list[SchoolOverview]:
    """Per school with members: expected vs paid per month of the year, the members
    suspended that year, the bonuses decided and not paid (5 queries)."""
    members = list(members_in_year(district=district, year=year))
    ledger = _ledger(members, year, today)
    suspended = suspended_years(m.pk for m in members)
    schools = {s.pk: s for s in School.objects.filter(district=district)}
    by_school: dict[int, SchoolOverview] = {}
    n = len(ledger.months)
    for row in ledger.rows:
        school_id = row.member.school_id
        item = by_school.setdefault(school_id, SchoolOverview(
            schools[school_id], [Decimal(0)] * n, [Decimal(0)] * n, [], []))  # fmt: skip
        for index, (state, payment) in enumerate(row.cells):
            if payment is not None:
                item.paid[index] += payment.amount
            if state in (PAID, DUE):
                item.expected[index] += row.rate
        if (row.member.pk, year) in suspended:
            item.suspended.append(row.member)
    for bonus in ledger.bonuses:
        if payment_of(bonus) is None and bonus.member.school_id in by_school:
            by_school[bonus.member.school_id].unpaid_bonuses.append(bonus)
    return sorted(by_school.values(), key=lambda o: o.school.code)


def payroll(*, school: School, month: dt.date) -> list[AllowancePayment]:
    """Every payment the school made for `month` (monthly and bonuses), for payroll."""
    return list(
        AllowancePayment.objects.filter(school=school, month=month)
        .select_related("member__teacher")
        .order_by("member__teacher__employee_no", "kind", "id")
    )


def payment_get(*, school: School, payment_id: int) -> AllowancePayment:
    """One of the school's payments, else 404."""
    from django.shortcuts import get_object_or_404  # noqa: PLC0415

    return get_object_or_404(
        AllowancePayment.objects.select_related("member__teacher", "member__cohort"),
        pk=payment_id, school=school,
    )  # fmt: skip


def member_get(*, school: School, member_id: int) -> BackboneMember:
    from django.shortcuts import get_object_or_404  # noqa: PLC0415

    return get_object_or_404(
        BackboneMember.objects.select_related("cohort", "teacher"), pk=member_id, school=school
    )


def bonus_get(*, school: School, bonus_id: int) -> Consequence:
    from django.shortcuts import get_object_or_404  # noqa: PLC0415

    return get_object_or_404(
        Consequence.objects.select_related("member__cohort", "member__teacher"),
        pk=bonus_id, school=school, kind=ConsequenceKind.BONUS,
    )  # fmt: skip


def my_payments(*, user: Any) -> list[AllowancePayment]:
    """The signed-in teacher's own payments, every school and cohort."""
    return list(
        AllowancePayment.objects.filter(member__teacher__user=user)
        .select_related("member__cohort", "school")
        .order_by("-month", "kind")
    )


SCHOOL_REPORT_HEADERS = ["工号", "姓名", "类别", "应发（元）", "已发（元）", "暂停"]
DISTRICT_REPORT_HEADERS = ["学校", "骨干人数", "应发（元）", "已发（元）", "暂停人数",
                           "未发奖金（笔）"]  # fmt: skip


def _report_day(year: int) -> dt.date:
    return min(today(), school_year(year).end)


def school_report_rows(*, school: School, year: int) -> list[list[Any]]:
    """Per member of the school: the year's expected (paid + still due) and paid."""
    ledger = _ledger(
        list(members_in_year(district=school.district, year=year, school_ids=[school.pk])),
        year, _report_day(year),
    )  # fmt: skip
    return [
        [r.member.teacher.employee_no, r.member.teacher.name, r.member.get_category_display(),
         r.paid + r.due, r.paid, "是" if any(s == SUSPENDED for s, _p in r.cells) else ""]
        for r in ledger.rows
    ]  # fmt: skip


def district_report_rows(*, district: District, year: int) -> list[list[Any]]:
    rows = district_overview(district=district, year=year, today=_report_day(year))
    counts: dict[int, int] = defaultdict(int)
    for member in members_in_year(district=district, year=year):
        counts[member.school_id] += 1
    return [
        [o.school.name, counts[o.school.pk], o.expected_total, o.paid_total,
         len(o.suspended), len(o.unpaid_bonuses)]
        for o in rows
    ]  # fmt: skip


def school_bonuses(*, school: School) -> list[Consequence]:
    """Every bonus decided for a member of the school, its payment joined."""
    return list(
        Consequence.objects.filter(school=school, kind=ConsequenceKind.BONUS)
        .select_related("member__teacher", "payment")
        .order_by("-decided_on", "id")
    )


def default_year(*, district: District) -> int:
    """The school year a ledger opens on: this one, or the last of the latest cohort
    when that cohort has ended."""
    now = today()
    last = Cohort.objects.filter(district=district).order_by("-ends_on").first()
    return school_year_of(min(now, last.ends_on) if last else now)


def ledger_years(*, district: District) -> list[int]:
    first = Cohort.objects.filter(district=district).order_by("starts_on").first()
    start = school_year_of(first.starts_on) if first else school_year_of(today())
    return list(range(start, school_year_of(today()) + 1))
