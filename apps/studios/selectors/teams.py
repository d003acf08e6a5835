"""Reads of teams (工作室 / 工作坊): the district's and a school's lists with their counts
(members, sessions, outcomes — subqueries, no query per row), one team for a user or a
portal, its roster (read inside `team_scope`: name, school, role, joined — nothing else
of the teacher), themes, funding, plans, the lead candidates, and the studio rules
(XH26-A2P-4.1)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404

from apps.core.web import int_or_404
from apps.people.models import Teacher
from apps.studios.access import LEAD, group_name, may_read, team_scope
from apps.studios.models import (
    Funding,
    Member,
    MemberRole,
    Outcome,
    Plan,
    Session,
    StudioRules,
    Team,
    TeamKind,
    Theme,
)
from apps.tenancy.models import District, School

if TYPE_CHECKING:
    from apps.accounts.models import User


def _count(model: Any, **extra: Any) -> Coalesce:
    rows = (
        model.objects.filter(team=OuterRef("pk"), **extra)
        .order_by()
        .values("team")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


def with_counts(queryset: QuerySet[Team]) -> QuerySet[Team]:
    """Each team with `member_count` (current members the reader's scope holds),
    `session_count` and `outcome_count`."""
    return queryset.select_related("school", "host", "host__school").annotate(
        member_count=_count(Member, left_on__isnull=True),
        session_count=_count(Session),
        outcome_count=_count(Outcome),
    )


def district_teams(
    *, district: District, kind: str | None = None, search: str = ""
) -> QuerySet[Team]:
    """Every team of the district — its own and its schools' — by kind and name."""
    queryset = Team.objects.filter(district=district)
    if kind in TeamKind.values:
        queryset = queryset.filter(kind=kind)
    if search:
        queryset = queryset.filter(Q(name__icontains=search) | Q(host__name__icontains=search))
    return with_counts(queryset).order_by("school__code", "kind", "name", "pk")


def school_teams(*, school: School) -> QuerySet[Team]:
    """The school's own teams, and the district's teams with current members from the
    school (read-only for the school: `member_count` counts the school's members)."""
    joined = Member.objects.filter(school=school, left_on__isnull=True).values("team_id")
    queryset = Team.objects.filter(
        Q(school=school) | Q(school__isnull=True, district_id=school.district_id, pk__in=joined)
    )
    return with_counts(queryset).order_by("-school_id", "kind", "name", "pk")


def team_get_for(*, user: Any, team_id: int | str) -> Team:
    """One team the user may read (`access.may_read`); else 404."""
    team = (
        Team.objects.select_related("district", "school", "host")
        .filter(pk=int_or_404(team_id))
        .first()
    )
    if team is None or not may_read(user, team):
        raise Http404
    return team


def district_team_get(*, district: District, team_id: int | str) -> Team:
    """A team of the district (its own or a school's); else 404."""
    team = with_counts(Team.objects.filter(district=district, pk=int_or_404(team_id))).first()
    if team is None:
        raise Http404
    return team


def school_team_get(*, school: School, team_id: int | str) -> Team:
    """A team of `school_teams`; else 404."""
    team = school_teams(school=school).filter(pk=int_or_404(team_id)).first()
    if team is None:
        raise Http404
    return team


@dataclass(frozen=True)
class MemberRow:
    """A member as the team shows them: nothing else of the teacher."""

    id: int
    teacher_id: int
    name: str
    school_id: int
    school_name: str
    role: str
    role_label: str
    joined_on: dt.date


def team_members(*, team: Team, school: School | None = None) -> list[MemberRow]:
    """The current members (the host first), read inside `team_scope`; with `school`,
    only that school's (a school's view of a district team)."""
    with team_scope(team):
        queryset = Member.objects.filter(team=team, left_on__isnull=True)
        if school is not None:
            queryset = queryset.filter(school=school)
        rows = list(
            queryset.order_by("role", "school__code", "teacher__name", "pk").values_list(
                "pk",
                "teacher_id",
                "teacher__name",
                "school_id",
                "school__name",
                "role",
                "joined_on",
            )
        )
    return [
        MemberRow(pk, teacher, name, school_id, school_name, role,
                  str(MemberRole(role).label), joined)
        for pk, teacher, name, school_id, school_name, role, joined in rows
    ]  # fmt: skip


def member_get(*, team: Team, member_id: int | str) -> Member:
    with team_scope(team):
        member = (
            Member.objects.filter(team=team, pk=int_or_404(member_id), left_on__isnull=True)
            .select_related("teacher", "team")
            .first()
        )
    if member is None:
        raise Http404
    return member


def team_themes(*, team: Team) -> list[Theme]:
    return list(Theme.objects.filter(team=team).order_by("started_on", "pk"))


def team_funding(*, team: Team) -> list[Funding]:
    return list(Funding.objects.filter(team=team).order_by("-granted_on", "-pk"))


def team_plans(*, team: Team) -> list[Plan]:
    return list(Plan.objects.filter(team=team).prefetch_related("files").order_by("kind", "-pk"))


def team_leads(*, team: Team) -> list[User]:
    """The users in the team's lead group."""
    users = get_user_model().objects.filter(groups__name=group_name(team, LEAD))
    return list(users.order_by("username"))


def lead_candidates(*, team: Team) -> list[Teacher]:
    """Teachers with a login who may lead the team: the school's, or the district's."""
    queryset = Teacher.objects.filter(
        district_id=team.district_id, user__isnull=False, is_active=True
    )
    if team.school_id is not None:
        queryset = queryset.filter(school_id=team.school_id)
    return list(queryset.select_related("user", "school").order_by("school__code", "name"))


def node_teachers(*, team: Team) -> list[Teacher]:
    """Teachers who may join: the school's for its team, the district's for the district's."""
    queryset = Teacher.objects.filter(district_id=team.district_id, is_active=True)
    if team.school_id is not None:
        queryset = queryset.filter(school_id=team.school_id)
    return list(queryset.select_related("school").order_by("school__code", "employee_no"))


def rules_of(*, district: District, school: School | None = None) -> QuerySet[StudioRules]:
    """XH26-A2P-4.1: the district's rules and its schools' (with `school`, only that
    school's), newest first."""
    queryset = StudioRules.objects.filter(district=district)
    if school is not None:
        queryset = queryset.filter(school=school)
    return queryset.select_related("school", "submitted_by", "reviewed_by").order_by(
        "school__code", "-created_at", "-pk"
    )


def rules_get(*, district: District, rules_id: int | str) -> StudioRules:
    rules = rules_of(district=district).filter(pk=int_or_404(rules_id)).first()
    if rules is None:
        raise Http404
    return rules


def district_teachers_by_ids(*, district: District, teacher_ids: list[int]) -> list[Teacher]:
    """Teachers of the district among the ids (foreign ids do not match)."""
    wanted = {int_or_404(pk) for pk in teacher_ids}
    return list(
        Teacher.objects.filter(district=district, pk__in=wanted)
        .select_related("school")
        .order_by("employee_no")
    )


def district_school(*, district: District, school_id: int | str) -> School | None:
    """A school of the district (None when not)."""
    return School.objects.filter(district=district, pk=int_or_404(school_id)).first()


def district_teachers(*, district: District) -> QuerySet[Teacher]:
    """The district's teachers in post (who may host a district team)."""
    return (
        Teacher.objects.filter(district=district, is_active=True)
        .select_related("school")
        .order_by("school__code", "employee_no")
    )


def school_teachers(*, school: School) -> QuerySet[Teacher]:
    """The school's teachers in post (who may host or join a school team)."""
    return (
        Teacher.objects.filter(school=school, is_active=True)
        .select_related("school")
        .order_by("employee_no")
    )
