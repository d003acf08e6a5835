"""The 导出 Excel of a team's outcomes."""

from __future__ import annotations

from collections.abc import Iterable

from apps.core.xlsx import DATE, TableSheet
from apps.studios.models import Outcome

OUTCOME_HEADERS = ["成果名称", "成果类型", "阶段", "研究主题", "完成日期", "课程形式", "课程学时",
                   "收入成果集", "附件"]  # fmt: skip


def outcome_sheet(outcomes: Iterable[Outcome]) -> TableSheet:
    """One row per outcome (its theme and files prefetched: `selectors.team_outcomes`)."""
    rows = [
        [o.title, o.get_kind_display(), o.get_stage_display(), o.theme.title if o.theme else "",
         o.completed_on, o.get_course_form_display(), o.course_hours,
         "是" if o.promoted else "否", "、".join(f.file_name for f in o.files.all())]
        for o in outcomes
    ]  # fmt: skip
    return TableSheet("成果", OUTCOME_HEADERS, rows, formats=(None,) * 4 + (DATE,))
