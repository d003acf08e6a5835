"""Reads of districts and schools (scoped: a district is always given)."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from .models import District, School, SchoolImport


def district_schools(*, district: District, closed: bool = False) -> QuerySet[School]:
    """The district's open schools (or, with `closed`, its closed ones), with the number
    of active teacher logins and leaders for the list page, in one query."""
    return (
        School.objects.filter(district=district, closed_at__isnull=not closed)
        .select_related("district", "education_group")
        .annotate(
            leaders=Count(
                "memberships",
                filter=Q(memberships__role="school_leader", memberships__is_active=True),
            )
        )
        .order_by("code")
    )


def open_schools(*, district: District) -> QuerySet[School]:
    return School.objects.filter(district=district, closed_at__isnull=True).order_by("code")


def district_school(*, district: District, school_id: int | str) -> School:
    """One school of the district, open or closed; else 404."""
    try:
        pk = int(school_id)
    except (TypeError, ValueError):
        raise Http404 from None
    school = (
        School.objects.filter(pk=pk, district=district)
        .select_related("district", "education_group")
        .first()
    )
    if school is None:
        raise Http404
    return school


def school_imports(*, district: District) -> QuerySet[SchoolImport]:
    return SchoolImport.objects.filter(district=district).select_related("created_by")[:10]


def school_import_get(*, district: District, job_id: int | str) -> SchoolImport:
    try:
        pk = int(job_id)
    except (TypeError, ValueError):
        raise Http404 from None
    job = SchoolImport.objects.filter(pk=pk, district=district).first()
    if job is None:
        raise Http404
    return job
