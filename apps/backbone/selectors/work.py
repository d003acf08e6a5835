"""The growth teams' work (xinbei-2023) — reads: the members' character projects and the
teams' research collections (XB-PROJECT), the district's showcases (XB-SHOWCASE), the
teams' schemes and yearly plans (XB-PLAN) and the "三名" column (XB-RADIATE); the
report rows of a school (its members' five ones and projects) and of a district
(showcases, collections and plans per team). Every read is scoped to a district or a
school first; a row of another is not found (404 in the views)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from apps.backbone.models import (
    AdmissionStatus,
    BackboneFileData,
    CharacterProject,
    Collection,
    GrowthMember,
    GrowthTeam,
    PoolStatus,
    RadiatePost,
    Showcase,
    TeamPlan,
    Tier,
)
from apps.core.schoolyear import school_year, today
from apps.people.models import Teacher
from apps.tenancy.models import District, School

from .five import five_rows, five_rules


def district_teams(*, district: District) -> QuerySet[GrowthTeam]:
    return GrowthTeam.objects.filter(district=district).select_related("leader", "leader_school")


def district_team_get(*, district: District, team_id: int | str) -> GrowthTeam:
    team = district_teams(district=district).filter(pk=team_id).first()
    if team is None:
        raise Http404
    return team


def active_members(*, on: dt.date) -> Q:
    """Confirmed by `on` and not left before it."""
    return Q(status=AdmissionStatus.CONFIRMED, confirmed_on__lte=on) & (
        Q(left_on__isnull=True) | Q(left_on__gt=on)
    )


def team_members(*, team: GrowthTeam, on: dt.date) -> QuerySet[GrowthMember]:
    return (
        GrowthMember.objects.filter(team=team)
        .filter(active_members(on=on))
        .select_related("teacher", "school")
        .order_by("school__code", "teacher__name", "id")
    )


def school_members(*, school: School, on: dt.date) -> QuerySet[GrowthMember]:
    return (
        GrowthMember.objects.filter(school=school)
        .filter(active_members(on=on))
        .select_related("teacher", "team")
        .order_by("team__name", "teacher__name", "id")
    )


def school_member_get(*, school: School, member_id: int | str, on: dt.date) -> GrowthMember:
    member = school_members(school=school, on=on).filter(pk=member_id).first()
    if member is None:
        raise Http404
    return member


def team_projects(*, team: GrowthTeam) -> QuerySet[CharacterProject]:
    return CharacterProject.objects.filter(team=team).select_related("teacher", "school")


def school_projects(*, school: School) -> QuerySet[CharacterProject]:
    return CharacterProject.objects.filter(school=school).select_related("teacher", "team")


def district_projects(*, district: District) -> QuerySet[CharacterProject]:
    """XB-PROJECT: every character project of the district, newest first."""
    return (
        CharacterProject.objects.filter(district=district)
        .select_related("teacher", "school", "team")
        .order_by("-started_on", "-id")
    )


def team_collections(*, team: GrowthTeam) -> QuerySet[Collection]:
    return Collection.objects.filter(team=team).select_related("file")


def team_collection_file(*, team: GrowthTeam, collection_id: int | str) -> tuple[Any, bytes]:
    """A collection's stored file and its bytes (404 when not the team's or no file)."""
    found = team_collections(team=team).filter(pk=collection_id, file__isnull=False).first()
    if found is None or found.file is None:
        raise Http404
    data = BackboneFileData.objects.filter(file=found.file).values_list("data", flat=True).first()
    if data is None:
        raise Http404
    return found.file, bytes(data)


def team_plans(*, team: GrowthTeam) -> QuerySet[TeamPlan]:
    return TeamPlan.objects.filter(team=team)


def district_showcases(*, district: District) -> QuerySet[Showcase]:
    teams = Prefetch("teams", queryset=GrowthTeam.objects.order_by("name"))
    return Showcase.objects.filter(district=district).prefetch_related(teams)


def showcases_by_year(*, district: District) -> dict[int, int]:
    rows = Showcase.objects.filter(district=district).values_list("held_on", flat=True)
    found: dict[int, int] = defaultdict(int)
    for held_on in rows:
        found[held_on.year] += 1
    return dict(found)


def district_posts(*, district: District, school: School | None = None) -> QuerySet[RadiatePost]:
    rows = RadiatePost.objects.filter(district=district).select_related("teacher", "school")
    return rows if school is None else rows.filter(school=school)


def posts_by_reach(*, district: District) -> dict[str, int]:
    rows = RadiatePost.objects.filter(district=district).values("reach").annotate(n=Count("id"))
    return {r["reach"]: r["n"] for r in rows.order_by()}


def tier1_projects(*, district: District, on: dt.date, school_ids: list[int] | None) -> Any:
    """XB-PROJECT: the tier-1 members active on `on` (of the given schools) with the number
    of projects each undertook by then — two queries."""
    members = GrowthMember.objects.filter(district=district, team__tier=Tier.TIER1).filter(
        active_members(on=on)
    )
    if school_ids is not None:
        members = members.filter(school_id__in=school_ids)
    members = members.select_related("teacher", "team").order_by("teacher__name", "id")
    projects = CharacterProject.objects.filter(district=district, started_on__lte=on).filter(
        teacher_id__in=members.values("teacher_id")
    )
    counts = dict(
        projects.values("teacher_id").annotate(n=Count("id")).values_list("teacher_id", "n")
    )
    return [(member, counts.get(member.teacher_id, 0)) for member in members]


SCHOOL_REPORT_HEADERS = ["教师", "身份", "五个一完成情况", "缺项", "品格提升工程项目数"]
DISTRICT_REPORT_HEADERS = [
    "团队",
    "梯队",
    "领衔人",
    "研究专辑",
    "培育方案与年度计划",
    "参加成果展示",
]


def school_report_rows(*, school: School, year: int) -> list[list[Any]]:
    """The school's famous teachers and members: their five ones in `year` and projects."""
    district = school.district
    rules = five_rules(district=district)
    if rules is None:
        return []
    rows = five_rows(district=district, year=year, rules=rules, school_ids=[school.pk])
    projects = dict(
        CharacterProject.objects.filter(school=school, started_on__lte=school_year(year).end)
        .values("teacher_id")
        .annotate(n=Count("id"))
        .values_list("teacher_id", "n")
    )
    return [
        [r.name, "、".join(r.roles), "已完成" if r.complete else "未完成", "、".join(r.missing),
         projects.get(r.teacher_id, 0)]
        for r in rows
    ]  # fmt: skip


