"""xinbei-2023's team work, set-based:

* `backbone.five` (XB-FIVE, school, encouraged): each famous homeroom teacher and
  confirmed growth-team member of the school has the pack's five ones in the school year
  (read from their development archives, `selectors.five`). All complete → met; any short
  → partly met with each teacher's missing items named (the engine shows an encouraged
  shortfall as progress, never 未达标); none of them at the school → not applicable; a
  school year not yet over with something short → not yet due. Three queries.
* `backbone.project` (XB-PROJECT, school): each tier-1 member active at the reference day
  (or the year's end) undertook at least `tier1_projects_min` character projects by
  then. All → met, some → partly met, none → not met; no tier-1 member → not applicable.
  Two queries.
* `backbone.showcase` (XB-SHOWCASE, district): the calendar year named by the run's
  school year held at least `showcase_per_year` showcases. Held → met; the year not over
  and not yet held → not yet due; over and not held → not met; no team in the district
  that year → not applicable. Two queries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Max, Q

from apps.backbone.models import (
    CharacterProject,
    GrowthMember,
    GrowthTeam,
    PoolEntry,
    Showcase,
)
from apps.backbone.selectors.five import FIVE_ITEMS, FiveRules, five_by_school, five_rows
from apps.backbone.selectors.work import tier1_projects
from apps.compliance.models import ResultStatus
from apps.compliance.registry import Context, Outcome, data_source, evaluator
from apps.tenancy.models import District
from apps.training.models import ArchiveEntry

if TYPE_CHECKING:
    from apps.compliance.models import Indicator
    from apps.tenancy.models import School

MAX_NAMED = 30


def _named(items: list[str]) -> list[str]:
    if len(items) <= MAX_NAMED:
        return items
    return [*items[:MAX_NAMED], f"……另有 {len(items) - MAX_NAMED} 项"]


def _day(ctx: Context) -> dt.date:
    return min(ctx.as_of, ctx.period.end)


@evaluator("backbone.five", kind="computed")
def five(
    ctx: Context, indicator: Indicator, params: dict[str, Any], schools: Sequence[School]
) -> dict[int | None, Outcome]:
    rules = FiveRules.of(params)
    ids = sorted(s.pk for s in schools)
    rows = five_by_school(
        five_rows(district=ctx.district, year=ctx.school_year, rules=rules, school_ids=ids)
    )
    over = ctx.as_of >= ctx.period.end
    target = "、".join(f"{label} {rules.needed[kind]}" for kind, _key, label in FIVE_ITEMS)
    note = (
        "发展档案中的公开课/展示均计为德育公开课（解释）。"
        if rules.any_open_lesson
        else "仅标题含“德育”或“班会”的公开课计为德育公开课（解释）。"
    )
    found: dict[int | None, Outcome] = {}
    for school in schools:
        people = rows.get(school.pk, [])
        if not people:
            found[school.pk] = Outcome(
                ResultStatus.NOT_APPLICABLE, note="本校没有名班主任或成长团队成员。"
            )
            continue
        done = sum(1 for p in people if p.complete)
        status = ResultStatus.MET if done == len(people) else ResultStatus.PARTLY_MET
        if status != ResultStatus.MET and not over:
            status = ResultStatus.NOT_YET_DUE
        missing = [f"{p.name}：{'、'.join(p.missing)}" for p in people if p.missing]
        found[school.pk] = Outcome(
            status, value=f"{len(people)} 人中 {done} 人完成“五个一”",
            target=f"每人每学年：{target}", missing=_named(missing), note=note,
        )  # fmt: skip
    return found


@evaluator("backbone.project", kind="computed")
def project(
    ctx: Context, indicator: Indicator, params: dict[str, Any], schools: Sequence[School]
) -> dict[int | None, Outcome]:
    needed = int(params["tier1_projects_min"])
    ids = sorted(s.pk for s in schools)
    members = tier1_projects(district=ctx.district, on=_day(ctx), school_ids=ids)
    by_school: dict[int, list[tuple[Any, int]]] = {}
    for member, count in members:
        by_school.setdefault(member.school_id, []).append((member, count))
    found: dict[int | None, Outcome] = {}
    for school in schools:
        rows = by_school.get(school.pk, [])
        if not rows:
            found[school.pk] = Outcome(
                ResultStatus.NOT_APPLICABLE, note="本校没有卓越班主任成长团队（第一梯队）成员。"
            )
            continue
        good = sum(1 for _m, n in rows if n >= needed)
        if good == len(rows):
            status = ResultStatus.MET
        else:
            status = ResultStatus.PARTLY_MET if good else ResultStatus.NOT_MET
        missing = [
            f"{m.teacher.name}（{m.team.name}）：已承担 {n} 个，应至少 {needed} 个"
            for m, n in rows
            if n < needed
        ]
        found[school.pk] = Outcome(
            status, value=f"第一梯队成员 {len(rows)} 人，{good} 人承担项目达到要求",
            target=f"每位成员至少承担 {needed} 个学生品格提升工程项目或德育课题",
            missing=_named(missing),
        )  # fmt: skip
    return found


@evaluator("backbone.showcase", kind="computed")
def showcase(
    ctx: Context, indicator: Indicator, params: dict[str, Any], schools: Sequence[School]
) -> dict[int | None, Outcome]:
    needed = int(params["showcase_per_year"])
    year = ctx.school_year
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    teams = GrowthTeam.objects.filter(district=ctx.district, established_on__lte=end).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=start)
    )
    target = f"每年组织成长团队成果展示活动 {needed} 次"
    if not teams.exists():
        note = f"本区 {year} 年没有成长团队，本项不适用。"
        return {None: Outcome(ResultStatus.NOT_APPLICABLE, note=note)}
    held = list(
        Showcase.objects.filter(district=ctx.district, held_on__range=(start, min(end, ctx.as_of)))
        .order_by("held_on")
        .values_list("title", "held_on")
    )
    evidence = [{"type": "showcase", "id": i, "label": f"{d:%Y-%m-%d} {t}"} for i, (t, d) in
                enumerate(held, start=1)]  # fmt: skip
    value = f"{year} 年已举办 {len(held)} 次"
    if len(held) >= needed:
        return {None: Outcome(ResultStatus.MET, value=value, target=target, evidence=evidence)}
    if ctx.as_of <= end:
        note = f"{year} 年尚未结束，成果展示尚未举办。"
        return {None: Outcome(ResultStatus.NOT_YET_DUE, value=value, target=target, note=note)}
    missing = [f"{year} 年成长团队成果展示（差 {needed - len(held)} 次）"]
    status = ResultStatus.PARTLY_MET if held else ResultStatus.NOT_MET
    return {None: Outcome(status, value=value, target=target, missing=missing)}


@data_source("backbone-work")
def fingerprint(district: District, school_year: int, school: School | None = None) -> str:
    """The district's teams, members, pool entries, projects, showcases and the archive
    entries the five ones read (of one school's rows when `school` is given)."""
    mine = Q(district=district) if school is None else Q(school=school)
    rows = [
        GrowthTeam.objects.filter(district=district),
        GrowthMember.objects.filter(mine),
        PoolEntry.objects.filter(mine),
        CharacterProject.objects.filter(mine),
        Showcase.objects.filter(district=district),
        ArchiveEntry.objects.filter(mine),
    ]
    parts = []
    for queryset in rows:
        stats = queryset.aggregate(n=Count("id"), last=Max("updated_at"))
        parts.append(f"{stats['n']}:{stats['last']}")
    return "|".join(parts)


__all__ = ["fingerprint", "five", "project", "showcase"]
