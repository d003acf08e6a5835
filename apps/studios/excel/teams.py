"""The 导出 Excel of teams: the team list (a district's or a school's) and a team's roster
(name, school, role, joined — nothing else of the teachers). Rendering only."""

from __future__ import annotations

from collections.abc import Iterable

from apps.core.xlsx import DATE, TableSheet
from apps.studios.models import Team
from apps.studios.selectors.teams import MemberRow

TEAM_HEADERS = ("名称", "类型", "级别", "学校", "主持人", "主持人身份", "工作坊类型", "成立日期",
                "结束日期", "成员数", "活动数", "成果数")  # fmt: skip
MEMBER_HEADERS = ("姓名", "学校", "角色", "加入日期")


def team_sheet(teams: Iterable[Team], *, title: str = "工作室与工作坊") -> TableSheet:
    rows = [
        [t.name, t.get_kind_display(), t.level_label, t.school.name if t.school else "",
         t.host_display, t.get_host_kind_display(), t.get_workshop_type_display(),
         t.established_on, t.ended_on, getattr(t, "member_count", 0),
         getattr(t, "session_count", 0), getattr(t, "outcome_count", 0)]
        for t in teams
    ]  # fmt: skip
    formats = (None, None, None, None, None, None, None, DATE, DATE)
    return TableSheet(title, TEAM_HEADERS, rows, formats=formats)


def member_sheet(members: Iterable[MemberRow]) -> TableSheet:
    rows = [[m.name, m.school_name, m.role_label, m.joined_on] for m in members]
    return TableSheet("成员", MEMBER_HEADERS, rows, formats=(None, None, None, DATE))