def district_report_rows(*, district: District, year: int) -> list[list[Any]]:
    """Per team: its collections, plans and showcases of the calendar year `year`."""
    teams = district_teams(district=district).annotate(
        n_collections=Count("collections", filter=Q(collections__year=year), distinct=True),
        n_plans=Count("plans", distinct=True),
        n_showcases=Count("showcases", filter=Q(showcases__held_on__year=year), distinct=True),
    )
    return [
        [t.name, t.get_tier_display(), t.leader.name, t.n_collections, t.n_plans, t.n_showcases]
        for t in teams.order_by("tier", "name")
    ]


__all__ = [
    "DISTRICT_REPORT_HEADERS",
    "SCHOOL_REPORT_HEADERS",
    "active_members",
    "district_posts",
    "district_projects",
    "district_report_rows",
    "district_showcases",
    "district_team_get",
    "district_teams",
    "posts_by_reach",
    "school_member_get",
    "school_members",
    "school_projects",
    "school_report_rows",
    "school_work_teachers",
    "showcases_by_year",
    "team_collection_file",
    "team_collections",
    "team_members",
    "team_plans",
    "team_projects",
    "tier1_projects",
]


def school_work_teachers(*, school: School) -> list[Any]:
    """The school's famous homeroom teachers (elected) and active members, by name."""
    members = GrowthMember.objects.filter(active_members(on=today())).values("teacher_id")
    famous = Q(pool_entries__status=PoolStatus.ELECTED)
    return list(
        Teacher.objects.filter(school=school)
        .filter(Q(pk__in=members) | famous)
        .distinct()
        .order_by("name", "id")
    )
