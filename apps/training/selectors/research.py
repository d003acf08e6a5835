"""Reads for the district's spot-checks of research sessions (XH26-A2-1): the schools'
recorded sessions of a school year with their homeroom attendance and verdict."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from apps.core.schoolyear import school_year as school_year_period
from apps.core.web import int_or_404
from apps.people.models import AssignmentRole
from apps.tenancy.models import District
from apps.training.models import SessionSpotCheck, TrainingActivity


def research_sessions(
    *, district: District, school_year: int, school_id: int | None = None
) -> QuerySet[TrainingActivity]:
    """The district's schools' research sessions of the year, newest first, each with
    `homerooms` (the year's homeroom teachers who attended) and its spot-check."""
    period = school_year_period(school_year)
    queryset = TrainingActivity.objects.filter(
        district=district,
        school__isnull=False,
        is_research_session=True,
        date__gte=period.start,
        date__lte=period.end,
    )
    if school_id is not None:
        queryset = queryset.filter(school_id=school_id)
    homeroom = Q(
        attendances__teacher__assignments__role=AssignmentRole.HOMEROOM,
        attendances__teacher__assignments__school_year=school_year,
    )
    return (
        queryset.annotate(homerooms=Count("attendances__teacher", filter=homeroom, distinct=True))
        .select_related("school", "spot_check", "spot_check__checked_by")
        .order_by("-date", "-id")
    )


def research_session_get(*, district: District, activity_id: int | str) -> TrainingActivity:
    queryset = TrainingActivity.objects.filter(
        district=district, school__isnull=False, is_research_session=True
    ).select_related("school")
    return get_object_or_404(queryset, pk=int_or_404(activity_id))


def spot_check_of(*, activity: TrainingActivity) -> SessionSpotCheck | None:
    """The verdict the school sees on its session (None when not spot-checked)."""
    return SessionSpotCheck.objects.filter(activity=activity).select_related("checked_by").first()
