"""The backbone assessments' due sources (XB23-ASSESS), registered by `due.register`:

* `backbone.plans_due` (teachers, school leaders): a warning with no plan pending or
  accepted — the member's own, or one of the leader's school's members — with its
  deadline (逾期 once past);
* `backbone.assessments_district` (district reviewers and admins): the rectification
  plans waiting for review, one item each, and the results still to enter, one item per
  district.

A few queries whatever the number of holdings."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from django.urls import reverse

from apps.backbone.selectors.assessments_due import plans_pending, results_missing, warnings_waiting
from apps.core.todo import DueItem
from apps.reports.models import NoticeKind
from apps.tenancy.models import Role


def plans_due(*, holdings: Sequence[Any], today: dt.date) -> list[DueItem]:
    teachers = {h.user_id for h in holdings if h.role == Role.TEACHER}
    leaders: dict[int, set[int]] = defaultdict(set)
    for h in holdings:
        if h.role == Role.SCHOOL_LEADER and h.school_id:
            leaders[h.school_id].add(h.user_id)
    items = []
    for warning in warnings_waiting(user_ids=teachers, school_ids=list(leaders)):
        member = warning.member
        late = warning.due_on is not None and warning.due_on < today
        words = "已逾期" if late else "待提交"
        title = f"整改方案{words}：{member.teacher.name}（{warning.school_year}学年考核不合格）"
        body = (f"{member.cohort.name}{warning.school_year}学年度考核不合格，给予警告，"
                f"须于 {warning.due_on:%Y-%m-%d} 前提交书面整改方案（XB23-ASSESS）。")  # fmt: skip
        key = f"backbone:plan:{warning.pk}:{'late' if late else 'due'}"
        own = member.teacher.user_id
        if own is not None and own in teachers:
            items.append(DueItem(
                user_id=own, key=key, kind=NoticeKind.DUE, title=title,
                body=body, link=reverse("backbone:my_assessments"),
                district_id=member.district_id, school_id=member.school_id, due_on=warning.due_on,
            ))  # fmt: skip
        link = reverse("backbone:school_assessments", kwargs={"school_id": member.school_id})
        for user_id in sorted(leaders.get(member.school_id, ())):
            items.append(DueItem(
                user_id=user_id, key=key, kind=NoticeKind.DUE, title=title, body=body,
                link=link, district_id=member.district_id, school_id=member.school_id,
                due_on=warning.due_on,
            ))  # fmt: skip
    return items


def assessments_district(*, holdings: Sequence[Any], today: dt.date) -> list[DueItem]:
    by_district: dict[int, list[Any]] = defaultdict(list)
    for h in holdings:
        by_district[h.district_id].append(h)
    items = []
    for plan in plans_pending(district_ids=list(by_district)):
        name = plan.warning.member.teacher.name
        kwargs = {"district_id": plan.district_id, "rectification_id": plan.pk}
        link = reverse("backbone:rectification_review", kwargs=kwargs)
        for h in by_district[plan.district_id]:
            items.append(DueItem(
                user_id=h.user_id, key=f"backbone:plan-review:{plan.pk}", kind=NoticeKind.TODO,
                title=f"待审核整改方案：{plan.school.name} {name}",
                body=f"{name}的书面整改方案等待审核（XB23-ASSESS）。", link=link,
                district_id=plan.district_id, school_id=plan.school_id, for_district=True,
            ))  # fmt: skip
    missing = results_missing(district_ids=list(by_district), today=today)
    for district_id, count in missing.items():
        if not count:
            continue
        link = reverse("backbone:assessments_board", kwargs={"district_id": district_id})
        for h in by_district[district_id]:
            items.append(DueItem(
                user_id=h.user_id, key=f"backbone:results:{district_id}:{today:%Y%m}",
                kind=NoticeKind.TODO, title=f"骨干考核结果待录入：{count} 项",
                body=f"已结束的学年或培养周期尚有 {count} 项骨干考核结果未录入（XB23-ASSESS）。",
                link=link, district_id=district_id, for_district=True,
            ))  # fmt: skip
    return items


__all__ = ["assessments_district", "plans_due"]
