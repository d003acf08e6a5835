"""Benchmark of a district-wide compliance run and of the dashboard's main read.

    .venv/bin/python bench/compliance.py --schools 300 --teachers 50 [--reuse]

1. Builds the synthetic district (`manage.py generate_synthetic`) unless `--reuse`.
2. Starts a run (`services.run_start`, force=True) and executes it in this process
   (`services.run_execute`) the way a worker would, counting the SQL queries it issues.
   Nothing is enqueued: the bench replaces the task's `delay_on_commit`, so neither
   eager mode nor a worker listening on the configured broker executes it instead.
3. Reads the latest result per (school, indicator) of the district (`latest_results`,
   the dashboard's heatmap query) and the first page of the results API's query.

Wall times depend on the machine; the query counts are the numbers to compare.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from apps.compliance import selectors, services, tasks  # noqa: E402
from apps.compliance.models import RunTrigger  # noqa: E402
from apps.core.schoolyear import current_school_year  # noqa: E402
from apps.tenancy.models import District  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--schools", type=int, default=300)
    parser.add_argument("--teachers", type=int, default=50, help="teachers per school")
    parser.add_argument("--district-code", default="synth-bench")
    parser.add_argument("--year", type=int, default=None)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--reuse", action="store_true", help="keep the district already built")
    args = parser.parse_args()
    year = args.year or current_school_year()

    if not args.reuse:
        started = time.perf_counter()
        call_command(
            "generate_synthetic",
            schools=args.schools,
            teachers_per_school=args.teachers,
            district_code=args.district_code,
            year=year,
            seed=args.seed,
            skip_checks=True,
        )
        print(f"generate_synthetic        {time.perf_counter() - started:8.2f} s")
    district = District.objects.filter(code=args.district_code).first()
    if district is None:
        sys.exit(f"no district {args.district_code!r}: run without --reuse first")

    with mock.patch.object(tasks.execute_run, "delay_on_commit"):
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as start_queries:
            run = services.run_start(
                district=district, school_year=year, trigger=RunTrigger.COMMAND, force=True
            )
        start_seconds = time.perf_counter() - started
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as run_queries:
        services.run_execute(run_id=run.pk)
    run_seconds = time.perf_counter() - started
    run.refresh_from_db()
    if run.state != "succeeded":
        sys.exit(f"run #{run.pk} ended {run.state}: {run.message}")

    schools = selectors.district_schools(district=district).count()
    rows = sum(run.summary.values())
    print(f"district                  {district.code} ({year})")
    print(f"schools                   {schools:8d}")
    print(f"indicators                {run.total:8d}")
    print(f"result rows               {rows:8d}")
    print(f"run_start   queries       {len(start_queries):8d}   {start_seconds:8.2f} s")
    print(f"run_execute queries       {len(run_queries):8d}   {run_seconds:8.2f} s")
    print("  by status               " + ", ".join(f"{k} {v}" for k, v in run.summary.items()))

    started = time.perf_counter()
    with CaptureQueriesContext(connection) as read_queries:
        latest = list(selectors.latest_results(district=district, school_year=year))
    read_seconds = time.perf_counter() - started
    print(
        f"latest_results (dashboard) queries {len(read_queries):3d}   {read_seconds:8.2f} s"
        f"   {len(latest)} rows"
    )

    started = time.perf_counter()
    with CaptureQueriesContext(connection) as page_queries:
        queryset = selectors.result_rows(district=district, school_year=year)
        total = queryset.count()
        page = list(queryset[:50])
    page_seconds = time.perf_counter() - started
    print(
        f"result_rows count + page  queries {len(page_queries):3d}   {page_seconds:8.2f} s"
        f"   {len(page)} of {total} rows"
    )


if __name__ == "__main__":
    main()
