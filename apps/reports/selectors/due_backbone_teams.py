"""The growth teams' due sources (apps/core/todo.py registry), registered by `due.register`
(XB-MEMBER's admission: 个人申报 → 学校推荐 → 组织遴选 → 行政审核 → 确定名单):

* `backbone.teams_to_recommend` (school leaders): each application of their school waiting
  for 学校推荐 — not the leader's own;
* `backbone.teams_district_steps` (district reviewers and admins): each admission waiting
  for 组织遴选 (reviewers and admins), 行政审核 or 确定名单 (admins) — 行政审核 not for the
  admin who selected it (the service refuses them).

One query each whatever the number of holdings; the key names the admission and its step,
so each notice is made once."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from django.urls import reverse

from apps.backbone.models import AdmissionStatus as S
from apps.backbone.models import GrowthMember
from apps.backbone.selectors.admissions import waiting_admissions
from apps.core.todo import DueItem
from apps.reports.models import NoticeKind
from apps.tenancy.models import Role

STEP: dict[str, str] = {S.APPLIED: "学校推荐", S.RECOMMENDED: "组织遴选", S.SELECTED: "行政审核",
        S.APPROVED: "确定名单"}  # fmt: skip
ADMIN_STEPS: set[str] = {S.SELECTED, S.APPROVED}


def _by(holdings: Sequence[Any], attr: str) -> dict[int, list[Any]]:
    found: dict[int, list[Any]] = defaultdict(list)
    for holding in holdings:
        if getattr(holding, attr) is not None:
            found[getattr(holding, attr)].append(holding)
    return found


def _item(member: GrowthMember, user_id: int, link: str, *, for_district: bool) -> DueItem:
    step = STEP[member.status]
    return DueItem(
        user_id=user_id, key=f"backbone:team-admission:{member.pk}:{member.status}",
        kind=NoticeKind.TODO, title=f"待{step}：{member.teacher.name}（{member.team.name}）",
        body=f"{member.school.name}{member.teacher.name}申请加入{member.team.name}，"
        f"等待{step}（XB-MEMBER）。",
        link=link, district_id=member.district_id, school_id=member.school_id,
        for_district=for_district,
    )  # fmt: skip


def teams_to_recommend(*, holdings: Sequence[Any], today: dt.date) -> list[DueItem]:
    by_school = _by(holdings, "school_id")
    items = []
    for member in waiting_admissions(school_ids=sorted(by_school), statuses=[S.APPLIED]):
        link = reverse("backbone:school_teams", kwargs={"school_id": member.school_id})
        items += [
            _item(member, h.user_id, link, for_district=False)
            for h in by_school[member.school_id]
            if h.user_id != member.teacher.user_id
        ]
    return items


def teams_district_steps(*, holdings: Sequence[Any], today: dt.date) -> list[DueItem]:
    by_district = _by(holdings, "district_id")
    waiting = waiting_admissions(district_ids=sorted(by_district), statuses=list(STEP)[1:])
    selected_by = {
        (event.member_id, event.actor_id)
        for member in waiting if member.status == S.SELECTED
        for event in member.events.all() if event.status == S.SELECTED
    }  # fmt: skip
    items = []
    for member in waiting:
        link = reverse(
            "backbone:team_detail",
            kwargs={"district_id": member.district_id, "team_id": member.team_id},
        )
        for h in by_district[member.district_id]:
            if member.status in ADMIN_STEPS and h.role != Role.DISTRICT_ADMIN:
                continue
            if (member.pk, h.user_id) in selected_by:
                continue  # 行政审核 is another admin's
            items.append(_item(member, h.user_id, link, for_district=True))
    return items


__all__ = ["teams_district_steps", "teams_to_recommend"]
