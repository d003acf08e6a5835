"""Reads of report jobs and their archive, always inside a district or a school."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from apps.reports.models import ReportFile, ReportJob, ReportKind
from apps.tenancy.models import District, School

ARCHIVE_LIMIT = 200


def _listed(queryset: QuerySet[ReportJob]) -> QuerySet[ReportJob]:
    return queryset.select_related("school", "requested_by", "run").order_by("-created_at")


def district_reports(*, district: District, school_year: int) -> QuerySet[ReportJob]:
    """The district's reports of a year, its own and its schools', newest first."""
    return _listed(ReportJob.objects.filter(district=district, school_year=school_year))


def school_reports(*, school: School, school_year: int) -> QuerySet[ReportJob]:
    return _listed(
        ReportJob.objects.filter(school=school, kind=ReportKind.SCHOOL, school_year=school_year)
    )


def district_report_get(*, district: District, job_id: int | str) -> ReportJob:
    return get_object_or_404(_listed(ReportJob.objects.filter(district=district)), pk=job_id)


def school_report_get(*, school: School, job_id: int | str) -> ReportJob:
    return get_object_or_404(
        _listed(ReportJob.objects.filter(school=school, kind=ReportKind.SCHOOL)), pk=job_id
    )


def report_bytes(*, job: ReportJob) -> bytes:
    """The archived file of a finished report (404 while there is none)."""
    return bytes(get_object_or_404(ReportFile.objects.filter(job=job)).data)
