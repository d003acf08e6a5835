"""XB-POOL (`backbone.pool`) and XB-TARGET (`backbone.target`), district scope.

XB-POOL: the school year's election ran through its three steps (个人申报 → 学校推荐 →
区级评审). Once the year has ended: every entry through all its steps (elected, rejected,
or not recommended by its school) → met; entries still waiting for the school's
recommendation or the district's review → partly met, counted by step and school; no
entry at all → not met (no election held). Before the year's end a complete election is
met and anything else is not yet due. One query.

XB-TARGET: distinct persons (Teacher.person_key) elected at city or district level in
elections begun by the target date, against `famous_teacher_target` × the 左右 tolerance
(an interpretation; the bound is included). "力争" is encouraged: short of it is partly
met with the gap (none elected: encouraged), never not met. One query."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Max

from apps.backbone.models import PoolEntry, PoolStatus
from apps.backbone.selectors.pool import elected_persons, target_reading
from apps.compliance.models import ResultStatus
from apps.compliance.registry import Context, Outcome, data_source, evaluator
from apps.tenancy.models import District

if TYPE_CHECKING:
    from apps.compliance.models import Indicator
    from apps.tenancy.models import School


def _n(number: Decimal) -> str:
    return f"{number.normalize():f}"


STEP_OF: dict[str, str] = {PoolStatus.APPLIED: "待学校推荐", PoolStatus.RECOMMENDED: "待区级评审"}


def _waiting_lines(rows: list[tuple[str, str]]) -> list[str]:
    by_step: dict[str, Counter[str]] = {}
    for status, school in rows:
        if status in STEP_OF:
            by_step.setdefault(STEP_OF[status], Counter())[school] += 1
    return [
        f"{step} {sum(c.values())} 条（"
        + "、".join(f"{s} {n}" for s, n in sorted(c.items()))
        + "）"
        for step, c in by_step.items()
    ]


@evaluator("backbone.pool", kind="computed")
def pool(
    ctx: Context, indicator: Indicator, params: dict[str, Any], schools: Sequence[School]
) -> dict[int | None, Outcome]:
    year = ctx.school_year
    rows = list(
        PoolEntry.objects.filter(district=ctx.district, year=year)
        .order_by("status", "school__code")
        .values_list("status", "school__name")
    )
    statuses = Counter(status for status, _ in rows)
    waiting = statuses[PoolStatus.APPLIED] + statuses[PoolStatus.RECOMMENDED]
    ended = ctx.as_of > ctx.period.end
    steps = "→".join(params.get("pool_selection_steps") or [])
    value = (
        f"{year}年度申报 {len(rows)} 人：入选 {statuses[PoolStatus.ELECTED]}，"
        f"学校未推荐 {statuses[PoolStatus.NOT_RECOMMENDED]}，"
        f"评审未通过 {statuses[PoolStatus.REJECTED]}，待办 {waiting}"
    )
    target = f"每年按{steps}完成推选" if steps else "每年完成推选"
    if rows and not waiting:
        status = ResultStatus.MET
    elif not ended:
        status = ResultStatus.NOT_YET_DUE
    elif not rows:
        status = ResultStatus.NOT_MET
    else:
        status = ResultStatus.PARTLY_MET
    note = "" if ended else f"{year}学年尚未结束，推选进行中。"
    missing = _waiting_lines(rows) if rows else [f"{year}年度未开展名班主任推选。"]
    if status == ResultStatus.MET:
        missing = []
    return {None: Outcome(status, value=value, target=target, missing=missing, note=note)}


@evaluator("backbone.target", kind="computed")
def target(
    ctx: Context, indicator: Indicator, params: dict[str, Any], schools: Sequence[School]
) -> dict[int | None, Outcome]:
    reading = target_reading(params)
    first = elected_persons(district=ctx.district, until=reading.target_date)
    levels = Counter(level for _, level in first.values())
    count = len(first)
    shown = f"{_n(reading.tolerance * 100)}%"
    value = f"已入选 {count} 人（市级 {levels['city']}，区级 {levels['district']}）"
    goal = (
        f"到{reading.target_date:%Y年%m月%d日}培育市区两级名班主任{reading.target}名左右"
        f"（按目标的 {shown} 即 {_n(reading.threshold)} 人视为达成）"
    )
    note = (
        f"“左右”按目标人数的 {shown} 理解（解释性参数 famous_teacher_target_tolerance）；"
        "同一人多次入选只计一次。"
    )
    if count >= reading.threshold:
        return {None: Outcome(ResultStatus.MET, value=value, target=goal, note=note)}
    gap = reading.threshold - count
    status = ResultStatus.PARTLY_MET if count else ResultStatus.ENCOURAGED
    missing = [f"距目标（{_n(reading.threshold)} 人）尚差 {_n(gap)} 人。"]
    return {None: Outcome(status, value=value, target=goal, missing=missing, note=note)}


@data_source("backbone-pool")
def fingerprint(district: District, school_year: int, school: School | None = None) -> str:
    """The district's pool entries (of one school when `school` is given)."""
    rows = PoolEntry.objects.filter(district=district)
    if school is not None:
        rows = rows.filter(school=school)
    stats = rows.aggregate(n=Count("id"), last=Max("updated_at"))
    return f"{stats['n']}:{stats['last']}"


__all__ = ["fingerprint", "pool", "target"]
