"""Shapes the studios' evaluators share: a status from how many of the judged are
good, a bounded list of what is missing, and the data source fingerprint."""

from __future__ import annotations

from django.db.models import Count, Max, Q

from apps.compliance.models import ResultStatus
from apps.compliance.registry import data_source
from apps.studios.models import Member, Outcome, Plan, Session, StudioRules, Team, Theme
from apps.tenancy.models import District, School

MAX_NAMED = 30


def named(items: list[str]) -> list[str]:
    if len(items) <= MAX_NAMED:
        return items
    return [*items[:MAX_NAMED], f"……另有 {len(items) - MAX_NAMED} 项"]


def status_of(good: int, judged: int, *, some: bool | None = None) -> str:
    """Met when all judged are good, not met when none is (and nothing partial counts,
    `some`), else partly met."""
    if good == judged:
        return ResultStatus.MET
    if good == 0 and not some:
        return ResultStatus.NOT_MET
    return ResultStatus.PARTLY_MET


@data_source("studios")
def fingerprint(district: District, school_year: int, school: School | None = None) -> str:
    """Counts and last changes of the teams, members, themes, sessions, outcomes, plans
    and studio rules of the district — of one school and the district's own teams when
    `school` is given."""
    teams = Q(district=district)
    if school is not None:
        teams &= Q(school=school) | Q(school__isnull=True)
    team_ids = Team.objects.filter(teams).values("pk")
    rows = [
        Team.objects.filter(teams),
        Member.objects.filter(team_id__in=team_ids),
        Theme.objects.filter(team_id__in=team_ids),
        Session.objects.filter(team_id__in=team_ids),
        Outcome.objects.filter(team_id__in=team_ids),
        Plan.objects.filter(team_id__in=team_ids),
        StudioRules.objects.filter(teams),
    ]
    parts = []
    for queryset in rows:
        stats = queryset.aggregate(n=Count("id"), last=Max("updated_at"))
        parts.append(f"{stats['n']}:{stats['last']}")
    return "|".join(parts)
