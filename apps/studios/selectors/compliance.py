"""Reads the studios' evaluators make (XH26-A2-2, XH26-STUDIO-MONTHLY, XH26-A2P-4.1…4.3,
XB23-WORKSHOP): each answers for many schools in one query.

Which school a team counts for: a school's team counts for its school; a district team
(school null) counts for its host's school (`owner_school_id`) — a district workshop
hosted by a teacher of school A is A's workshop (XB23-WORKSHOP). A team hosted by an
institute researcher with no school counts for none.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce

from apps.studios.models import (
    MemberRole,
    Outcome,
    OutcomeKind,
    OutcomeStage,
    Plan,
    PlanKind,
    StudioRules,
    Team,
    TeamKind,
)
from apps.tenancy.models import District
from apps.training.models import TrainingActivity
from apps.training.selectors import counting_research_sessions


def school_studios(*, school_ids: Iterable[int]) -> QuerySet[Team]:
    """The schools' active school-level studios, with their host, the number of active
    members (the host aside), of themes and of staged outcomes."""
    active_member = Q(members__left_on__isnull=True, members__role=MemberRole.MEMBER)
    return (
        Team.objects.filter(kind=TeamKind.STUDIO, school_id__in=list(school_ids))
        .active()
        .select_related("host")
        .annotate(
            member_count=Count("members", filter=active_member, distinct=True),
            theme_count=Count("themes", distinct=True),
            staged_count=Count(
                "outcomes", filter=Q(outcomes__stage=OutcomeStage.STAGED), distinct=True
            ),
        )
        .order_by("school_id", "name", "id")
    )


def studio_session_days(
    *, team_ids: Iterable[int], start: dt.date, end: dt.date, params: dict[str, Any], year: int
) -> list[tuple[int, dt.date]]:
    """(team id, day) of the teams' sessions between the days that count as research
    sessions — the same structural rules as a school's (`counting_research_sessions`)."""
    sessions = TrainingActivity.objects.filter(
        team_session__team_id__in=list(team_ids), date__gte=start, date__lte=end
    )
    rows = counting_research_sessions(sessions, params, year).values_list(
        "team_session__team_id", "date"
    )
    return list(rows)


def rules_statuses(
    *, district: District, school_ids: Iterable[int]
) -> list[tuple[int | None, str]]:
    """(school id or None for the district's own, status) of every set of studio rules
    (XH26-A2P-4.1) of the district and the schools."""
    return list(
        StudioRules.objects.filter(district=district)
        .filter(Q(school_id__in=list(school_ids)) | Q(school__isnull=True))
        .values_list("school_id", "status")
    )


def promoted_outcomes(
    *, school_ids: Iterable[int], start: dt.date, end: dt.date
) -> list[tuple[int, str, str]]:
    """(owner school id, outcome title, studio name) of the studios' outcomes completed
    between the days and taken into the district's 成果集 (XH26-A2P-4.3)."""
    return list(
        Outcome.objects.filter(
            promoted=True,
            team__kind=TeamKind.STUDIO,
            completed_on__gte=start,
            completed_on__lte=end,
        )
        .annotate(owner=Coalesce("team__school_id", "team__host__school_id"))
        .filter(owner__in=list(school_ids))
        .order_by("owner", "-completed_on", "id")
        .values_list("owner", "title", "team__name")
    )


def owned_workshops(*, district: District, school_ids: Iterable[int]) -> QuerySet[Team]:
    """The workshops counting for the schools (see the module's docstring), each with
    `owner_school_id` and `has_report` (a project report, Plan kind=report)."""
    report = Plan.objects.filter(team=OuterRef("pk"), kind=PlanKind.REPORT)
    return (
        Team.objects.filter(district=district, kind=TeamKind.WORKSHOP)
        .annotate(owner_school_id=Coalesce("school_id", "host__school_id"))
        .filter(owner_school_id__in=list(school_ids))
        .annotate(has_report=Exists(report))
        .order_by("owner_school_id", "name", "id")
    )


def course_hours(*, district: District) -> list[tuple[int, str, Any]]:
    """(team id, course form, hours) of the course outcomes of the district's workshops
    (one query, whether or not the run's schools host any)."""
    return list(
        Outcome.objects.filter(
            team__district=district, team__kind=TeamKind.WORKSHOP, kind=OutcomeKind.COURSE
        )
        .order_by()
        .values_list("team_id", "course_form", "course_hours")
    )
