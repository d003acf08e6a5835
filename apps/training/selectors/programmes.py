"""Reads of the tiered programmes 启航 / 续航 / 领航 (XH26-TIER): a district's cohorts with
their counts, a cohort's members with their programme hours from the ledger, who a cohort
may enrol, and a teacher's own memberships.

Every selector takes its scope as a keyword argument (a district, a cohort or a teacher);
a single row outside the scope is a 404 like one that does not exist. Lists come with
their aggregates in a fixed number of queries, whatever the number of rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Count,
    DecimalField,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from apps.core.schoolyear import full_years_between
from apps.core.schoolyear import school_year as school_year_period
from apps.core.web import int_or_404
from apps.people.models import Teacher
from apps.tenancy.models import District
from apps.training.models import (
    Cohort,
    CohortCourse,
    CohortMember,
    LedgerEntry,
    MemberStatus,
    Programme,
)
from apps.training.selectors.audiences import audience_ids, programme_audience

from .common import district_parameters

HOURS: DecimalField[Decimal, Decimal] = DecimalField(max_digits=8, decimal_places=1)
ACTIVE_MEMBER = (MemberStatus.ENROLLED, MemberStatus.COMPLETED)


# --------------------------------------------------------------------------- cohorts


def cohort_list(*, district: District, school_year: int | None = None) -> QuerySet[Cohort]:
    """The district's cohorts with member counts by status and their course totals (one
    query: counts are filtered aggregates, the course sums a correlated subquery)."""
    course_hours = (
        CohortCourse.objects.filter(cohort=OuterRef("pk"))
        .order_by()
        .values("cohort")
        .annotate(total=Sum("hours"))
        .values("total")
    )
    queryset = Cohort.objects.filter(district=district)
    if school_year is not None:
        queryset = queryset.filter(school_year=school_year)
    return queryset.annotate(
        enrolled_count=Count("members", filter=Q(members__status=MemberStatus.ENROLLED)),
        completed_count=Count("members", filter=Q(members__status=MemberStatus.COMPLETED)),
        withdrawn_count=Count("members", filter=Q(members__status=MemberStatus.WITHDRAWN)),
        course_hours=Coalesce(Subquery(course_hours, output_field=HOURS), Value(Decimal(0))),
    ).order_by("-school_year", "programme", "pk")


def cohort_years(*, district: District) -> list[int]:
    return list(
        Cohort.objects.filter(district=district)
        .order_by("-school_year")
        .values_list("school_year", flat=True)
        .distinct()
    )


def cohort_get(*, district: District, cohort_id: int | str) -> Cohort:
    """A cohort of the district, with its course list (404 outside the district)."""
    return get_object_or_404(
        Cohort.objects.filter(district=district).prefetch_related("courses"),
        pk=int_or_404(cohort_id),
    )


def _ledger_hours(*, programme: str, school_year: int, district_id: int) -> Coalesce:
    """The programme's ledger hours of the row's teacher in the school year (a correlated
    SUM, so a list of members gets every member's hours in its one query)."""
    hours = (
        LedgerEntry.objects.filter(
            teacher=OuterRef("teacher_id"),
            district_id=district_id,
            programme=programme,
            school_year=school_year,
        )
        .order_by()
        .values("teacher")
        .annotate(total=Sum("hours"))
        .values("total")
    )
    return Coalesce(Subquery(hours, output_field=HOURS), Value(Decimal(0)))


@dataclass(frozen=True)
class MemberRow:
    member: CohortMember
    hours: Decimal
    can_complete: bool  # enrolled and the ledger hours reach the cohort's required hours


def cohort_members(*, cohort: Cohort, status: str = "") -> list[MemberRow]:
    """The cohort's members with their programme hours from the ledger and the completion
    suggestion (hours ≥ the cohort's required hours), in one query for any number."""
    queryset = (
        CohortMember.objects.filter(cohort=cohort, district_id=cohort.district_id)
        .select_related("teacher", "school")
        .annotate(
            ledger_hours=_ledger_hours(
                programme=cohort.programme,
                school_year=cohort.school_year,
                district_id=cohort.district_id,
            )
        )
        .order_by("school__code", "teacher__employee_no")
    )
    if status in MemberStatus.values:
        queryset = queryset.filter(status=status)
    return [
        MemberRow(
            member=member,
            hours=member.ledger_hours,
            can_complete=member.status == MemberStatus.ENROLLED
            and member.ledger_hours >= cohort.required_hours,
        )
        for member in queryset
    ]


def cohort_members_by_ids(*, cohort: Cohort, member_ids: Iterable[int | str]) -> list[CohortMember]:
    """Members of this cohort among the ids (ids of other cohorts simply do not match)."""
    wanted = {int_or_404(pk) for pk in member_ids}
    return list(CohortMember.objects.filter(cohort=cohort, pk__in=wanted).select_related("teacher"))


@dataclass(frozen=True)
class Eligibility:
    """Who a cohort enrols from, and why (shown above the list)."""

    rule: str
    note: str = ""
    min_years: int | None = None
    max_years: int | None = None
    missing_parameters: bool = False


def _years_before(day: dt.date, years: int) -> dt.date:
    """The same calendar day `years` earlier (28 Feb for 29 Feb in a common year)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def qihang_window(*, district: District) -> tuple[int, int] | None:
    """XH26-TIER: the [min, max] homeroom years of 启航, from the district's packs (with
    its overrides); None when its packs do not set them."""
    params = district_parameters(district=district)
    low, high = params.get("qihang_min_years"), params.get("qihang_max_years")
    if low is None or high is None:
        return None
    return int(low), int(high)


def cohort_eligibility(*, cohort: Cohort) -> Eligibility:
    if cohort.programme == Programme.QIHANG:
        window = qihang_window(district=cohort.district)
        if window is None:
            return Eligibility(
                rule="启航：按班主任年限确定对象",
                note="本区采用的政策包未规定启航工程的班主任年限范围"
                "（参数 qihang_min_years / qihang_max_years），暂无法列出对象。",
                missing_parameters=True,
            )
        low, high = window
        start = school_year_period(cohort.school_year).start
        return Eligibility(
            rule=f"启航：在职教师中，至 {start:%Y-%m-%d}（{cohort.school_year}学年开始）"
            f"担任班主任满 {low}–{high} 年者",
            note="年限按“首次担任班主任时间”计算；未填写该时间的教师不列出，请学校在教师名册中补全。",
            min_years=low,
            max_years=high,
        )
    if audience := programme_audience(cohort.programme):
        return Eligibility(rule=audience.rule, note=audience.note)
    if cohort.programme == Programme.XUHANG:
        return Eligibility(
            rule="续航：校级班主任工作室主持人",
            note="工作室模块上线后，对象将自动取自各校工作室主持人；目前请从本区在职教师中选择。",
        )
    return Eligibility(
        rule="领航：本区卓越班主任梯队",
        note="由区里从本区在职教师中遴选。",
    )


def eligible_teachers(
    *, cohort: Cohort, search: str = "", school_id: int | str | None = None
) -> QuerySet[Teacher]:
    """Active teachers of the cohort's district that it may enrol, not already in it
    (a withdrawn member may be enrolled again).

    启航 (XH26-TIER): whole years as homeroom teacher from `homeroom_since` to the start of
    the cohort's school year (`full_years_between`) within the pack's [min, max]. The start
    of a school year is 1 September, so "at least n years" is "since on or before 1
    September n years earlier", and "at most m years" is "since after 1 September m + 1
    years earlier": two date bounds the database can use.
    """
    queryset = Teacher.objects.filter(district_id=cohort.district_id, is_active=True)
    if cohort.programme == Programme.QIHANG:
        window = qihang_window(district=cohort.district)
        if window is None:
            return queryset.none()
        low, high = window
        start = school_year_period(cohort.school_year).start
        queryset = queryset.filter(
            homeroom_since__isnull=False,
            homeroom_since__lte=_years_before(start, low),
            homeroom_since__gt=_years_before(start, high + 1),
        )
    ids = audience_ids(cohort.programme, district=cohort.district, school_year=cohort.school_year)
    if ids is not None:
        queryset = queryset.filter(pk__in=ids)
    in_cohort = CohortMember.objects.filter(
        cohort=cohort, teacher=OuterRef("pk"), status__in=ACTIVE_MEMBER
    )
    queryset = queryset.exclude(Exists(in_cohort))
    if search:
        queryset = queryset.filter(Q(name__icontains=search) | Q(employee_no__icontains=search))
    if school_id not in (None, ""):
        try:
            queryset = queryset.filter(school_id=int(school_id))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return queryset.none()
    return queryset.select_related("school").order_by("school__code", "employee_no")


def homeroom_years(*, teacher: Teacher, school_year: int) -> int | None:
    """Whole years as homeroom teacher at the start of the school year (None: unknown)."""
    if teacher.homeroom_since is None:
        return None
    return full_years_between(teacher.homeroom_since, school_year_period(school_year).start)


def district_teachers_by_ids(
    *, district: District, teacher_ids: Iterable[int | str]
) -> list[Teacher]:
    """Teachers of the district among the ids (foreign ids do not match)."""
    wanted = {int_or_404(pk) for pk in teacher_ids}
    return list(
        Teacher.objects.filter(district=district, pk__in=wanted)
        .select_related("school")
        .order_by("employee_no")
    )


def teacher_cohorts(*, teacher: Teacher) -> list[MemberRow]:
    """A teacher's own programme memberships, newest first, with their programme hours from
    the ledger and whether they reach the cohort's required hours (for the teacher home).

    Two queries for any number of cohorts: the memberships with their hours, and the
    cohorts' course lists.
    """
    members = list(
        CohortMember.objects.filter(teacher=teacher, district_id=teacher.district_id)
        .select_related("cohort")
        .prefetch_related(Prefetch("cohort__courses", queryset=CohortCourse.objects.all()))
        .order_by("-cohort__school_year", "cohort__programme")
    )
    if not members:
        return []
    hours: dict[tuple[str, int], Decimal] = {
        (row["programme"], row["school_year"]): row["total"]
        for row in LedgerEntry.objects.filter(
            teacher=teacher,
            district_id=teacher.district_id,
            programme__in={m.cohort.programme for m in members},
            school_year__in={m.cohort.school_year for m in members},
        )
        .values("programme", "school_year")
        .annotate(total=Sum("hours"))
        .order_by()
    }
    rows = []
    for member in members:
        cohort = member.cohort
        got = hours.get((cohort.programme, cohort.school_year), Decimal(0))
        rows.append(
            MemberRow(
                member=member,
                hours=got,
                can_complete=member.status == MemberStatus.ENROLLED
                and got >= cohort.required_hours,
            )
        )
    return rows
