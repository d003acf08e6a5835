"""Who may do what with a team, and the one place where reading crosses schools.

* A team is **managed** (created, edited, its lead granted) by the district's admin, and
  a school's team also by the school's leader.
* A team is **led** by the users in its lead group, and **taken part in** by those in its
  member group (django-guardian, direct-FK group permissions: one group per team role,
  one grant per group — `ensure_team_groups`).
* A district team draws members from several schools. Its lead and members may read the
  team's members of other schools as team members — name, school, what they did in the
  team — and nothing else of those schools. Row-level security (apps.core.dbscope) keeps
  a request to its user's own schools, so the team's pages read and write their members'
  rows inside `team_scope(team, user)`: the user's own scope widened by exactly the
  schools of the team's members. The queries inside still filter by the team.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.contrib.auth.models import Group
from django.db.models import QuerySet
from guardian.shortcuts import assign_perm

from apps.core.dbscope import DbScope, current_scope, db_scope
from apps.tenancy.access import holds_district_role, school_ids_led_by
from apps.tenancy.models import Role

from .models import Member, Team, TeamGroupObjectPermission

LEAD = "lead_team"
TAKE_PART = "take_part_team"
GROUP_ROLES = {LEAD: "lead", TAKE_PART: "member"}


def group_name(team: Team, codename: str) -> str:
    return f"team-{team.pk}-{GROUP_ROLES[codename]}"


def ensure_team_groups(team: Team) -> dict[str, Group]:
    """The team's two groups, each holding its one object permission on the team."""
    groups = {}
    for codename in GROUP_ROLES:
        group, created = Group.objects.get_or_create(name=group_name(team, codename))
        if created:
            assign_perm(f"studios.{codename}", group, team)
        groups[codename] = group
    return groups


def _teams_with(user: Any, codename: str) -> QuerySet[Team]:
    if not getattr(user, "is_authenticated", False):
        return Team.objects.none()
    granted = TeamGroupObjectPermission.objects.filter(
        group__user=user, permission__codename=codename
    ).values("content_object_id")
    return Team.objects.filter(pk__in=granted)


def teams_led_by(user: Any) -> QuerySet[Team]:
    return _teams_with(user, LEAD)


def teams_joined_by(user: Any) -> QuerySet[Team]:
    """Teams the user leads or takes part in."""
    return _teams_with(user, LEAD) | _teams_with(user, TAKE_PART)


def is_lead(user: Any, team: Team) -> bool:
    return teams_led_by(user).filter(pk=team.pk).exists()


def may_manage(user: Any, team: Team) -> bool:
    """The district's admin; for a school's team also the school's leader."""
    if holds_district_role(user, team.district_id, (Role.DISTRICT_ADMIN,)):
        return True
    return team.school_id is not None and team.school_id in school_ids_led_by(user)


def may_read(user: Any, team: Team) -> bool:
    """Managers, the district's officers, the school's leader, the lead and the members."""
    if may_manage(user, team) or holds_district_role(
        user, team.district_id, (Role.DISTRICT_ADMIN, Role.DISTRICT_REVIEWER)
    ):
        return True
    return teams_joined_by(user).filter(pk=team.pk).exists()


def member_school_ids(team: Team) -> set[int]:
    """The schools of the team's members (read with the system's eyes: only ids)."""
    with db_scope(DbScope(system=True)):
        return set(Member.objects.filter(team=team).values_list("school_id", flat=True))


@contextmanager
def team_scope(team: Team) -> Iterator[None]:
    """The current scope widened by the team's own school and its members' schools."""
    scope = current_scope()
    if scope.system:
        yield
        return
    extra = member_school_ids(team) | ({team.school_id} if team.school_id else set())
    widened = DbScope(
        school_ids=scope.school_ids | frozenset(extra), district_ids=scope.district_ids
    )
    with db_scope(widened):
        yield
