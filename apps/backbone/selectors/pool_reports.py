"""The pool topic's sections of the compliance reports (the lead wires them into
apps/reports/render/sections.py):

* district: per election year and level, the entries by status, with the running total of
  distinct persons elected (XB-POOL, XB-TARGET);
* school: its teachers' honours, pool entries and rungs on the career ladder.

A few queries whatever the number of teachers or entries."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Q

from apps.backbone.models import FamousLevel, PoolEntry, PoolStatus
from apps.backbone.selectors.honours import honours_of
from apps.backbone.selectors.ladder import honour_label, rungs_of
from apps.backbone.selectors.pool import target_progress, year_counts
from apps.core.schoolyear import school_year, today
from apps.people.models import Teacher
from apps.tenancy.models import District, School

DISTRICT_REPORT_HEADERS = (
    "年度",
    "级别",
    "申报",
    "待学校推荐",
    "学校未推荐",
    "待区级评审",
    "评审未通过",
    "入选",
    "累计入选人数（不同人员）",
)
SCHOOL_REPORT_HEADERS = ("教师", "班主任称号与奖项", "名班主任推选", "成长阶梯职级", "职级依据")
STATUS_ORDER = (
    PoolStatus.APPLIED,
    PoolStatus.NOT_RECOMMENDED,
    PoolStatus.RECOMMENDED,
    PoolStatus.REJECTED,
    PoolStatus.ELECTED,
)


def district_report_rows(*, district: District, year: int) -> list[list[Any]]:
    """Every election year up to `year` (a school year), per level."""
    counts = year_counts(district=district)
    totals = {
        row.year: row.total
        for row in target_progress(district=district, until=school_year(year).end)
    }
    rows, running = [], 0
    for election in sorted(y for y in counts if y <= year):
        running = totals.get(election, running)
        for level, label in FamousLevel.choices:
            by_status = counts[election].get(level, {})
            if not by_status:
                continue
            rows.append(
                [
                    election,
                    label,
                    sum(by_status.values()),
                    *[by_status.get(s, 0) for s in STATUS_ORDER],
                    running,
                ]
            )
    return rows


def school_report_rows(*, school: School, year: int) -> list[list[Any]]:
    """The school's teachers with an honour, a pool entry or homeroom years, on the year's
    last day (or today, if sooner)."""
    on = min(school_year(year).end, today())
    teachers = list(
        Teacher.objects.filter(school=school, is_active=True)
        .filter(
            Q(homeroom_since__isnull=False)
            | Q(homeroom_honours__isnull=False)
            | Q(pool_entries__isnull=False)
        )
        .distinct()
        .order_by("name", "id")
    )
    ids = [t.pk for t in teachers]
    held = honours_of(ids, on=on)
    entries: dict[int, list[str]] = defaultdict(list)
    for entry in PoolEntry.objects.filter(
        teacher_id__in=ids, school=school, year__lte=year
    ).order_by("year", "id"):
        entries[entry.teacher_id].append(
            f"{entry.year} {entry.get_level_display()} {entry.get_status_display()}"
        )
    rungs = rungs_of(ids, on=on, district=school.district)
    rows = []
    for t in teachers:
        rung = rungs.get(t.pk)
        rows.append(
            [
                t.name,
                "、".join(honour_label(h) for h in sorted(held.get(t.pk, ()))),
                "；".join(entries.get(t.pk, [])),
                rung.label if rung else "不适用",
                rung.basis_text if rung else "",
            ]
        )
    return rows


__all__ = [
    "DISTRICT_REPORT_HEADERS",
    "SCHOOL_REPORT_HEADERS",
    "district_report_rows",
    "school_report_rows",
]
