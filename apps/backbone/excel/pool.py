"""Sheets of the honours, pool and ladder lists (导出 Excel)."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone

from apps.backbone.models import HomeroomHonour, PoolEntry
from apps.backbone.selectors.ladder import RungReading
from apps.backbone.selectors.pool import YearProgress
from apps.core.xlsx import TableSheet
from apps.people.models import Teacher

HONOUR_HEADERS = ["工号", "教师", "称号或奖项", "获得日期", "授予单位", "登记人"]
ENTRY_HEADERS = [
    "年度",
    "学校",
    "工号",
    "教师",
    "申报级别",
    "状态",
    "申报时间",
    "推荐时间",
    "评审时间",
    "意见",
]
LADDER_HEADERS = ["工号", "教师", "职级", "起始日期", "依据", "来源"]
TARGET_HEADERS = ["年度", "新入选（市级）", "新入选（区级）", "新入选合计", "累计人数"]


def _when(moment: object) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""  # type: ignore[arg-type]


def honour_sheet(rows: Iterable[HomeroomHonour]) -> TableSheet:
    return TableSheet(
        "班主任称号与奖项",
        HONOUR_HEADERS,
        [
            [
                h.teacher.employee_no,
                h.teacher.name,
                h.get_honour_display(),
                h.awarded_on.isoformat(),
                h.issuer,
                h.recorded_by.get_full_name() or h.recorded_by.username,
            ]
            for h in rows
        ],
        widths=(10, 10, 26, 12, 24, 12),
    )


def entry_sheet(rows: Iterable[PoolEntry], title: str = "名班主任推选") -> TableSheet:
    return TableSheet(
        title,
        ENTRY_HEADERS,
        [
            [
                e.year,
                e.school.name,
                e.teacher.employee_no,
                e.teacher.name,
                e.get_level_display(),
                e.get_status_display(),
                _when(e.created_at),
                _when(e.recommended_at),
                _when(e.reviewed_at),
                e.comment,
            ]
            for e in rows
        ],
        widths=(6, 20, 10, 10, 14, 14, 16, 16, 16, 40),
    )


def ladder_sheet(rows: Iterable[tuple[Teacher, RungReading]]) -> TableSheet:
    return TableSheet(
        "班主任成长阶梯",
        LADDER_HEADERS,
        [
            [
                t.employee_no,
                t.name,
                r.label,
                r.since.isoformat() if r.since else "",
                r.basis_text,
                "学校评级" if r.source == "recorded" else "按数据认定",
            ]
            for t, r in rows
        ],
        widths=(10, 10, 8, 12, 60, 10),
    )


def target_sheet(rows: Iterable[YearProgress]) -> TableSheet:
    return TableSheet(
        "名班主任培育进度",
        TARGET_HEADERS,
        [[r.year, r.city, r.district, r.new, r.total] for r in rows],
    )
