"""The demo's reports (called by apps/demo only): each district's archive opens with its
district report as PDF and Excel and the first school's report, asked by the district's
reviewer; the admin's monthly schedule is on for the district report. The Excel files
are rendered here; the PDFs (seconds each) are left to the worker `make run` starts,
which renders them from the queue a moment after the seeding commits."""

from __future__ import annotations

from typing import Any

from apps.core.schoolyear import current_school_year, today
from apps.reports.models import ReportKind, ReportSchedule
from apps.reports.services import report_render, report_request
from apps.reports.services.notices import notices_due_run
from apps.tenancy.models import District
from apps.tenancy.selectors import open_schools


def seed_notices_demo() -> int:
    """Every demo person's 消息中心 opens with today's 待办 reminders and their recent
    review results (the daily beat's run; each once, so seeding again adds nothing)."""
    return notices_due_run(today=today()).notices


def seed_reports_demo(*, district: District, reviewer: Any, year: int | None = None) -> int:
    """Render the demo reports (idempotent: unchanged data is the archived file); the
    number of reports in the district's archive afterwards."""
    year = year or current_school_year()
    ReportSchedule.objects.get_or_create(
        district=district, defaults={"district_report": True, "formats": ["pdf", "xlsx"]}
    )
    asked = [
        report_request(
            actor=reviewer, district=district, kind=ReportKind.DISTRICT, fmt=fmt, school_year=year
        )
        for fmt in ("pdf", "xlsx")
    ]
    first = open_schools(district=district).first()
    if first is not None:
        asked.append(report_request(actor=reviewer, district=district, kind=ReportKind.SCHOOL,
                                    fmt="pdf", school_year=year, school=first))  # fmt: skip
    for job in asked:
        if job.fmt == "xlsx" and not job.is_finished:
            report_render(job_id=job.pk)
    return len(asked)
