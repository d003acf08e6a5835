"""What a report job renders: its kind and format to a file (issue 12 §1, §3, §4)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone

from apps.core.pdf import render_pdf
from apps.core.xlsx import TableSheet, xlsx_bytes
from apps.reports.models import ReportFormat, ReportJob, ReportKind
from apps.reports.render import compliance as sections
from apps.reports.selectors import compliance as data
from apps.reports.selectors.compliance import Marker
from apps.studios import selectors as studios
from apps.tenancy.models import District, School

Step = Callable[[int, int], None]


@dataclass(frozen=True)
class Rendered:
    data: bytes
    pages: int
    file_name: str
    marker: Marker  # the data it was made of (newer than asked if it changed meanwhile)


def report_number(job: ReportJob) -> str:
    """The number printed on every page: district code, year, the job's id."""
    return f"{job.district.code}-{job.school_year}-{job.pk:06d}"


def file_name(job: ReportJob) -> str:
    who = job.school.name if job.school else job.district.name
    period = data.period_label(job.school_year, job.semester)
    day = timezone.localdate(job.created_at).strftime("%Y%m%d")
    return f"{who}{period}{job.get_kind_display()}_{day}.{job.fmt}"


def _request(job: ReportJob) -> sections.Request:
    return sections.Request(district=job.district, school=job.school, school_year=job.school_year,
                            semester=job.semester, report_id=report_number(job))  # fmt: skip


def report_marker(
    kind: str, *, district: District, school_year: int, semester: int, school: School | None
) -> Marker:
    """The data the report is made of: the compliance results, or (成果集) the outcomes."""
    if kind == ReportKind.COLLECTION:
        snapshot = studios.collection_marker(district=district, school_year=school_year)
        return Marker(run=None, snapshot=snapshot)
    return data.data_marker(
        district=district, school_year=school_year, semester=semester, school=school
    )


def _collection(job: ReportJob, marker: Marker, step: Step) -> Rendered:
    """XH26-A2P-4.3: the district's outcome collection, with its table of contents."""
    teams = studios.collection_teams(district=job.district, school_year=job.school_year)
    step(1, 4)
    if job.fmt == ReportFormat.XLSX:
        sheet = TableSheet("成果集", studios.COLLECTION_HEADERS, studios.collection_rows(teams))
        step(4, 4)
        return Rendered(xlsx_bytes([sheet]), 0, file_name(job), marker)
    context = {
        "title": f"{job.district.name}{job.school_year}学年工作室成果集",
        "district": job.district, "school_year": job.school_year, "teams": teams,
        "entries": sum(len(t.entries) for t in teams), "report_id": report_number(job),
        "generated_at": timezone.localtime(),
    }  # fmt: skip
    step(2, 4)
    stages = {"html": 2, "layout": 3, "write": 4}
    pdf = render_pdf(
        "reports/pdf/collection.html", context, step=lambda stage: step(stages[stage], 4)
    )
    return Rendered(pdf.data, pdf.pages, file_name(job), marker)


def render(job: ReportJob, *, step: Step) -> Rendered:
    """The job's file. `step(done, total)` reports progress (and stops a cancelled job)."""
    request = _request(job)
    marker = report_marker(job.kind, district=job.district, school_year=job.school_year,
                           semester=job.semester, school=job.school)  # fmt: skip
    step(0, 4)
    if job.kind == ReportKind.COLLECTION:
        return _collection(job, marker, step)
    if job.kind == ReportKind.SCHOOL:
        context = sections.school_context(request, marker)
        template = "reports/pdf/school.html"
    else:
        context = sections.district_context(request, marker, step=step)
        template = "reports/pdf/district.html"
    step(2, 4)
    if job.fmt == ReportFormat.XLSX:
        sheets = (
            sections.school_sheets(context)
            if job.kind == ReportKind.SCHOOL
            else sections.district_sheets(context, context["indicators"])
        )
        payload = xlsx_bytes(sheets)
        step(4, 4)
        return Rendered(payload, 0, file_name(job), marker)
    stages = {"html": 2, "layout": 3, "write": 4}
    pdf = render_pdf(template, context, step=lambda stage: step(stages[stage], 4))
    return Rendered(pdf.data, pdf.pages, file_name(job), marker)
