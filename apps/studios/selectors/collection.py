"""The district's yearly outcome collection (成果集, XH26-A2P-4.3): the outcomes the
district took in (`promoted`) that were completed in the school year, by team, with a
table of contents; and the marker that says whether a collection already rendered is
still of the data as it is now (the report job's key)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Max

from apps.core.schoolyear import school_year as school_year_period
from apps.studios.models import Outcome, Team
from apps.tenancy.models import District


@dataclass
class CollectionEntry:
    number: str  # "1.2": team 1, its second outcome
    anchor: str
    title: str
    kind: str
    stage: str
    theme: str
    completed_on: Any
    summary: str
    course: str


@dataclass
class CollectionTeam:
    number: int
    anchor: str
    name: str
    kind: str
    level: str
    host: str
    school: str
    themes: list[str]
    entries: list[CollectionEntry] = field(default_factory=list)


def _outcomes(district: District, school_year: int) -> Any:
    period = school_year_period(school_year)
    return Outcome.objects.filter(
        team__district=district,
        promoted=True,
        completed_on__gte=period.start,
        completed_on__lte=period.end,
    )


def collection_marker(*, district: District, school_year: int) -> int:
    """A number that changes whenever an outcome of the collection is added, taken in or
    out, or edited (one aggregate query)."""
    period = school_year_period(school_year)
    found = Outcome.objects.filter(
        team__district=district, completed_on__gte=period.start, completed_on__lte=period.end
    ).aggregate(n=Count("id"), changed=Max("updated_at"))
    taken = list(_outcomes(district, school_year).values_list("id", flat=True).order_by("id"))
    text = f"{found['n']}|{found['changed']}|{taken}"
    return int(hashlib.sha256(text.encode()).hexdigest()[:15], 16)


def _course(outcome: Outcome) -> str:
    if not outcome.course_form:
        return ""
    return f"{outcome.get_course_form_display()} {outcome.course_hours} 学时"


def collection_teams(*, district: District, school_year: int) -> list[CollectionTeam]:
    """The collection's teams in order (district teams first, then by school code), each
    with its numbered entries: two queries."""
    outcomes = list(
        _outcomes(district, school_year)
        .select_related("theme")
        .order_by("team_id", "completed_on", "id")
    )
    team_ids = {o.team_id for o in outcomes}
    teams = (
        Team.objects.filter(pk__in=team_ids)
        .select_related("school", "host")
        .prefetch_related("themes")
        .order_by("school__code", "kind", "name", "id")
    )
    ordered = sorted(
        teams, key=lambda t: (t.school_id is not None, t.school.code if t.school else "", t.name)
    )
    by_team: dict[int, CollectionTeam] = {}
    for number, team in enumerate(ordered, start=1):
        by_team[team.pk] = CollectionTeam(
            number=number,
            anchor=f"team-{team.pk}",
            name=team.name,
            kind=team.get_kind_display(),
            level=team.level_label,
            host=team.host_display,
            school=team.school.name if team.school else district.name,
            themes=[t.title for t in team.themes.all()],
        )
    for outcome in outcomes:
        entry_team = by_team[outcome.team_id]
        entry_team.entries.append(
            CollectionEntry(
                number=f"{entry_team.number}.{len(entry_team.entries) + 1}",
                anchor=f"outcome-{outcome.pk}",
                title=outcome.title,
                kind=outcome.get_kind_display(),
                stage=outcome.get_stage_display(),
                theme=outcome.theme.title if outcome.theme else "",
                completed_on=outcome.completed_on,
                summary=outcome.summary,
                course=_course(outcome),
            )
        )
    return list(by_team.values())


COLLECTION_HEADERS = ("编号", "工作室/工作坊", "类型", "层级", "主持人", "所在单位", "成果名称",
                      "成果类型", "阶段", "研究主题", "完成日期", "课程", "成果简介")  # fmt: skip


def collection_rows(teams: list[CollectionTeam]) -> list[list[Any]]:
    return [
        [e.number, t.name, t.kind, t.level, t.host, t.school, e.title, e.kind, e.stage, e.theme,
         e.completed_on, e.course, e.summary]
        for t in teams
        for e in t.entries
    ]  # fmt: skip
