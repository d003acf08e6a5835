"""Reads of people data. Every selector takes its scope as a keyword argument; there is no
unscoped "list all". Lookups of a single row return 404 when the row is not in the scope."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db.models import (
    Count,
    F,
    IntegerField,
    Model,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from apps.core.schoolyear import full_years_between
from apps.core.web import int_or_404
from apps.tenancy.models import District, School

from .models import (
    CERTIFICATE_RANK,
    DEPUTY_ROLES,
    AssignmentRole,
    HomeroomAssignment,
    RosterImport,
    SchoolClass,
    Teacher,
)

if TYPE_CHECKING:
    from apps.accounts.models import User


def teacher_list(
    *, school: School, search: str = "", active: bool | None = True
) -> QuerySet[Teacher]:
    queryset = Teacher.objects.for_school(school)
    if active is not None:
        queryset = queryset.filter(is_active=active)
    if search:
        queryset = queryset.filter(Q(name__icontains=search) | Q(employee_no__icontains=search))
    return queryset.order_by("employee_no")


def teacher_get(*, school: School, teacher_id: int | str) -> Teacher:
    return get_object_or_404(Teacher.objects.for_school(school), pk=int_or_404(teacher_id))


# --------------------------------------------------------------------------- stints


def earlier_stints(*, teacher: Teacher) -> QuerySet[Teacher]:
    """The person's stints that ended before this one began, latest first, with their
    schools: what the archive lists as "earned at" (ADR 0012)."""
    if teacher.started_on is None:
        return Teacher.objects.none()
    return (
        Teacher.objects.filter(
            person_key=teacher.person_key, ended_on__isnull=False, ended_on__lte=teacher.started_on
        )
        .exclude(pk=teacher.pk)
        .select_related("school")
        .order_by("-ended_on", "-id")
    )


def earlier_stint_ids(*, teacher_ids: Iterable[int]) -> dict[int, list[int]]:
    """{stint id: ids of the same person's earlier stints} for those of `teacher_ids`
    that have any, in two queries whatever their number: a person's totals add them."""
    later = list(
        Teacher.objects.filter(pk__in=list(teacher_ids), started_on__isnull=False).values_list(
            "id", "person_key", "started_on"
        )
    )
    if not later:
        return {}
    earlier: dict[object, list[tuple[int, dt.date | None]]] = defaultdict(list)
    for stint_id, person_key, ended_on in Teacher.objects.filter(
        person_key__in={person_key for _id, person_key, _on in later}, ended_on__isnull=False
    ).values_list("id", "person_key", "ended_on"):
        earlier[person_key].append((stint_id, ended_on))
    found = {
        stint_id: [
            e
            for e, ended_on in earlier[person_key]
            if e != stint_id and ended_on is not None and on is not None and ended_on <= on
        ]
        for stint_id, person_key, on in later
    }
    return {stint_id: ids for stint_id, ids in found.items() if ids}


def class_list(*, school: School, school_year: int | None = None) -> QuerySet[SchoolClass]:
    queryset = SchoolClass.objects.for_school(school)
    if school_year is not None:
        queryset = queryset.filter(school_year=school_year)
    return queryset.order_by("-school_year", "grade", "name")


def class_get(*, school: School, class_id: int | str) -> SchoolClass:
    return get_object_or_404(SchoolClass.objects.for_school(school), pk=int_or_404(class_id))


def class_list_with_staff(*, school: School, school_year: int) -> QuerySet[SchoolClass]:
    """Classes of a year with their assignments prefetched (two queries in all)."""
    return class_list(school=school, school_year=school_year).prefetch_related(
        _assignments_prefetch()
    )


def _assignments_prefetch() -> Prefetch[str, QuerySet[HomeroomAssignment]]:
    return Prefetch(
        "assignments",
        queryset=HomeroomAssignment.objects.select_related("teacher").order_by("role"),
    )


def assignment_list(
    *, school: School, school_year: int | None = None, role: str | None = None
) -> QuerySet[HomeroomAssignment]:
    queryset = HomeroomAssignment.objects.for_school(school).select_related(
        "teacher", "school_class"
    )
    if school_year is not None:
        queryset = queryset.filter(school_year=school_year)
    if role:
        queryset = queryset.filter(role=role)
    return queryset.order_by("-school_year", "school_class__grade", "school_class__name", "role")


def assignment_get(*, school: School, assignment_id: int | str) -> HomeroomAssignment:
    return get_object_or_404(
        HomeroomAssignment.objects.for_school(school).select_related("teacher", "school_class"),
        pk=int_or_404(assignment_id),
    )


def teacher_assignments(*, teacher: Teacher) -> QuerySet[HomeroomAssignment]:
    return (
        HomeroomAssignment.objects.for_school(teacher.school)
        .filter(teacher=teacher)
        .select_related("school_class")
        .order_by("-school_year", "role")
    )


def _count(queryset: QuerySet[Model], **filters: object) -> Coalesce:
    """A correlated COUNT subquery per school (one query for any number of schools)."""
    counted = (
        queryset.filter(school=OuterRef("pk"), **filters)
        .order_by()
        .values("school")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def schools_with_head_counts(*, district: District, school_year: int) -> QuerySet[School]:
    """The district's open schools with head counts for a school year, in one query (a
    closed school leaves the list; its records stay)."""
    assignments = HomeroomAssignment.objects.filter(school_year=school_year)
    return (
        School.objects.filter(district=district, closed_at__isnull=True)
        .select_related("education_group")
        .annotate(
            teacher_count=_count(Teacher.objects.all(), is_active=True),
            class_count=_count(SchoolClass.objects.filter(school_year=school_year)),
            homeroom_count=_count(assignments, role=AssignmentRole.HOMEROOM),
            deputy_count=_count(assignments, role__in=DEPUTY_ROLES),
        )
        .annotate(uncovered_count=F("class_count") - F("homeroom_count"))
        .order_by("code")
    )


def school_summary(*, school: School, school_year: int) -> dict[str, int]:
    """Head counts of one school for its home page."""
    classes = SchoolClass.objects.for_school(school).filter(school_year=school_year)
    assignments = HomeroomAssignment.objects.for_school(school).filter(school_year=school_year)
    return {
        "teachers": Teacher.objects.for_school(school).filter(is_active=True).count(),
        "classes": classes.count(),
        "classes_without_homeroom": classes.exclude(
            assignments__role=AssignmentRole.HOMEROOM
        ).count(),
        "homeroom": assignments.filter(role=AssignmentRole.HOMEROOM).count(),
        "deputy_training": assignments.filter(role=AssignmentRole.DEPUTY_TRAINING).count(),
        "deputy_expert": assignments.filter(role=AssignmentRole.DEPUTY_EXPERT).count(),
    }


def classes_without_homeroom(*, school: School, school_year: int) -> QuerySet[SchoolClass]:
    return class_list(school=school, school_year=school_year).exclude(
        assignments__role=AssignmentRole.HOMEROOM
    )


def teacher_records_of(*, user: User) -> QuerySet[Teacher]:
    """The teacher records linked to a user's account, for their own space."""
    return (
        Teacher.objects.filter(
            user=user,
            school__memberships__user=user,
            school__memberships__role="teacher",
            school__memberships__is_active=True,
        )
        .select_related("school", "district")
        .distinct()
    )


def roster_import_list(*, school: School) -> QuerySet[RosterImport]:
    return (
        RosterImport.objects.for_school(school)
        .defer("file_data")
        .select_related("created_by")
        .order_by("-created_at")
    )


def roster_import_get(*, school: School, job_id: int | str) -> RosterImport:
    return get_object_or_404(roster_import_list(school=school), pk=int_or_404(job_id))


def district_school_list(*, district: District) -> QuerySet[School]:
    return School.objects.filter(district=district).order_by("code")


def district_school_get(*, district: District, school_id: int | str) -> School:
    return get_object_or_404(
        School.objects.filter(district=district).select_related("education_group"),
        pk=int_or_404(school_id),
    )


def teachers_with_logins(*, school: School) -> QuerySet[Teacher]:
    """The school's active teachers with their login (if any), for the 教师账号 page."""
    return (
        Teacher.objects.for_school(school)
        .filter(is_active=True)
        .select_related("user")
        .order_by("employee_no")
    )


def homeroom_shortfall(
    teacher: Teacher, *, on: dt.date, min_years: int, min_certificate: str
) -> list[str]:
    """LS15-ELIGIBLE: what a teacher lacks to be homeroom teacher on a day — full years of
    teaching (from 参加教育工作时间) and the psychological-health certificate's level —
    in the words of the refusal and the result (empty: eligible)."""
    reasons = []
    if teacher.teaching_since is None:
        reasons.append("未填写参加教育工作时间")
    elif full_years_between(teacher.teaching_since, on) < min_years:
        reasons.append(f"教育教学工作经历不满 {min_years} 年")
    held = CERTIFICATE_RANK.get(teacher.psych_certificate, 0)
    if held < CERTIFICATE_RANK.get(min_certificate, 1):
        reasons.append(f"未持有中小学心理健康教育{min_certificate}级及以上教师资格证")
    return reasons
