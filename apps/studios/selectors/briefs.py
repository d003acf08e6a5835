"""Quarterly briefs (XB23-BRIEF): when each is due, and the status of many teams' briefs.

A brief is due by the pack's `brief_due_day` (28) of its quarter's last month (3, 6, 9,
12), to the end of that day in Asia/Shanghai: filed at 23:59 on the 28th it is on time,
at 00:00 on the 29th late. A quarter whose due moment has passed without a brief is
missing (缺报); the quarter whose due moment is still ahead is not yet due (未到期);
quarters due before the team was established (or after it ended) are not asked for.

`brief_board` answers for every active team of a district in a few queries: the teams,
the year's briefs, the district's parameters."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.studios.access import LEAD, teams_led_by
from apps.studios.models import Brief, Team, TeamFile, TeamGroupObjectPermission
from apps.tenancy.models import District
from apps.training.selectors import district_parameters

DUE_DAY_KEY = "brief_due_day"
QUARTERS = (1, 2, 3, 4)


class BriefState(models.TextChoices):
    ON_TIME = "on_time", _("按时")
    LATE = "late", _("逾期")
    MISSING = "missing", _("缺报")
    NOT_YET_DUE = "not_yet_due", _("未到期")
    NOT_ASKED = "not_asked", _("无需报送")


CHIP_CLASSES = {
    BriefState.ON_TIME: "text-bg-success",
    BriefState.LATE: "text-bg-warning",
    BriefState.MISSING: "text-bg-danger",
    BriefState.NOT_YET_DUE: "text-bg-secondary",
    BriefState.NOT_ASKED: "text-bg-light",
}


def _zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def brief_due(year: int, quarter: int, due_day: int) -> dt.datetime:
    """The last moment a brief of the quarter is on time (aware, Asia/Shanghai)."""
    month = quarter * 3
    day = min(due_day, calendar.monthrange(year, month)[1])
    return dt.datetime(year, month, day, 23, 59, 59, 999999, tzinfo=_zone())


def quarter_begins(year: int, quarter: int) -> dt.datetime:
    """The first moment of the quarter (aware, Asia/Shanghai)."""
    return dt.datetime(year, quarter * 3 - 2, 1, tzinfo=_zone())


def quarter_has_begun(year: int, quarter: int, now: dt.datetime | None = None) -> bool:
    return quarter_begins(year, quarter) <= (now or timezone.now())


def _asked(due: dt.datetime, since: dt.date, until: dt.date | None) -> bool:
    """Whether a team established on `since` (ended on `until`) is asked for the brief."""
    day = timezone.localtime(due, _zone()).date()
    return since <= day and (until is None or day <= until)


def quarters_due(
    since: dt.date, as_of: dt.datetime, due_day: int, until: dt.date | None = None
) -> list[tuple[int, int]]:
    """(year, quarter) of every quarter whose due moment has passed by `as_of`, from the
    one the team established on `since` is first asked for (until it ended)."""
    found = []
    for year in range(since.year, timezone.localtime(as_of, _zone()).year + 1):
        for quarter in QUARTERS:
            due = brief_due(year, quarter, due_day)
            if due < as_of and _asked(due, since, until):
                found.append((year, quarter))
    return found


def brief_state(
    team: Team, year: int, quarter: int, brief: Brief | None, *, due_day: int, now: dt.datetime
) -> str:
    due = brief_due(year, quarter, due_day)
    if brief is not None:
        return BriefState.ON_TIME if brief.filed_at <= due else BriefState.LATE
    if not _asked(due, team.established_on, team.ended_on):
        return BriefState.NOT_ASKED
    return BriefState.MISSING if due < now else BriefState.NOT_YET_DUE


def brief_due_day(*, district: District) -> int | None:
    """The district's due day (its packs' `brief_due_day`), None where XB23-BRIEF does not
    apply (no pack of the district has it)."""
    value = district_parameters(district=district).get(DUE_DAY_KEY)
    return None if value is None else int(value)


@dataclass
class BriefCell:
    year: int
    quarter: int
    due: dt.datetime
    state: str
    brief: Brief | None = None

    @property
    def label(self) -> str:
        return str(BriefState(self.state).label)

    @property
    def chip(self) -> str:
        return CHIP_CLASSES[BriefState(self.state)]


@dataclass
class BriefRow:
    team: Team
    cells: list[BriefCell] = field(default_factory=list)

    def count(self, state: str) -> int:
        return sum(1 for cell in self.cells if cell.state == state)


@dataclass
class BriefBoard:
    district: District
    year: int
    due_day: int | None
    rows: list[BriefRow] = field(default_factory=list)

    @property
    def applies(self) -> bool:
        return self.due_day is not None

    def totals(self) -> dict[str, int]:
        counts = dict.fromkeys(BriefState.values, 0)
        for row in self.rows:
            for cell in row.cells:
                counts[cell.state] += 1
        return counts


def briefs_of(teams: Iterable[Team], years: Sequence[int]) -> dict[tuple[int, int, int], Brief]:
    """{(team id, year, quarter): brief} of these teams in these years, one query."""
    briefs = Brief.objects.filter(team__in=list(teams), year__in=list(years))
    return {(b.team_id, b.year, b.quarter): b for b in briefs}


def brief_rows(
    teams: Sequence[Team], year: int, due_day: int, now: dt.datetime | None = None
) -> list[BriefRow]:
    """Each team × the year's four quarters, with its state (one query for the briefs)."""
    now = now or timezone.now()
    found = briefs_of(teams, [year])
    rows = []
    for team in teams:
        row = BriefRow(team)
        for quarter in QUARTERS:
            brief = found.get((team.pk, year, quarter))
            state = brief_state(team, year, quarter, brief, due_day=due_day, now=now)
            due = brief_due(year, quarter, due_day)
            row.cells.append(BriefCell(year, quarter, due, state, brief))
        rows.append(row)
    return rows


