"""The talent pool's due sources (apps/core/todo.py registry), registered by `due.register`:

* `backbone.pool_to_recommend` (school leaders): each application of their school waiting
  for 学校推荐 (XB-POOL) — but not the leader's own application (they may not
  recommend it);
* `backbone.pool_to_review` (district reviewers and admins): each entry of their district
  the school recommended, waiting for 区级评审 — but not one they applied for or
  recommended.

One query each whatever the number of holdings. The key names the entry and its step, so
each notice is made once."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from django.urls import reverse

from apps.backbone.selectors.pool import waiting_recommendation, waiting_review
from apps.core.todo import DueItem
from apps.reports.models import NoticeKind


def _by(holdings: Sequence[Any], attr: str) -> dict[int, list[Any]]:
    found: dict[int, list[Any]] = defaultdict(list)
    for holding in holdings:
        if getattr(holding, attr) is not None:
            found[getattr(holding, attr)].append(holding)
    return found


def pool_to_recommend(*, holdings: Sequence[Any], today: dt.date) -> list[DueItem]:
    by_school = _by(holdings, "school_id")
    items = []
    for entry in waiting_recommendation(school_ids=sorted(by_school)).order_by("created_at"):
        link = reverse(
            "backbone:pool_recommend", kwargs={"school_id": entry.school_id, "entry_id": entry.pk}
        )
        for holding in by_school[entry.school_id]:
            if holding.user_id == entry.teacher.user_id:
                continue  # their own application: another leader recommends it
            items.append(
                DueItem(
                    user_id=holding.user_id,
                    key=f"backbone:pool:{entry.pk}:recommend",
                    kind=NoticeKind.TODO,
                    title=f"待学校推荐：{entry.teacher.name}（{entry.year}年度名班主任）",
                    body=f"{entry.teacher.name}申报{entry.year}年度{entry.get_level_display()}，等待学校推荐（XB-POOL）。",
                    link=link,
                    district_id=entry.district_id,
                    school_id=entry.school_id,
                )
            )
    return items


def pool_to_review(*, holdings: Sequence[Any], today: dt.date) -> list[DueItem]:
    by_district = _by(holdings, "district_id")
    items = []
    for entry in waiting_review(district_ids=sorted(by_district)).order_by("recommended_at"):
        link = reverse(
            "backbone:pool_review", kwargs={"district_id": entry.district_id, "entry_id": entry.pk}
        )
        for holding in by_district[entry.district_id]:
            if holding.user_id in (entry.applied_by_id, entry.recommended_by_id):
                continue
            items.append(
                DueItem(
                    user_id=holding.user_id,
                    key=f"backbone:pool:{entry.pk}:review",
                    kind=NoticeKind.TODO,
                    title=f"待区级评审：{entry.school.name} {entry.teacher.name}",
                    body=f"{entry.school.name}推荐{entry.teacher.name}参加{entry.year}年度{entry.get_level_display()}推选，等待区级评审（XB-POOL）。",
                    link=link,
                    district_id=entry.district_id,
                    school_id=entry.school_id,
                    for_district=True,
                )
            )
    return items


__all__ = ["pool_to_recommend", "pool_to_review"]
