"""XB23-COHORT / XB23-TASKS reads: the district's cohorts, their members (of the district,
of a school, of a teacher), the manual task entries, and the pack's reading of the tasks
for a cohort (`cohort_rules`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from apps.backbone.models import (
    BackboneFile,
    BackboneMember,
    Cohort,
    DevelopmentPlan,
    EntryStatus,
    TaskEntry,
)
from apps.compliance import packs as pack_data
from apps.core.schoolyear import school_year_of
from apps.people.models import Teacher
from apps.tenancy.models import District, School

from .progress import Progress, progress_of

BACKBONE_PACKS = ("xuhui-backbone-2023",)
TASK_KEYS = (
    "cohort_start",
    "cohort_end",
    "cohort_school_years",
    "task1_attendance_share",
    "leader_exchange_per_year",
    "leader_district_exchange_per_cohort",
    "backbone_exchange_per_year",
    "leader_guided_teams_per_year",
    "leader_guided_teachers_per_year",
    "backbone_guided_teachers_per_year",
    "leader_papers_per_cohort",
    "leader_paper_level",
    "backbone_papers_per_cohort",
    "backbone_paper_level",
    "leader_online_courses_per_cohort",
    "backbone_online_courses_per_cohort",
    "backbone_school_courses_per_cohort",
)


def district_cohorts(*, district: District) -> QuerySet[Cohort]:
    return (
        Cohort.objects.filter(district=district)
        .annotate(n_members=Count("members", filter=Q(members__left_on__isnull=True)))
        .order_by("-starts_on", "pk")
    )


def cohort_get(*, district: District, cohort_id: int) -> Cohort:
    return get_object_or_404(Cohort, district=district, pk=cohort_id)


def pack_cohort(*, district: District, pack: str, starts_on: Any, ends_on: Any) -> Cohort | None:
    """The district's cohort under `pack` with the pack's dates (the latest if several)."""
    return (
        Cohort.objects.filter(district=district, pack=pack, starts_on=starts_on, ends_on=ends_on)
        .order_by("-pk")
        .first()
    )


def cohort_rules(cohort: Cohort) -> dict[str, Any]:
    """The cohort's pack parameters (district overrides applied) that judge its tasks,
    the cohort's own dates in place of the pack's."""
    values = pack_data.resolved_parameters(cohort.district, pack_data.active_packs(cohort.district))
    found = dict(values.get(cohort.pack, {}))
    rules = {key: found.get(key) for key in TASK_KEYS}
    rules["cohort_start"], rules["cohort_end"] = cohort.starts_on, cohort.ends_on
    first, last = cohort.starts_on, cohort.ends_on
    if not rules["cohort_school_years"]:
        rules["cohort_school_years"] = list(range(school_year_of(first), school_year_of(last) + 1))
    return rules


def has_task_rules(rules: dict[str, Any]) -> bool:
    return all(rules.get(key) is not None for key in TASK_KEYS)


def cohort_members(
    *, cohort: Cohort, school_id: int | None = None, category: str = "", current: bool = False
) -> QuerySet[BackboneMember]:
    rows = BackboneMember.objects.filter(cohort=cohort)
    if school_id:
        rows = rows.filter(school_id=school_id)
    if category:
        rows = rows.filter(category=category)
    if current:
        rows = rows.filter(left_on__isnull=True)
    return rows.select_related("teacher", "school", "development_plan").order_by(
        "school__code", "category", "teacher__name", "pk"
    )


def member_get(*, cohort: Cohort, member_id: int) -> BackboneMember:
    return get_object_or_404(cohort_members(cohort=cohort), pk=member_id)


def school_members(*, school: School) -> QuerySet[BackboneMember]:
    """The school's members of every cohort (the latest cohort first)."""
    return (
        BackboneMember.objects.filter(school=school)
        .select_related("teacher", "cohort", "cohort__district", "development_plan")
        .order_by("-cohort__starts_on", "category", "teacher__name", "pk")
    )


def school_member_get(*, school: School, member_id: int) -> BackboneMember:
    return get_object_or_404(school_members(school=school), pk=member_id)


def teacher_members(*, user: Any) -> QuerySet[BackboneMember]:
    """The user's own memberships (every stint of theirs with a login)."""
    return (
        BackboneMember.objects.filter(teacher__user=user)
        .select_related("teacher", "cohort", "cohort__district", "school", "development_plan")
        .order_by("-cohort__starts_on", "-joined_on", "pk")
    )


