"""The district's brief board as a sheet (导出 Excel): one row per team and quarter."""

from __future__ import annotations

from django.utils import timezone

from apps.core.xlsx import TableSheet
from apps.studios.selectors.briefs import BriefBoard

HEADERS = ["团队", "类型", "级别", "学校", "主持人", "年度", "季度", "截止日期", "状态",
           "提交时间", "审核状态"]  # fmt: skip


def board_sheet(board: BriefBoard) -> TableSheet:
    rows = []
    for row in board.rows:
        team = row.team
        school = team.school.name if team.school_id and team.school else ""
        for cell in row.cells:
            brief = cell.brief
            filed = timezone.localtime(brief.filed_at).strftime("%Y-%m-%d %H:%M") if brief else ""
            rows.append([
                team.name, team.get_kind_display(), team.level_label, school, team.host_display,
                cell.year, f"第{cell.quarter}季度", cell.due.strftime("%Y-%m-%d"), cell.label,
                filed, brief.get_status_display() if brief else "",
            ])  # fmt: skip
    return TableSheet("季度简报", HEADERS, rows, widths=(24, 12, 6, 20, 10, 6, 8, 12, 8, 16, 8))
