"""The 导出 Excel of a cohort: its members (category, school, joining, leaving) and the
board of their task progress (one row per member and task cell). Rendering only."""

from __future__ import annotations

from collections.abc import Iterable

from apps.backbone.models import BackboneMember
from apps.backbone.selectors.progress import Progress
from apps.core.xlsx import DATE, TableSheet

MEMBER_HEADERS = ("姓名", "学校", "类别", "入选日期", "离开日期", "离开原因", "三年发展规划")
BOARD_HEADERS = (
    "姓名",
    "学校",
    "类别",
    "任务",
    "学年/培养期",
    "已完成",
    "要求",
    "是否完成",
    "是否到期",
)


def member_sheet(members: Iterable[BackboneMember]) -> TableSheet:
    rows = [
        [
            m.teacher.name,
            m.school.name,
            m.get_category_display(),
            m.joined_on,
            m.left_on,
            m.get_leave_reason_display(),
            "已填写" if _has_plan(m) else "未填写",
        ]
        for m in members
    ]
    return TableSheet("骨干名单", MEMBER_HEADERS, rows, formats=(None, None, None, DATE, DATE))


def board_sheet(progress: Iterable[Progress]) -> TableSheet:
    rows = [
        [
            p.member.teacher.name,
            p.member.school.name,
            p.member.get_category_display(),
            c.label,
            c.where,
            c.have,
            c.need,
            "是" if c.met else "否",
            "是" if c.due else "否",
        ]
        for p in progress
        for c in p.cells
    ]
    return TableSheet("任务进度", BOARD_HEADERS, rows)


def _has_plan(member: BackboneMember) -> bool:
    try:
        return member.development_plan is not None
    except BackboneMember.development_plan.RelatedObjectDoesNotExist:
        return False