def teacher_member_get(*, user: Any, member_id: int) -> BackboneMember:
    return get_object_or_404(teacher_members(user=user).filter(left_on__isnull=True), pk=member_id)


def district_teachers(*, district: District) -> QuerySet[Teacher]:
    return (
        Teacher.objects.filter(district=district, ended_on__isnull=True)
        .select_related("school")
        .order_by("school__code", "name")
    )


def open_stints_of(*, member: BackboneMember) -> QuerySet[Teacher]:
    """The other open stints of the member's person (where a transfer can go)."""
    return (
        Teacher.objects.filter(
            person_key=member.teacher.person_key, ended_on__isnull=True, district=member.district_id
        )
        .exclude(pk=member.teacher_id)
        .select_related("school")
    )


def member_entries(*, member: BackboneMember) -> QuerySet[TaskEntry]:
    return TaskEntry.objects.filter(member=member).select_related("file").order_by("-date", "-pk")


def school_pending_entries(*, school: School) -> QuerySet[TaskEntry]:
    return (
        TaskEntry.objects.filter(school=school, status=EntryStatus.SUBMITTED)
        .select_related("member__teacher", "file")
        .order_by("date", "pk")
    )


def school_entry_get(*, school: School, entry_id: int) -> TaskEntry:
    return get_object_or_404(
        TaskEntry.objects.filter(school=school).select_related("member__teacher"), pk=entry_id
    )


def entry_file(*, entry: TaskEntry) -> tuple[BackboneFile, bytes]:
    stored = entry.file
    return stored, bytes(stored.data.data)


def member_plan(*, member: BackboneMember) -> DevelopmentPlan | None:
    return DevelopmentPlan.objects.filter(member=member).first()


def members_progress(
    *, cohort: Cohort, members: QuerySet[BackboneMember], as_of: dt.date
) -> dict[int, Progress]:
    """Progress of the cohort's `members` against its pack (empty when the cohort's pack
    does not define the tasks)."""
    rules = cohort_rules(cohort)
    if not has_task_rules(rules):
        return {}
    return progress_of(members=members, cohort=cohort, rules=rules, as_of=as_of)


def progress_for_members(*, members: list[BackboneMember], as_of: dt.date) -> dict[int, Progress]:
    """Progress of members of any cohorts, one computation per cohort."""
    found: dict[int, Progress] = {}
    for cohort in {m.cohort for m in members}:
        ids = [m.pk for m in members if m.cohort_id == cohort.pk]
        rows = BackboneMember.objects.filter(pk__in=ids)
        found |= members_progress(cohort=cohort, members=rows, as_of=as_of)
    return found


def pending_entries_in(*, school_ids: set[int], packs: tuple[str, ...]) -> QuerySet[TaskEntry]:
    """The waiting entries of the schools, in districts holding one of the packs."""
    return (
        TaskEntry.objects.filter(school_id__in=school_ids, status=EntryStatus.SUBMITTED)
        .filter(member__cohort__pack__in=packs, school__closed_at__isnull=True)
        .filter(district__policy_packs__overlap=list(packs))
        .select_related("member__teacher")
        .order_by("date", "pk")
    )


def teacher_members_of(*, user_ids: set[int], packs: tuple[str, ...]) -> QuerySet[BackboneMember]:
    """The current memberships of these teachers' logins, in cohorts under the packs."""
    return (
        BackboneMember.objects.filter(teacher__user_id__in=user_ids, left_on__isnull=True)
        .filter(cohort__pack__in=packs, district__policy_packs__overlap=list(packs))
        .select_related("teacher", "cohort", "cohort__district")
        .order_by("pk")
    )


def district_members(
    *, district: District, school_id: int | None = None, category: str = ""
) -> QuerySet[BackboneMember]:
    """The district's members of every cohort (`school_id`, `category` filter)."""
    rows = BackboneMember.objects.filter(cohort__district=district)
    if school_id:
        rows = rows.filter(school_id=school_id)
    if category:
        rows = rows.filter(category=category)
    return rows.select_related("teacher", "school", "cohort").order_by(
        "-cohort__starts_on", "school__code", "category", "teacher__name", "pk"
    )
