"""Which research sessions count (XH26-A2-1 / XH26-STUDIO-MONTHLY), by their structure:
the same rules for a school's sessions and a studio's (services.research explains them)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from apps.people.models import AssignmentRole
from apps.training.models import SpotCheckVerdict, TrainingActivity


def counting_research_sessions(
    sessions: QuerySet[TrainingActivity], params: dict[str, Any], school_year: int
) -> QuerySet[TrainingActivity]:
    """Of `sessions`, those that count: marked as a research session, on a theme of the
    pack's list (`params["modules"]`), attended by at least `params["min_homeroom_attendees"]`
    of the school year's homeroom teachers, and not marked 不计入 by a spot-check. One
    query when evaluated; no ordering."""
    sessions = sessions.filter(is_research_session=True).exclude(
        spot_check__verdict=SpotCheckVerdict.EXCLUDED
    )
    if params.get("modules"):
        sessions = sessions.filter(module__in=params["modules"])
    homeroom = Q(
        attendances__teacher__assignments__role=AssignmentRole.HOMEROOM,
        attendances__teacher__assignments__school_year=school_year,
    )
    return (
        sessions.annotate(homerooms=Count("attendances__teacher", filter=homeroom, distinct=True))
        .filter(homerooms__gte=int(params.get("min_homeroom_attendees") or 1))
        .order_by()
    )
