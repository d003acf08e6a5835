"""The studios' due source (apps/core/todo.py registry), registered by `due.register`:

* `studios.briefs_due` (studio leads): for each team a lead leads, the quarter's brief
  (XB23-BRIEF) not yet filed when its due moment is within 7 days (本季度简报将到期) and
  again within 1 day (明日截止). Each window has its own key (team, quarter, window), so
  each notice is made once; a filed brief asks nothing.

Three queries whatever the number of leads: their teams (through the guardian groups),
the briefs of those teams' current quarters, and each district's due day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.urls import reverse

from apps.core.schoolyear import quarter_of
from apps.core.todo import DueItem
from apps.reports.models import NoticeKind
from apps.studios.selectors.briefs import brief_due, brief_due_day, lead_teams, team_briefs_in

WINDOWS = ((1, "1d", "明日截止"), (7, "7d", "将到期"))  # the reminders XB23-BRIEF's issue asks


def _window(days_left: int) -> tuple[str, str] | None:
    for days, key, words in WINDOWS:
        if 0 <= days_left <= days:
            return key, words
    return None


def briefs_due(*, holdings: Sequence[Any], today: dt.date) -> list[DueItem]:
    user_ids = {h.user_id for h in holdings}
    led = lead_teams(user_ids=user_ids)
    year, quarter = quarter_of(today)
    filed = team_briefs_in({team.pk for team, _ in led}, year, quarter)
    due_days = {t.district_id: brief_due_day(district=t.district) for t in {t for t, _ in led}}
    items = []
    for team, user_id in led:
        due_day = due_days[team.district_id]
        if team.pk in filed or due_day is None:
            continue
        due = brief_due(year, quarter, due_day).date()
        found = _window((due - today).days)
        if found is None:
            continue
        window, words = found
        link = reverse("studios:brief_new", kwargs={"team_id": team.pk})
        items.append(DueItem(
            user_id=user_id, key=f"studios:brief:{team.pk}:{year}q{quarter}:{window}",
            kind=NoticeKind.DUE, title=f"季度简报{words}：{team.name}（{due:%m月%d日}）",
            body=f"{team.name}{year}年第{quarter}季度的简报应于 {due:%Y-%m-%d} 前提交"
            "（XB23-BRIEF）。",
            link=f"{link}?year={year}&quarter={quarter}", district_id=team.district_id,
            school_id=team.school_id, due_on=due,
        ))  # fmt: skip
    return items


__all__ = ["briefs_due"]
