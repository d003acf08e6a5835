"""Reads of a team's outcomes and their files, for the team's pages and API: the team is
fetched for a user who may read it (else 404, "not yours" = "does not exist"). Outcomes
and files carry no school of their own (no row-level security): read without widening."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from apps.core.web import int_or_404
from apps.studios.models import Outcome, Team, TeamFile, TeamFileData


def team_outcomes(*, team: Team) -> QuerySet[Outcome]:
    """The team's outcomes, newest first, with their theme and files (three queries)."""
    files = Prefetch("files", queryset=TeamFile.objects.order_by("created_at", "id"))
    return (
        Outcome.objects.filter(team=team)
        .select_related("theme", "recorded_by")
        .prefetch_related(files)
        .order_by("-completed_on", "-id")
    )


def team_outcome_get(*, team: Team, outcome_id: int | str) -> Outcome:
    """One of the team's outcomes (404 when not the team's)."""
    found = Outcome.objects.filter(team=team, pk=int_or_404(outcome_id)).first()
    if found is None:
        raise Http404
    return found


def outcome_file_get(*, team: Team, file_id: int | str) -> tuple[TeamFile, bytes]:
    """A file of one of the team's outcomes with its bytes (404 when not there)."""
    stored = TeamFile.objects.filter(
        team=team, outcome__isnull=False, pk=int_or_404(file_id)
    ).first()
    if stored is None:
        raise Http404
    data = TeamFileData.objects.filter(file=stored).values_list("data", flat=True).first()
    if data is None:
        raise Http404
    return stored, bytes(data)
