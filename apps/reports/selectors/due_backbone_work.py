"""The backbone team-work due sources (apps/core/todo.py registry), registered by
`due.register`:

* `backbone.five_missing` (school leaders): the school's famous homeroom teachers and
  growth-team members still short of the five ones (XB-FIVE) in the current school
  year — one item per school and school year, naming how many and who;
* `backbone.showcase_due` (district roles): from November, the calendar year's growth
  team showcase (XB-SHOWCASE) not yet held in a district with growth teams.

Where the district's packs hold the rule only (the pack's parameters). A few queries per
district of the holdings, never one per person or per school."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from django.urls import reverse

from apps.backbone.selectors.five import five_by_school, five_rows, five_rules
from apps.backbone.selectors.work import district_teams, showcases_by_year
from apps.core.schoolyear import school_year_of
from apps.core.todo import DueItem
from apps.reports.models import NoticeKind
from apps.tenancy.models import DISTRICT_ROLES, District, Role, School
from apps.training.selectors import district_parameters

SHOWCASE_FROM_MONTH = 11  # the brief's "from November": a reminder's timing, not policy
MAX_NAMED = 5


def five_missing(*, holdings: Sequence[Any], today: dt.date) -> list[DueItem]:
    leaders: dict[int, list[Any]] = defaultdict(list)
    for holding in holdings:
        if holding.role == Role.SCHOOL_LEADER and holding.school_id:
            leaders[holding.school_id].append(holding)
    schools = School.objects.filter(pk__in=list(leaders)).select_related("district")
    by_district: dict[int, list[School]] = defaultdict(list)
    for school in schools:
        by_district[school.district_id].append(school)
    year = school_year_of(today)
    items = []
    for district_schools in by_district.values():
        district = district_schools[0].district
        rules = five_rules(district=district)
        if rules is None:
            continue
        ids = [s.pk for s in district_schools]
        rows = five_by_school(five_rows(district=district, year=year, rules=rules, school_ids=ids))
        for school in district_schools:
            short = [r for r in rows.get(school.pk, []) if not r.complete]
            if not short:
                continue
            names = "、".join(r.name for r in short[:MAX_NAMED])
            more = f"等 {len(short)} 人" if len(short) > MAX_NAMED else ""
            link = reverse("backbone:work_five_board", kwargs={"school_id": school.pk})
            for holding in leaders[school.pk]:
                items.append(DueItem(
                    user_id=holding.user_id, key=f"backbone-five:{school.pk}:{year}",
                    kind=NoticeKind.DUE, title=f"{len(short)} 名名班主任或团队成员“五个一”尚有缺项",
                    body=f"{year}学年 {names}{more} 的“五个一”尚未完成（XB-FIVE，鼓励性）。",
                    link=f"{link}?year={year}", district_id=school.district_id,
                    school_id=school.pk,
                ))  # fmt: skip
    return items


def showcase_due(*, holdings: Sequence[Any], today: dt.date) -> list[DueItem]:
    if today.month < SHOWCASE_FROM_MONTH:
        return []
    staff: dict[int, list[Any]] = defaultdict(list)
    for holding in holdings:
        if holding.role in DISTRICT_ROLES and holding.school_id is None:
            staff[holding.district_id].append(holding)
    items = []
    for district in District.objects.filter(pk__in=list(staff)).order_by("pk"):
        value = district_parameters(district=district).get("showcase_per_year")
        if value is None:
            continue
        needed = int(value)
        if showcases_by_year(district=district).get(today.year, 0) >= needed:
            continue
        if not district_teams(district=district).filter(ended_on__isnull=True).exists():
            continue
        link = reverse("backbone:work_showcases", kwargs={"district_id": district.pk})
        for holding in staff[district.pk]:
            items.append(DueItem(
                user_id=holding.user_id, key=f"backbone-showcase:{district.pk}:{today.year}",
                kind=NoticeKind.DUE, title=f"{today.year} 年成长团队成果展示尚未举办",
                body=f"每年组织 {needed} 次成长团队成果展示活动（XB-SHOWCASE），"
                f"{today.year} 年尚未登记。",
                link=link, district_id=district.pk, due_on=dt.date(today.year, 12, 31),
                for_district=True,
            ))  # fmt: skip
    return items


def register() -> None:
    """Called by `due.register`."""
    from apps.core.todo import register_due_source  # noqa: PLC0415

    register_due_source("backbone.five_missing", five_missing, roles={Role.SCHOOL_LEADER})
    register_due_source(
        "backbone.showcase_due", showcase_due, roles={Role.DISTRICT_REVIEWER, Role.DISTRICT_ADMIN}
    )
