"""Reads of the talent reserve pool (XH26-RESERVE, XH26-A1-4)."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404

from apps.core.schoolyear import school_year as year_period
from apps.probation.models import ReserveEntry, ReserveStatus
from apps.tenancy.models import School


def school_reserve(*, school: School, status: str = "") -> QuerySet[ReserveEntry]:
    rows = ReserveEntry.objects.for_school(school).select_related("teacher")
    if status in ReserveStatus.values:
        rows = rows.filter(status=status)
    return rows.order_by("status", "-entered_on", "teacher__employee_no", "id")


def reserve_entry_get(*, school: School, entry_id: int) -> ReserveEntry:
    return get_object_or_404(
        ReserveEntry.objects.for_school(school).select_related("teacher"), pk=entry_id
    )


def reserve_summary(
    *, schools: Sequence[School], school_year: int | None = None
) -> dict[int, dict[str, int]]:
    """Per school (reports): entries per status (储备中 / 已聘任 / 已退出) — with a school
    year, of the entries made by its end (one query)."""
    summary = {s.pk: dict.fromkeys(ReserveStatus.values, 0) for s in schools}
    rows = ReserveEntry.objects.filter(school__in=schools)
    if school_year is not None:
        rows = rows.filter(entered_on__lte=year_period(school_year).end)
    for school_id, status, n in (
        rows.values("school_id", "status")
        .annotate(n=Count("id"))
        .values_list("school_id", "status", "n")
    ):
        summary[school_id][status] = n
    return summary
