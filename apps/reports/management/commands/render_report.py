"""`manage.py render_report --type school|district --district CODE [--school CODE]
--year 2025 [--semester 1|2] --format pdf|xlsx --out FILE`

For operators (issue 12 §2): the same report job the portal starts (idempotent: the same
report of unchanged data is the archived file), rendered in this process when no worker
has taken it, and written to FILE. Prints the job, its pages, size and SHA-256.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from apps.core.audit import command_context
from apps.core.models import JobState
from apps.core.schoolyear import current_school_year
from apps.reports.models import ReportFile, ReportJob, ReportTrigger
from apps.reports.services import report_render, report_request
from apps.tenancy.models import District, School

WAIT_SECONDS = 900


class Command(BaseCommand):
    help = "Render a school or district compliance report (PDF or Excel) to a file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--type", required=True, choices=["school", "district"])
        parser.add_argument("--district", required=True, help="district code")
        parser.add_argument("--school", help="school code (for --type school)")
        parser.add_argument("--year", type=int, default=None, help="school year (start year)")
        parser.add_argument("--semester", type=int, default=0, choices=[0, 1, 2])
        parser.add_argument("--format", required=True, choices=["pdf", "xlsx"])
        parser.add_argument("--out", required=True, help="the file to write")

    def _where(self, options: dict[str, Any]) -> tuple[District, School | None]:
        district = District.objects.filter(code=options["district"]).first()
        if district is None:
            raise CommandError(f"找不到代码为 {options['district']!r} 的区（--district）。")
        if not options["school"]:
            return district, None
        school = School.objects.filter(district=district, code=options["school"]).first()
        if school is None:
            raise CommandError(
                f"{district.name} 没有代码为 {options['school']!r} 的学校（--school）。"
            )
        return district, school

    def _finished(self, job_id: int) -> ReportJob:
        """The job once finished (a worker may be rendering it: wait for it)."""
        deadline = time.monotonic() + WAIT_SECONDS
        job = ReportJob.objects.get(pk=job_id)
        while not job.is_finished and time.monotonic() < deadline:
            time.sleep(1)
            job = ReportJob.objects.get(pk=job_id)
        return job

    @command_context
    def handle(self, *args: Any, **options: Any) -> None:
        district, school = self._where(options)
        try:
            job = report_request(
                actor=None, district=district, kind=options["type"], fmt=options["format"],
                school_year=options["year"] or current_school_year(),
                semester=options["semester"], school=school, trigger=ReportTrigger.COMMAND,
            )  # fmt: skip
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from exc
        if not job.is_finished:
            report_render(job_id=job.pk)  # here, unless a worker holds it already
        job = self._finished(job.pk)
        if job.state != JobState.SUCCEEDED:
            raise CommandError(f"报表 #{job.pk} 未生成：{job.get_state_display()} {job.message}")
        data = bytes(ReportFile.objects.get(job=job).data)
        Path(options["out"]).write_bytes(data)
        self.stdout.write(
            f"报表 #{job.pk} {job.file_name}: {job.pages or '—'} 页, {job.size} 字节, "
            f"SHA-256 {job.sha256} → {options['out']}"
        )
