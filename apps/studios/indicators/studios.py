"""XH26-A2-2 — a school-level homeroom studio under a senior homeroom teacher, holding its
research sessions every month — in two parts the pack combines with `all_of`:

* `studios.school_studio`: the school has an active school-level studio whose host has
  been a homeroom teacher for the pack's years (`studio_host_min_homeroom_years`, a
  reading of 资深班主任, marked 解释) and that has members. No studio is not met; a studio
  whose host is short of the bar or that has no members is partly met.
* `studios.monthly_sessions` (XH26-STUDIO-MONTHLY): every active school studio holds the
  pack's research sessions each month, a session counting by the same structure as a
  school's research session (`training.selectors.counting_research_sessions`). A month is
  judged once it has ended, from the later of the rule's date and the studio's founding.

Two queries for any number of schools: the studios (with their counts), the sessions.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from apps.compliance.models import ResultStatus
from apps.compliance.registry import Context, Outcome, evaluator
from apps.core.schoolyear import full_years_between, months_judged
from apps.studios.models import Team
from apps.studios.selectors.compliance import school_studios, studio_session_days

from .common import named, status_of

if TYPE_CHECKING:
    from apps.compliance.models import Indicator
    from apps.tenancy.models import School

NO_STUDIO = "本校尚未成立校级班主任工作室"


def _by_school(studios: list[Team]) -> dict[int, list[Team]]:
    found: dict[int, list[Team]] = defaultdict(list)
    for studio in studios:
        found[studio.school_id or 0].append(studio)
    return found


def _host_problems(studio: Team, ctx: Context, min_years: int) -> list[str]:
    problems = []
    host = studio.host
    if host is None:
        problems.append(f"{studio.name}：主持人（{studio.host_name}）不是本校登记的教师")
    else:
        years = full_years_between(host.homeroom_since, ctx.as_of)
        if years < min_years:
            problems.append(
                f"{studio.name}：主持人{host.name}担任班主任{years}年，"
                f"不满{min_years}年（资深班主任）"
            )
    if not studio.member_count:  # type: ignore[attr-defined]
        problems.append(f"{studio.name}：尚无成员")
    return problems


@evaluator("studios.school_studio", kind="computed")
def school_studio(
    ctx: Context, indicator: Indicator, params: dict[str, Any], schools: Sequence[School]
) -> dict[int | None, Outcome]:
    min_years = int(params["studio_host_min_homeroom_years"])
    studios = _by_school(list(school_studios(school_ids=[s.pk for s in schools])))
    target = f"成立由资深班主任（担任班主任满{min_years}年，解释：原文未规定年限）主持的校级工作室"
    outcomes: dict[int | None, Outcome] = {}
    for school in schools:
        mine = studios.get(school.pk, [])
        if not mine:
            outcomes[school.pk] = Outcome(
                ResultStatus.NOT_MET, value="0 个", target=target, missing=[NO_STUDIO]
            )
            continue
        problems = {s.pk: _host_problems(s, ctx, min_years) for s in mine}
        good = [s for s in mine if not problems[s.pk]]
        outcomes[school.pk] = Outcome(
            ResultStatus.MET if good else ResultStatus.PARTLY_MET,
            value=f"校级工作室 {len(mine)} 个，符合要求 {len(good)} 个",
            target=target,
            evidence=[{"type": "studio", "id": s.pk, "label": s.name} for s in mine],
            missing=[] if good else named([p for s in mine for p in problems[s.pk]]),
        )
    return outcomes


@evaluator("studios.monthly_sessions", kind="computed")
def monthly_sessions(
    ctx: Context, indicator: Indicator, params: dict[str, Any], schools: Sequence[School]
) -> dict[int | None, Outcome]:
    wanted = int(params["sessions_per_month"])
    studios = _by_school(list(school_studios(school_ids=[s.pk for s in schools])))
    last = min(ctx.as_of, ctx.period.end)
    counts: dict[tuple[int, int, int], int] = defaultdict(int)
    for team_id, day in studio_session_days(
        team_ids=[t.pk for mine in studios.values() for t in mine],
        start=ctx.counts_from, end=last, params=params, year=ctx.school_year,
    ):  # fmt: skip
        counts[(team_id, day.year, day.month)] += 1
    target = f"每个校级工作室每月不少于 {wanted} 次问题导向型研修"
    outcomes: dict[int | None, Outcome] = {}
    for school in schools:
        mine = studios.get(school.pk, [])
        if not mine:
            outcomes[school.pk] = Outcome(
                ResultStatus.NOT_APPLICABLE, note=f"{NO_STUDIO}，无工作室研修可计。"
            )
            continue
        outcomes[school.pk] = _monthly_outcome(ctx, mine, counts, wanted, target)
    return outcomes


def _monthly_outcome(
    ctx: Context,
    studios: list[Team],
    counts: dict[tuple[int, int, int], int],
    wanted: int,
    target: str,
) -> Outcome:
    judged, short = 0, []
    in_progress = False
    for studio in studios:
        since = max(ctx.counts_from, studio.established_on)
        ended, current = months_judged(ctx.period, since=since, as_of=ctx.as_of)
        in_progress = in_progress or current is not None
        judged += len(ended)
        short += [
            f"{studio.name}：{y}年{m}月研修不足 {wanted} 次"
            for (y, m) in ended
            if counts[(studio.pk, y, m)] < wanted
        ]
    note = "本月尚未结束，不计为缺失。" if in_progress else ""
    if not judged:
        return Outcome(ResultStatus.NOT_YET_DUE, target=target, note=note or "尚无已结束的月份。")
    held = judged - len(short)
    return Outcome(
        status_of(held, judged),
        value=f"{held}/{judged} 个工作室月达到",
        target=target,
        missing=named(short),
        note=note,
    )
