"""The compliance reports at district scale (issue 12, Done when): the district PDF and
Excel of a district of 300 schools, and one school's PDF — time, pages and size.

    DJANGO_DEBUG=false .venv/bin/python bench/reports.py [--report-districts synth-d300]

Each repetition asks for the report afresh (the district's earlier report jobs are
deleted first, so the archive does not answer) and renders it in this process as the
worker does (`report_render`): reading the current results, building the template and
the SVG heatmap, WeasyPrint's layout and the PDF, the file stored with its hash. The
district must exist and have a finished run (`bench/all.py` makes both; alone:
`manage.py generate_synthetic --profile district`, then `manage.py compliance_run`).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django

django.setup()

from apps.compliance.models import ComplianceRun  # noqa: E402
from apps.core.dbscope import SYSTEM, set_process_default  # noqa: E402
from apps.core.schoolyear import current_school_year  # noqa: E402
from apps.reports.models import ReportJob  # noqa: E402
from apps.reports.services import report_render, report_request  # noqa: E402
from apps.tenancy.models import District  # noqa: E402
from apps.tenancy.selectors import open_schools  # noqa: E402
from bench.table import BenchRow, render  # noqa: E402

set_process_default(SYSTEM)


def _render_once(district: District, kind: str, fmt: str, school: Any = None) -> ReportJob:
    ReportJob.objects.filter(district=district, kind=kind, fmt=fmt, school=school).delete()
    job = report_request(actor=None, district=district, kind=kind, fmt=fmt,
                         school_year=current_school_year(), school=school)  # fmt: skip
    report_render(job_id=job.pk)
    job.refresh_from_db()
    if job.state != "succeeded":
        raise SystemExit(f"report {job.pk} {job.state}: {job.message}")
    return job


def _timed(repeat: int, *args: Any) -> tuple[float, ReportJob]:
    times, job = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        job = _render_once(*args)
        times.append(time.perf_counter() - started)
    assert job is not None
    return statistics.median(times), job


def bench_rows(options: Any) -> list[BenchRow]:
    rows = []
    year = current_school_year()
    for code in options.report_districts:
        district = District.objects.filter(code=code).first()
        if (
            district is None
            or not ComplianceRun.objects.filter(
                district=district, school_year=year, state="succeeded"
            ).exists()
        ):
            rows.append(BenchRow(f"reports, {code}", "n/a", note="no district with a finished run"))
            continue
        schools = open_schools(district=district).count()
        for fmt in ("pdf", "xlsx"):
            seconds, job = _timed(options.repeat, district, "district", fmt)
            pages = f", {job.pages} pages" if job.pages else ""
            note = f"{job.size / 1e6:.1f} MB{pages}"
            what = f"district report {fmt.upper()}, {schools} schools"
            rows.append(BenchRow(what, f"{seconds:.1f} s", note=note))
        school = open_schools(district=district).first()
        seconds, job = _timed(options.repeat, district, "school", "pdf", school)
        rows.append(BenchRow("school report PDF", f"{seconds:.2f} s",
                             note=f"{job.size / 1e3:.0f} KB, {job.pages} pages"))  # fmt: skip
    return rows


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--report-districts", nargs="*", default=["synth-d300"])


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    parser.add_argument("--repeat", type=int, default=3)
    print(render(bench_rows(parser.parse_args())))
