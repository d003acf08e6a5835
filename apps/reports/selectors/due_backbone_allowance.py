"""The backbone allowance's due source (apps/core/todo.py registry), registered by
`due.register`:

* `backbone.allowance_due` (school leaders): once a month has ended, the school's
  members owed that month's allowance (in the cohort and their membership, not in a
  suspended school year, XB23-ALLOWANCE / XB23-ASSESS) and not yet paid — one item per
  school and month, keyed by both, so each notice is made once.

Three queries whatever the number of schools: the members, their payments of the month
and their suspensions."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from django.urls import reverse

from apps.backbone.selectors.allowance import (
    add_months,
    first_of,
    is_member_in,
    members_in_year,
    monthly_paid,
    suspended_years,
)
from apps.core.schoolyear import school_year_of
from apps.core.todo import DueItem
from apps.reports.models import NoticeKind


def allowance_due(*, holdings: Sequence[Any], today: dt.date) -> list[DueItem]:
    by_school: dict[int, list[Any]] = defaultdict(list)
    for holding in holdings:
        if holding.school_id is not None:
            by_school[holding.school_id].append(holding)
    month = add_months(first_of(today), -1)  # the month that has just ended
    year = school_year_of(month)
    members = [
        m for m in members_in_year(district=None, year=year, school_ids=by_school)
        if is_member_in(m, month)
    ]  # fmt: skip
    ids = [m.pk for m in members]
    paid, suspended = monthly_paid(ids), suspended_years(ids)
    owed: dict[int, list[Any]] = defaultdict(list)
    for member in members:
        if (member.pk, month) not in paid and (member.pk, year) not in suspended:
            owed[member.school_id].append(member)
    items = []
    for school_id, unpaid in owed.items():
        names = "、".join(m.teacher.name for m in unpaid)
        link = reverse("backbone:allowance_pay", kwargs={"school_id": school_id})
        for holding in by_school[school_id]:
            items.append(DueItem(
                user_id=holding.user_id, key=f"backbone:allowance:{school_id}:{month:%Y-%m}",
                kind=NoticeKind.TODO, title=f"骨干津贴待发放：{month:%Y年%m月} {len(unpaid)} 人",
                body=f"{month:%Y年%m月}已结束，{names}的骨干工作津贴尚未登记发放（XB23-ALLOWANCE，"
                "按月度发放）。",
                link=link, district_id=unpaid[0].district_id, school_id=school_id,
            ))  # fmt: skip
    return items


__all__ = ["allowance_due"]
