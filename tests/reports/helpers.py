"""Reading what a report job produced, as a person opening the file would."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import load_workbook

from apps.accounts.models import User
from apps.reports.models import ReportFile, ReportJob
from apps.reports.services import report_render, report_request
from apps.tenancy.models import District, School
from tests.support.pdf import page_png, pdf_fonts, pdf_pages, pdf_text

__all__ = ["page_png", "pdf_fonts", "pdf_pages", "pdf_text", "rendered", "workbook"]


def rendered(
    *, district: District, kind: str, fmt: str, year: int, school: School | None = None,
    actor: User | None = None,
) -> tuple[ReportJob, bytes]:  # fmt: skip
    """Ask for a report and render it here, as the worker would."""
    job = report_request(actor=actor, district=district, kind=kind, fmt=fmt, school_year=year,
                         school=school)  # fmt: skip
    report_render(job_id=job.pk)
    job.refresh_from_db()
    return job, bytes(ReportFile.objects.get(job=job).data)


def workbook(data: bytes) -> Any:
    return load_workbook(io.BytesIO(data))
