"""The cohort's sections of the compliance reports: a school's report lists its members of
the cohorts running in the school year with their task progress (XB23-TASKS); the
district's report, per school, its members and their shortfalls. Plain rows, one progress
computation per cohort whatever the number of members."""

from __future__ import annotations

from typing import Any

from apps.backbone.models import BackboneMember, Cohort
from apps.core.schoolyear import school_year, today
from apps.tenancy.models import District, School

from .cohort import members_progress
from .progress import Progress

SCHOOL_REPORT_HEADERS = (
    "姓名",
    "届别",
    "类别",
    "本学年已完成任务",
    "本学年未完成任务",
    "培养期任务",
)
DISTRICT_REPORT_HEADERS = (
    "学校",
    "骨干（带头人/中青年骨干）",
    "任务全部完成",
    "未完成的骨干与任务",
)


def _cohorts(district_id: int, year: int) -> list[Cohort]:
    span = school_year(year)
    return list(
        Cohort.objects.filter(district_id=district_id, starts_on__lte=span.end,
                              ends_on__gte=span.start).order_by("starts_on", "pk")
    )  # fmt: skip


def _progress(district_id: int, year: int, **where: Any) -> list[Progress]:
    found: list[Progress] = []
    for cohort in _cohorts(district_id, year):
        rows = BackboneMember.objects.filter(cohort=cohort, **where)
        found += members_progress(cohort=cohort, members=rows, as_of=today()).values()
    return sorted(
        found, key=lambda p: (p.member.school_id, p.member.category, p.member.teacher.name)
    )


def _short(cells: list[Any]) -> str:
    return "、".join(f"{c.where}{c.label}" for c in cells) or "—"


def school_report_rows(*, school: School, year: int) -> list[list[str]]:
    rows = []
    for p in _progress(school.district_id, year, school=school):
        mine = [c for c in p.cells if c.year == year]
        cohort = [c for c in p.cells if c.year is None]
        rows.append([
            p.member.teacher.name, p.member.cohort.name, p.member.get_category_display(),
            _short([c for c in mine if c.met]), _short([c for c in mine if not c.met]),
            "；".join(f"{c.label}：{c.have}" for c in cohort),
        ])  # fmt: skip
    return rows


def district_report_rows(*, district: District, year: int) -> list[list[str]]:
    by_school: dict[int, list[Progress]] = {}
    for p in _progress(district.pk, year):
        by_school.setdefault(p.member.school_id, []).append(p)
    rows = []
    for found in by_school.values():
        leaders = sum(1 for p in found if p.member.category == "leader")
        short = [p for p in found if p.missing()]
        rows.append([
            found[0].member.school.name, f"{len(found)}（{leaders}/{len(found) - leaders}）",
            f"{len(found) - len(short)}/{len(found)}",
            "；".join(f"{p.member.teacher.name}：{_short(p.missing())}" for p in short) or "—",
        ])  # fmt: skip
    return rows