def board_teams(*, district: District, kind: str = "") -> QuerySet[Team]:
    teams = Team.objects.for_district(district).active().select_related("school", "host")
    return teams.filter(kind=kind) if kind else teams


def brief_board(
    *, district: District, year: int, kind: str = "", now: dt.datetime | None = None
) -> BriefBoard:
    """Every active team of the district × the year's quarters (a few queries)."""
    due_day = brief_due_day(district=district)
    board = BriefBoard(district=district, year=year, due_day=due_day)
    if due_day is not None:
        board.rows = brief_rows(list(board_teams(district=district, kind=kind)), year, due_day, now)
    return board


def team_briefs(*, team: Team) -> QuerySet[Brief]:
    return Brief.objects.filter(team=team).prefetch_related("files").order_by("-year", "-quarter")


def brief_of_team(*, team: Team, brief_id: int) -> Brief | None:
    return Brief.objects.filter(team=team, pk=brief_id).select_related("team").first()


def district_brief(*, district: District, brief_id: int) -> Brief | None:
    """A brief of one of the district's teams (None: not the district's)."""
    return (
        Brief.objects.filter(team__district=district, pk=brief_id)
        .select_related("team", "team__school", "team__host", "submitted_by", "reviewed_by")
        .prefetch_related("files", "events")
        .first()
    )


def team_for_lead(*, user: Any, team_id: int) -> Team | None:
    """The team, when the user leads it (None otherwise: the same 404)."""
    return teams_led_by(user).select_related("school", "district").filter(pk=team_id).first()


def lead_teams(*, user_ids: Iterable[int]) -> list[tuple[Team, int]]:
    """(team, lead's user id) of the active teams these users lead (two queries)."""
    granted = list(
        TeamGroupObjectPermission.objects.filter(
            permission__codename=LEAD, group__user__in=list(user_ids)
        ).values_list("content_object_id", "group__user")
    )
    teams = Team.objects.active().select_related("district").in_bulk({t for t, _ in granted})
    return [(teams[t], u) for t, u in granted if t in teams]


def team_briefs_in(team_ids: Iterable[int], year: int, quarter: int) -> set[int]:
    """The ids of these teams that filed the quarter's brief."""
    return set(
        Brief.objects.filter(team_id__in=list(team_ids), year=year, quarter=quarter).values_list(
            "team_id", flat=True
        )
    )


def team_quarters(*, team: Team, due_day: int, now: dt.datetime | None = None) -> list[BriefCell]:
    """The team's quarters from the one it was established in to the current one, newest
    first, each with its due moment, state and brief (one query)."""
    now = now or timezone.now()
    local = timezone.localtime(now, _zone())
    first = (team.established_on.year, (team.established_on.month - 1) // 3 + 1)
    last = (local.year, (local.month - 1) // 3 + 1)
    periods = [
        (year, quarter)
        for year in range(first[0], last[0] + 1)
        for quarter in QUARTERS
        if first <= (year, quarter) <= last
    ]
    found = briefs_of([team], sorted({year for year, _ in periods}))
    cells = []
    for year, quarter in reversed(periods):
        brief = found.get((team.pk, year, quarter))
        state = brief_state(team, year, quarter, brief, due_day=due_day, now=now)
        cells.append(BriefCell(year, quarter, brief_due(year, quarter, due_day), state, brief))
    return cells


def brief_file_data(*, brief: Brief, file_id: int) -> tuple[TeamFile, bytes] | None:
    """One file of the brief and its bytes (None: not the brief's)."""
    found = TeamFile.objects.filter(brief=brief, pk=file_id).select_related("data").first()
    return None if found is None else (found, bytes(found.data.data))
