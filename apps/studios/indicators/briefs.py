"""XB23-BRIEF (`studios.briefs`): the school's teams filed every quarterly brief on time.

A school's teams are those hosted by one of its teachers and its own school teams. For
each, the quarters whose due moment (the pack's `brief_due_day` of the quarter's last
month, end of day Asia/Shanghai) passed in the school year before the reference date —
and after the team was established — are judged: all filed on time → met; some late or
missing → partly met, each named (team, quarter, 逾期/缺报); none filed → not met; no
team → not applicable; no quarter due yet → not yet due. Three queries for all schools."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, Max, Q

from apps.compliance.models import ResultStatus
from apps.compliance.registry import Context, Outcome, data_source, evaluator
from apps.studios.models import Brief, Team
from apps.studios.selectors.briefs import BriefState, brief_state, briefs_of, quarters_due
from apps.tenancy.models import District

if TYPE_CHECKING:
    from apps.compliance.models import Indicator
    from apps.tenancy.models import School


def _teams(district: District, school_ids: Sequence[int]) -> list[Team]:
    return list(
        Team.objects.filter(district=district)
        .filter(Q(host__school_id__in=school_ids) | Q(school_id__in=school_ids))
        .select_related("host")
        .order_by("name", "id")
    )


def _schools_of(team: Team, school_ids: set[int]) -> set[int]:
    found = {team.school_id} if team.school_id in school_ids else set()
    if team.host is not None and team.host.school_id in school_ids:
        found.add(team.host.school_id)
    return found


def _moment(ctx: Context) -> dt.datetime:
    """Due moments before the reference day (and within the school year) have passed."""
    day = min(ctx.as_of, ctx.period.end + dt.timedelta(days=1))
    return dt.datetime(day.year, day.month, day.day, tzinfo=ZoneInfo(settings.TIME_ZONE))


def _judged(ctx: Context, team: Team, due_day: int) -> list[tuple[int, int]]:
    since = max(team.established_on, ctx.counts_from)
    return quarters_due(since, _moment(ctx), due_day, until=team.ended_on)


def _status(n_due: int, n_on_time: int, n_filed: int) -> str:
    if n_due == 0:
        return ResultStatus.NOT_YET_DUE
    if n_on_time == n_due:
        return ResultStatus.MET
    return ResultStatus.PARTLY_MET if n_filed else ResultStatus.NOT_MET


@evaluator("studios.briefs", kind="computed")
def briefs(
    ctx: Context, indicator: Indicator, params: dict[str, Any], schools: Sequence[School]
) -> dict[int | None, Outcome]:
    due_day = int(params["brief_due_day"])
    ids = {s.pk for s in schools}
    teams = _teams(ctx.district, sorted(ids))
    judged = {team.pk: _judged(ctx, team, due_day) for team in teams}
    moment = _moment(ctx)
    years = sorted({year for quarters in judged.values() for year, _ in quarters})
    filed = briefs_of(teams, years) if years else {}
    tally: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0, 0])  # teams, due, on time, filed
    missing: dict[int, list[str]] = defaultdict(list)
    for team in teams:
        for school_id in _schools_of(team, ids):
            tally[school_id][0] += 1
        for year, quarter in judged[team.pk]:
            brief = filed.get((team.pk, year, quarter))
            state = brief_state(team, year, quarter, brief, due_day=due_day, now=moment)
            for school_id in _schools_of(team, ids):
                counts = tally[school_id]
                counts[1] += 1
                counts[2] += state == BriefState.ON_TIME
                counts[3] += brief is not None
                if state != BriefState.ON_TIME:
                    label = BriefState(state).label
                    missing[school_id].append(f"{team.name} {year}年第{quarter}季度：{label}")
    return {s.pk: _outcome(tally.get(s.pk), missing.get(s.pk, []), due_day) for s in schools}


def _outcome(counts: list[int] | None, missing: list[str], due_day: int) -> Outcome:
    target = f"每季度末月 {due_day} 日前提交季度简报"
    if not counts or counts[0] == 0:
        return Outcome(ResultStatus.NOT_APPLICABLE, note="本校没有教师主持的工作室或工作坊。")
    n_teams, n_due, on_time, n_filed = counts
    return Outcome(
        _status(n_due, on_time, n_filed),
        value=f"{n_teams} 个团队，应报 {n_due} 期，按时 {on_time} 期，已报 {n_filed} 期",
        target=target,
        missing=missing,
    )


@data_source("studios-briefs")
def fingerprint(district: District, school_year: int, school: School | None = None) -> str:
    """The district's teams and briefs (of one school's teams when `school` is given)."""
    teams = Team.objects.filter(district=district)
    if school is not None:
        teams = teams.filter(Q(host__school=school) | Q(school=school))
    parts = []
    for rows in (teams, Brief.objects.filter(team__in=teams)):
        stats = rows.aggregate(n=Count("id"), last=Max("updated_at"))
        parts.append(f"{stats['n']}:{stats['last']}")
    return "|".join(parts)


__all__ = ["briefs", "fingerprint"]
