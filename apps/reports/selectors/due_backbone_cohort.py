"""The backbone cohort's due sources (apps/core/todo.py registry), registered by
`due.register`, only in districts holding the backbone pack (XB23-TASKS):

* `backbone.entries_to_review` (school leaders): each manual task entry of the school's
  members waiting for the school's review (待认定);
* `backbone.tasks_missing` (teachers): the teacher's tasks of the current school year
  still missing (本学年骨干任务未完成), one notice per member and year.

A fixed number of queries whatever the number of holdings (one progress computation per
cohort the teachers belong to)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from django.urls import reverse

from apps.backbone.selectors.cohort import (
    BACKBONE_PACKS,
    pending_entries_in,
    progress_for_members,
    teacher_members_of,
)
from apps.core.schoolyear import school_year_label, school_year_of
from apps.core.todo import DueItem
from apps.reports.models import NoticeKind
from apps.tenancy.models import Role


def entries_to_review(*, holdings: Sequence[Any], today: dt.date) -> list[DueItem]:
    by_school: dict[int, list[Any]] = defaultdict(list)
    for holding in holdings:
        if holding.school_id is not None:
            by_school[holding.school_id].append(holding)
    items = []
    for entry in pending_entries_in(school_ids=set(by_school), packs=BACKBONE_PACKS):
        link = reverse("backbone:school_members", kwargs={"school_id": entry.school_id})
        for holding in by_school[entry.school_id]:
            items.append(DueItem(
                user_id=holding.user_id, key=f"pending:backbone.taskentry:{entry.pk}",
                kind=NoticeKind.TODO,
                title=f"待认定骨干任务记录：{entry.member.teacher.name}《{entry.title}》",
                body=f"{entry.member.teacher.name}登记的{entry.get_kind_display()}"
                f"（{entry.date:%Y-%m-%d}）等待学校认定（XB23-TASKS）。",
                link=link, district_id=entry.district_id, school_id=entry.school_id,
            ))  # fmt: skip
    return items


def tasks_missing(*, holdings: Sequence[Any], today: dt.date) -> list[DueItem]:
    year = school_year_of(today)
    members = list(teacher_members_of(user_ids={h.user_id for h in holdings}, packs=BACKBONE_PACKS))
    found = progress_for_members(members=members, as_of=today)
    items = []
    for member in members:
        progress = found.get(member.pk)
        missing = [c for c in progress.cells if c.year == year and not c.met] if progress else []
        if not missing or member.teacher.user_id is None:
            continue
        names = "、".join(c.label for c in missing)
        items.append(DueItem(
            user_id=member.teacher.user_id, key=f"backbone:tasks:{member.pk}:{year}",
            kind=NoticeKind.DUE, title=f"本学年骨干任务未完成：{names}",
            body=f"{school_year_label(year)}（{member.cohort.name}）尚未完成：{names}。"
            "请在学年结束前完成并登记（XB23-TASKS）。",
            link=reverse("backbone:my_tasks"), district_id=member.district_id,
            school_id=member.school_id,
        ))  # fmt: skip
    return items


def register_sources(register: Any) -> None:
    register("backbone.entries_to_review", entries_to_review, roles={Role.SCHOOL_LEADER})
    register("backbone.tasks_missing", tasks_missing, roles={Role.TEACHER})


__all__ = ["entries_to_review", "register_sources", "tasks_missing"]
