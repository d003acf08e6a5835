"""Reads of lishui-2015's eligibility (LS15-ELIGIBLE: the post's conditions and the
recorded exceptions), the homeroom-years check (LS15-VETO) and the home visits
(LS15-HOMEVISIT). Each for many teachers or classes at once."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet, Sum

from apps.compliance.models import Indicator
from apps.compliance.packs import active_packs
from apps.core.schoolyear import full_years_between, school_year, today
from apps.people.models import SchoolClass, Teacher
from apps.probation.models import EligibilityException, HomeVisit
from apps.tenancy.models import District, School
from apps.training.selectors import district_parameters

ELIGIBILITY_RULE = "LS15-ELIGIBLE"  # the indicator's code in its pack


@dataclass(frozen=True)
class EligibilityRules:
    min_years: int
    min_certificate: str


def eligibility_rules(*, district: District) -> EligibilityRules | None:
    """The post's conditions where the district's packs hold LS15-ELIGIBLE (else None:
    the guard does not apply)."""
    packs = active_packs(district)
    if not Indicator.objects.filter(pack__in=packs, code=ELIGIBILITY_RULE).exists():
        return None
    params = district_parameters(district=district)
    return EligibilityRules(
        min_years=int(params.get("min_teaching_years", 0)),
        min_certificate=str(params.get("min_psych_certificate", "C")),
    )


def judged_on(year: int) -> dt.date:
    """The day a post of the school year is judged on: today, or the year's first day
    for a year that has not begun."""
    return max(today(), school_year(year).start)


def excepted(teacher_ids: Sequence[int], years: Sequence[int]) -> dict[tuple[int, int], str]:
    """{(teacher id, school year): reason} of the recorded exceptions (one query)."""
    rows = EligibilityException.objects.filter(
        teacher__in=teacher_ids, school_year__in=years
    ).values_list("teacher_id", "school_year", "reason")
    return {(t, y): reason for t, y, reason in rows}


def school_exceptions(
    *, school: School, school_year: int | None = None
) -> QuerySet[EligibilityException]:
    rows = EligibilityException.objects.for_school(school).select_related("teacher", "recorded_by")
    if school_year is not None:
        rows = rows.filter(school_year=school_year)
    return rows.order_by("-school_year", "teacher__employee_no", "id")


@dataclass(frozen=True)
class HomeroomYears:
    teacher: Teacher
    years: int  # full years since 首次担任班主任时间 (0 without one)


def veto_min_years(*, district: District) -> int | None:
    """LS15-VETO's minimum homeroom years (a reading: the text sets none), or None where
    no pack of the district has it."""
    value = district_parameters(district=district).get("veto_min_homeroom_years")
    if value is None or value == "":
        return None
    return int(value)


def short_of_homeroom_years(
    *, schools: Sequence[School], min_years: int, on: dt.date
) -> dict[int, list[HomeroomYears]]:
    """Per school: its active teachers whose homeroom years (from 首次担任班主任时间 to
    `on`) are below the minimum — the teachers LS15-VETO would veto (one query)."""
    found: dict[int, list[HomeroomYears]] = defaultdict(list)
    for teacher in (
        Teacher.objects.filter(school__in=schools, is_active=True, ended_on__isnull=True)
        .order_by("school_id", "employee_no")
    ):  # fmt: skip
        years = full_years_between(teacher.homeroom_since, on) if teacher.homeroom_since else 0
        if years < min_years:
            found[teacher.school_id].append(HomeroomYears(teacher, years))
    return found


# --------------------------------------------------------------------------- home visits


def school_home_visits(*, school: School, school_year: int) -> QuerySet[HomeVisit]:
    return (
        HomeVisit.objects.for_school(school)
        .filter(school_year=school_year)
        .select_related("school_class", "created_by")
        .order_by("-date", "-id")
    )


@dataclass(frozen=True)
class ClassVisits:
    school_class: SchoolClass
    homes: int

    @property
    def covered(self) -> bool:
        return self.homes >= self.school_class.student_count


def class_visits(*, schools: Sequence[School], school_year: int) -> dict[int, list[ClassVisits]]:
    """Per school: each class of the year with the homes visited so far (one query)."""
    found: dict[int, list[ClassVisits]] = defaultdict(list)
    for school_class in (
        SchoolClass.objects.filter(school__in=schools, school_year=school_year)
        .annotate(visited=Sum("home_visits__homes"))
        .order_by("school_id", "grade", "name")
    ):
        homes = school_class.visited or 0
        found[school_class.school_id].append(ClassVisits(school_class, homes))
    return found


def home_visit_summary(*, schools: Sequence[School], school_year: int) -> dict[int, dict[str, Any]]:
    """Per school (reports): classes, classes whose visits reach their students, homes
    visited, students, visit records (two queries)."""
    visits = class_visits(schools=schools, school_year=school_year)
    records = dict(
        HomeVisit.objects.filter(school__in=schools, school_year=school_year)
        .values("school_id")
        .annotate(n=Count("id"))
        .values_list("school_id", "n")
    )
    summary: dict[int, dict[str, Any]] = {}
    for s in schools:
        mine = visits.get(s.pk, [])
        summary[s.pk] = {
            "classes": len(mine),
            "covered": sum(1 for c in mine if c.covered),
            "homes": sum(min(c.homes, c.school_class.student_count) for c in mine),
            "students": sum(c.school_class.student_count for c in mine),
            "records": records.get(s.pk, 0),
        }
    return summary
