"""`manage.py compliance_run --district CODE --year 2025 [--school CODE] [--sync] [--force]`

Starts a compliance run the way the district portal does (idempotent: unchanged data
answers the run already made, unless `--force`). With `--sync`, or when Celery runs
tasks eagerly, the run is executed in this process and its counts printed; otherwise it
is queued for the worker and the run id printed, to follow in the portal or the API.
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from apps.compliance import services
from apps.compliance.models import ComplianceRun, ResultStatus, RunTrigger
from apps.core.audit import command_context
from apps.core.models import JobState
from apps.core.schoolyear import current_school_year, school_year_label
from apps.tenancy.models import District, School

POLL_SECONDS = 1.0


class Command(BaseCommand):
    help = "Evaluate a district's policy packs for a school year (optionally one school)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--district", required=True, help="district code, e.g. huijing")
        parser.add_argument(
            "--year",
            type=int,
            default=None,
            help="school year by its start year (default: the current school year)",
        )
        parser.add_argument("--school", help="school code: evaluate this school only")
        parser.add_argument(
            "--sync", action="store_true", help="execute in this process instead of the worker"
        )
        parser.add_argument(
            "--force", action="store_true", help="run again even if the data has not changed"
        )

    @command_context
    def handle(self, *args: Any, **options: Any) -> None:
        district = District.objects.filter(code=options["district"]).first()
        if district is None:
            raise CommandError(f"找不到代码为 {options['district']!r} 的区（--district）。")
        school = None
        if options["school"]:
            school = School.objects.filter(district=district, code=options["school"]).first()
            if school is None:
                raise CommandError(
                    f"{district.name} 没有代码为 {options['school']!r} 的学校（--school）。"
                )
        year = options["year"] or current_school_year()
        try:
            run = services.run_start(
                district=district,
                school_year=year,
                school=school,
                trigger=RunTrigger.COMMAND,
                force=options["force"],
            )
        except ValidationError as exc:
            hint = "（政策包可用 manage.py load_policy_packs 载入）"
            raise CommandError("；".join(exc.messages) + hint) from exc

        where = f"{district.code} {school_year_label(year)}"
        if school is not None:
            where += f" {school.code}"
        if not (options["sync"] or settings.CELERY_TASK_ALWAYS_EAGER):
            run.refresh_from_db()
            if run.is_finished:
                self.stdout.write(f"run #{run.pk} {where}: already evaluated with the same data")
                self._report(run, school)
            else:
                self.stdout.write(
                    f"run #{run.pk} {where}: queued for the worker ({run.get_state_display()})"
                )
            return
        # A no-op when eager mode already executed it on commit, or a worker took it.
        services.run_execute(run_id=run.pk)
        run = self._wait(run)
        self.stdout.write(f"run #{run.pk} {where}: {run.get_state_display()}")
        self._report(run, school)
        if run.state != JobState.SUCCEEDED:
            raise CommandError(run.message or f"run #{run.pk} did not succeed ({run.state})")

    def _wait(self, run: ComplianceRun) -> ComplianceRun:
        """Until the run is finished — by us, or by the worker that claimed it first."""
        deadline = time.monotonic() + settings.CELERY_TASK_TIME_LIMIT
        run.refresh_from_db()
        while not run.is_finished and time.monotonic() < deadline:
            time.sleep(POLL_SECONDS)
            run.refresh_from_db()
        return run

    def _report(self, run: ComplianceRun, school: School | None) -> None:
        schools = 1 if school else School.objects.filter(district_id=run.district_id).count()
        counts: dict[str, int] = run.summary or {}
        labels = dict(ResultStatus.choices)
        self.stdout.write(f"schools: {schools}")
        self.stdout.write(f"indicators: {run.total}")
        self.stdout.write(f"results: {sum(counts.values())}")
        for status in ResultStatus.values:
            if counts.get(status):
                self.stdout.write(f"  {status:<15}{counts[status]:>7}  {labels[status]}")
        if run.message:
            self.stdout.write(run.message)
