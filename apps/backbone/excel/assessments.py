"""The district's XB23-ASSESS board as a sheet (导出 Excel): one row per member."""

from __future__ import annotations

import datetime as dt

from apps.backbone.selectors.assessments import MemberRow
from apps.core.xlsx import TableSheet


def board_sheet(rows: list[MemberRow], years: list[int], today: dt.date) -> TableSheet:
    headers = ["学校", "姓名", "类别", *[f"{y}学年" for y in years], "届满考核", "结果运用",
               "整改方案"]  # fmt: skip
    body = []
    for row in rows:
        m = row.member
        yearly = [row.yearly[y].get_result_display() if y in row.yearly else "" for y in years]
        term = row.term_end.get_result_display() if row.term_end else ""
        drawn = "；".join(f"{c.get_kind_display()}（{c.school_year}）" for c in row.consequences)
        plans = "；".join(f"{w.school_year}学年：{s}" for w, s in row.plan_states(today))
        body.append([m.school.name, m.teacher.name, m.get_category_display(), *yearly, term,
                     drawn, plans])  # fmt: skip
    widths = (20, 10, 14, *[8 for _ in years], 8, 40, 24)
    return TableSheet("骨干考核", headers, body, widths=widths)
