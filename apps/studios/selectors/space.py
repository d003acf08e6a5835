"""What the studio lead's space reads (工作室空间): the user's teams, one team as its lead
or a reader sees it — members (name and school only), sessions with their attendance
counts, the yearly plan of the current school year, outcomes, and the quarterly briefs'
due dates (XB23-BRIEF, the pack's `brief_due_day`).

Member rows of a district team belong to several schools: `team_space` reads them inside
`team_scope(team)` and returns plain lists, so nothing is read after the scope ends (a
template renders after the view returns)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, QuerySet

from apps.core.schoolyear import current_school_year, today
from apps.studios.access import team_scope, teams_joined_by
from apps.studios.models import Outcome, Plan, PlanKind, Session, Team
from apps.studios.selectors.briefs import BriefCell, brief_due_day, brief_rows
from apps.studios.selectors.teams import MemberRow, team_members


def teams_of(*, user: Any) -> QuerySet[Team]:
    """The teams the user leads or takes part in (the space's landing list)."""
    return teams_joined_by(user).order_by("kind", "name", "id")


@dataclass
class TeamSpace:
    team: Team
    host_name: str
    members: list[MemberRow]
    sessions: list[Session]
    yearly_plan: Plan | None
    outcomes: list[Outcome]
    briefs: list[BriefCell] = field(default_factory=list)
    brief_due_day: int | None = None


def active_members(*, team: Team) -> list[MemberRow]:
    """The team's active members, host first, then by school and name."""
    return team_members(team=team)


def team_sessions(*, team: Team) -> QuerySet[Session]:
    """The team's sessions, newest first, each with its attendance count."""
    return (
        Session.objects.filter(team=team)
        .select_related("activity", "theme")
        .annotate(attendee_count=Count("activity__attendances"))
        .order_by("-activity__date", "-pk")
    )


def brief_due_dates(*, team: Team, year: int | None = None) -> tuple[int | None, list[BriefCell]]:
    """XB23-BRIEF: the quarters of `year` (this calendar year), each with its due moment and
    the state of the team's brief (`selectors.briefs`, the same as the brief pages); None
    and no rows when the district's packs do not set a due day."""
    due_day = brief_due_day(district=team.district)
    if due_day is None:
        return None, []
    (row,) = brief_rows([team], year or today().year, due_day)
    return due_day, row.cells


def team_space(*, team: Team) -> TeamSpace:
    """Everything the team's page shows, read in a few queries inside the team's scope."""
    with team_scope(team):
        members = active_members(team=team)
        host = next((m.name for m in members if m.teacher_id == team.host_id), "")
        sessions = list(team_sessions(team=team))
    yearly = (
        Plan.objects.filter(team=team, kind=PlanKind.YEARLY, school_year=current_school_year())
        .order_by("-pk")
        .first()
    )
    outcomes = list(Outcome.objects.filter(team=team).select_related("theme"))
    due_day, briefs = brief_due_dates(team=team)
    return TeamSpace(
        team=team, host_name=host or team.host_name, members=members, sessions=sessions,
        yearly_plan=yearly, outcomes=outcomes, briefs=briefs, brief_due_day=due_day,
    )  # fmt: skip
