"""Reads of the admissions to growth teams (XB-MEMBER): who may join a tier (years as
homeroom teacher, the tier-1 honours "及以上", a homeroom class this school year), the
queues of each step and a teacher's own applications."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db.models import Q, QuerySet

from apps.backbone.models import AdmissionStatus, GrowthMember, GrowthTeam, Tier
from apps.core.schoolyear import full_years_between, school_year_of
from apps.people.models import AssignmentRole, HomeroomAssignment, Teacher
from apps.tenancy.models import District, School

from .teams import holds_at_least

ACTIVE = [AdmissionStatus.APPLIED, AdmissionStatus.RECOMMENDED, AdmissionStatus.SELECTED,
          AdmissionStatus.APPROVED]  # fmt: skip
DISTRICT_STEPS = [AdmissionStatus.RECOMMENDED, AdmissionStatus.SELECTED, AdmissionStatus.APPROVED]


def homeroom_years_of(teacher_ids: Iterable[int]) -> dict[int, set[int]]:
    """{teacher id: school years in which they held a homeroom class} — one query."""
    found: dict[int, set[int]] = defaultdict(set)
    rows = HomeroomAssignment.objects.filter(
        teacher_id__in=list(teacher_ids), role=AssignmentRole.HOMEROOM
    ).values_list("teacher_id", "school_year")
    for teacher_id, year in rows:
        found[teacher_id].add(year)
    return found


def honour_qualifies(held: set[str], params: dict[str, Any]) -> bool:
    """Tier 1: one of the pack's honours, or a title ranked above one of them (及以上)."""
    ranks = list(params["homeroom_title_ranks"])
    return any(holds_at_least(held, h, ranks) for h in params["tier1_member_honours"])


def member_condition_errors(
    *, teacher: Teacher, tier: str, on: dt.date, params: dict[str, Any],
    held: set[str], homeroom_years: set[int], homeroom_year: int | None = None,
) -> list[str]:  # fmt: skip
    """The XB-MEMBER conditions `teacher` misses for `tier` on `on`, each named: the years
    and honours on `on`; a homeroom class in `homeroom_year` (现任班主任: the school year
    of `on` when applying; the judged year for a member already in a team)."""
    errors = []
    if (homeroom_year or school_year_of(on)) not in homeroom_years:
        errors.append(f"{teacher.name}本学年不是现任班主任")
    key = "tier1_member_min_homeroom_years" if tier == Tier.TIER1 else (
        "tier2_member_min_homeroom_years")  # fmt: skip
    wanted = int(params[key])
    years = full_years_between(teacher.homeroom_since, on)
    if years < wanted:
        errors.append(f"{teacher.name}班主任工作年限{years}年，不满{wanted}年")
    if tier == Tier.TIER1 and not honour_qualifies(held, params):
        names = "、".join(params["tier1_member_honours"])
        errors.append(f"{teacher.name}未获得{names}（及以上）之一")
    return errors


def team_admissions(*, team: GrowthTeam) -> QuerySet[GrowthMember]:
    return (
        GrowthMember.objects.filter(team=team)
        .select_related("teacher", "school", "replaces__teacher")
        .order_by("status", "applied_on", "id")
    )


def member_of_district(*, district: District, member_id: int) -> GrowthMember | None:
    return (
        GrowthMember.objects.filter(district=district, pk=member_id)
        .select_related("team", "teacher", "school")
        .first()
    )


def member_of_school(*, school: School, member_id: int) -> GrowthMember | None:
    return (
        GrowthMember.objects.filter(school=school, pk=member_id)
        .select_related("team", "teacher", "school")
        .first()
    )


def school_queue(*, school: School) -> QuerySet[GrowthMember]:
    """The school's admissions and members (the leader recommends the applied ones)."""
    return (
        GrowthMember.objects.filter(school=school)
        .select_related("team", "teacher")
        .order_by("status", "applied_on", "id")
    )


def own_admissions(*, teachers: Iterable[Teacher]) -> QuerySet[GrowthMember]:
    return (
        GrowthMember.objects.filter(teacher__in=list(teachers))
        .select_related("team", "school")
        .order_by("-applied_on", "id")
    )


def district_members(*, district: District) -> QuerySet[GrowthMember]:
    return (
        GrowthMember.objects.filter(district=district)
        .select_related("team", "teacher", "school")
        .order_by("team__tier", "team__name", "status", "id")
    )


def vacancies(*, team: GrowthTeam) -> QuerySet[GrowthMember]:
    """Members who left and whose place no admission refills yet."""
    return (
        GrowthMember.objects.filter(team=team, left_on__isnull=False)
        .exclude(replaced_by__status__in=[*ACTIVE, AdmissionStatus.CONFIRMED])
        .select_related("teacher")
    )


def waiting_admissions(
    *, school_ids: Iterable[int] = (), district_ids: Iterable[int] = (), statuses: Iterable[str]
) -> QuerySet[GrowthMember]:
    """Admissions at one of `statuses` in those schools or districts, still open (for the
    待办: who has a step to take), with their events; two queries."""
    scope = Q(school_id__in=list(school_ids)) | Q(district_id__in=list(district_ids))
    return (
        GrowthMember.objects.filter(scope, status__in=list(statuses), left_on__isnull=True)
        .select_related("team", "teacher", "school")
        .prefetch_related("events")
        .order_by("applied_on", "id")
    )
