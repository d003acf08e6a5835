"""Reads of a team's sessions: one session of the team, who attended it (name, school and
the hours credited — nothing else of the teacher), and the team's active members grouped
by school for the sign-in checkboxes. Attendees and members of a district team belong to
several schools: read inside `team_scope(team)`, returned as plain lists."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.shortcuts import get_object_or_404

from apps.core.web import int_or_404
from apps.studios.access import team_scope
from apps.studios.models import Session, Team
from apps.training.models import Attendance

from .space import active_members
from .teams import MemberRow


@dataclass(frozen=True)
class AttendeeRow:
    name: str
    school_name: str
    hours: Decimal


def session_get(*, team: Team, session_id: int | str) -> Session:
    """A session of this team (another team's is a 404)."""
    return get_object_or_404(
        Session.objects.filter(team=team).select_related("activity", "theme"),
        pk=int_or_404(session_id),
    )


def session_attendees(*, session: Session) -> list[AttendeeRow]:
    with team_scope(session.team):
        rows = (
            Attendance.objects.filter(activity_id=session.activity_id)
            .select_related("teacher__school")
            .order_by("teacher__school__code", "teacher__name", "pk")
        )
        return [AttendeeRow(a.teacher.name, a.teacher.school.name, a.hours) for a in rows]


def members_by_school(*, team: Team) -> list[tuple[str, list[MemberRow]]]:
    """The team's active members as (school name, members) groups, in school order."""
    with team_scope(team):
        members = active_members(team=team)
    groups: dict[int, tuple[str, list[MemberRow]]] = {}
    for member in sorted(members, key=lambda m: (m.school_name, m.name)):
        groups.setdefault(member.school_id, (member.school_name, []))[1].append(member)
    return list(groups.values())
