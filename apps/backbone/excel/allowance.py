"""XB23-ALLOWANCE sheets: the school's payroll for a month (for the finance office), the
school's ledger for a year, and the district's overview per school."""

from __future__ import annotations

from collections.abc import Iterable

from apps.backbone.models import AllowancePayment
from apps.backbone.selectors.allowance import STATE_LABELS, Ledger, SchoolOverview
from apps.core.xlsx import DATE, TableSheet

PAYROLL_HEADERS = ["工号", "姓名", "类别", "发放项目", "月份", "金额（元）", "发放日期"]


def payroll_sheet(payments: Iterable[AllowancePayment]) -> TableSheet:
    rows = [
        [p.member.teacher.employee_no, p.member.teacher.name, p.member.get_category_display(),
         p.get_kind_display(), f"{p.month:%Y-%m}", p.amount, p.paid_on]
        for p in payments
    ]  # fmt: skip
    return TableSheet("津贴发放", PAYROLL_HEADERS, rows, formats=(None,) * 6 + (DATE,))


def ledger_sheet(ledger: Ledger) -> TableSheet:
    headers = ["工号", "姓名", "类别", "月津贴（元）", *(f"{m:%Y-%m}" for m in ledger.months),
               "已发（元）", "待发（元）"]  # fmt: skip
    rows = [
        [r.member.teacher.employee_no, r.member.teacher.name, r.member.get_category_display(),
         r.rate, *(STATE_LABELS[state] for state, _p in r.cells), r.paid, r.due]
        for r in ledger.rows
    ]  # fmt: skip
    return TableSheet(f"{ledger.year}学年津贴台账", headers, rows)


def overview_sheet(rows: list[SchoolOverview], months: list[str]) -> TableSheet:
    headers = ["学校", *(f"{m} 应发/已发" for m in months), "应发合计", "已发合计", "暂停人员",
               "未发奖金"]  # fmt: skip
    body = [
        [o.school.name, *(f"{e}/{p}" for e, p in zip(o.expected, o.paid, strict=True)),
         o.expected_total, o.paid_total, "、".join(m.teacher.name for m in o.suspended),
         "、".join(f"{b.member.teacher.name} {b.amount}" for b in o.unpaid_bonuses)]
        for o in rows
    ]  # fmt: skip
    return TableSheet("津贴发放概况", headers, body)
