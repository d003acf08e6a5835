"""The 导出 Excel of the growth teams' work: the school's five-ones board (XB-FIVE), the
projects (XB-PROJECT), the showcases (XB-SHOWCASE) and the column posts (XB-RADIATE)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from apps.backbone.selectors.five import FIVE_ITEMS, FiveRow
from apps.core.xlsx import DATE, TableSheet

FIVE_HEADERS = ["教师", "学校", "身份", *(label for _k, _p, label in FIVE_ITEMS), "完成", "缺项"]
PROJECT_HEADERS = ["教师", "学校", "团队", "项目名称", "项目类别", "立项日期", "结题日期"]
SHOWCASE_HEADERS = ["活动名称", "举办日期", "参与团队", "展示成果"]
POST_HEADERS = ["发布日期", "教师", "学校", "引领范围", "标题"]


def five_sheet(rows: Iterable[FiveRow], year: int) -> TableSheet:
    data = [
        [r.name, r.school_name, "、".join(r.roles), *r.cells, "是" if r.complete else "否",
         "、".join(r.missing)]
        for r in rows
    ]  # fmt: skip
    return TableSheet(f"{year}学年五个一", FIVE_HEADERS, data)


def project_sheet(projects: Iterable[Any]) -> TableSheet:
    data = [
        [p.teacher.name, p.school.name, p.team.name, p.title, p.get_scope_display(),
         p.started_on, p.ended_on]
        for p in projects
    ]  # fmt: skip
    return TableSheet("品格提升工程项目", PROJECT_HEADERS, data, formats=(None,) * 5 + (DATE, DATE))


def showcase_sheet(showcases: Iterable[Any]) -> TableSheet:
    data = [
        [s.title, s.held_on, "、".join(t.name for t in s.teams.all()), s.summary] for s in showcases
    ]
    return TableSheet("成果展示", SHOWCASE_HEADERS, data, formats=(None, DATE))


def post_sheet(posts: Iterable[Any]) -> TableSheet:
    data = [
        [p.posted_on, p.teacher.name, p.school.name, p.get_reach_display(), p.title] for p in posts
    ]
    return TableSheet("三名专栏", POST_HEADERS, data, formats=(DATE,))
