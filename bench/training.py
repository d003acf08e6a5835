"""Benchmark of the training ledger at district scale: its aggregates, a compliance run over
it, and a teacher's home page numbers.

    .venv/bin/python bench/training.py --schools 300 --teachers 50 --years 3 [--rows 45]
        [--reuse] [--explain]

1. Builds the synthetic district (`manage.py generate_synthetic --years Y
   --ledger-rows-per-teacher R`, ≈ schools × teachers × years × R ledger rows) unless
   `--reuse`; prints the command's own timings.
2. Times the ledger aggregates the evaluators use, for the whole district and this school
   year: `selectors.hours_by_teacher` (PT24-HOURS) and the per-teacher credits
   (`indicators._credits_by_teacher`, PT24-CREDIT / XH26-A2-3), with their query counts.
3. Times a full district compliance run (`compliance.services.run_start(force=True)` then
   `run_execute` in this process, the enqueue stubbed out as in bench/compliance.py).
4. Times `selectors.teacher_progress` for one teacher (the teacher home).
5. Prints the ledger's row count and size (`pg_total_relation_size`); with `--explain`,
   the EXPLAIN (ANALYZE, BUFFERS) of the two aggregates.

Wall times depend on the machine; the query counts are the numbers to compare.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Sum  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from apps.compliance import services as compliance_services  # noqa: E402
from apps.compliance import tasks as compliance_tasks  # noqa: E402
from apps.compliance.models import RunTrigger  # noqa: E402
from apps.core.schoolyear import current_school_year  # noqa: E402
from apps.people.models import Teacher  # noqa: E402
from apps.tenancy.models import District, School  # noqa: E402
from apps.training import indicators, selectors  # noqa: E402
from apps.training.models import LedgerEntry  # noqa: E402


def timed(label: str, call: Callable[[], Any], rows: Callable[[Any], int] | None = None) -> Any:
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as captured:
        result = call()
    seconds = time.perf_counter() - started
    counted = f"{rows(result):9d} rows" if rows else " " * 14
    print(f"{label:<42} {counted}  {len(captured):4d} queries  {seconds:8.2f} s")
    return result


def explain(label: str, queryset: Any) -> None:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
        plan = "\n".join(f"    {row[0]}" for row in cursor.fetchall())
    print(f"\nEXPLAIN ANALYZE {label}\n{plan}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--schools", type=int, default=300)
    parser.add_argument("--teachers", type=int, default=50, help="teachers per school")
    parser.add_argument("--years", type=int, default=3, help="school years of records")
    parser.add_argument("--rows", type=int, default=45, help="ledger rows per teacher-year")
    parser.add_argument("--district-code", default="synth-training")
    parser.add_argument("--year", type=int, default=None, help="the last school year")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--reuse", action="store_true", help="keep the district already built")
    parser.add_argument("--explain", action="store_true", help="print the aggregates' plans")
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
            years=args.years,
            ledger_rows_per_teacher=args.rows,
            skip_checks=True,
        )
        print(f"generate_synthetic total {time.perf_counter() - started:8.2f} s\n")
    district = District.objects.filter(code=args.district_code).first()
    if district is None:
        sys.exit(f"no district {args.district_code!r}: run without --reuse first")
    schools = list(School.objects.filter(district=district).order_by("code"))
    ledger = LedgerEntry.objects.filter(district=district)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_size_pretty(pg_total_relation_size('training_ledgerentry'))")
        size = cursor.fetchone()[0]
    print(f"district                  {district.code} ({year}学年, {len(schools)} schools)")
    print(f"ledger rows (district)    {ledger.count():9d}")
    print(f"ledger rows (this year)   {ledger.filter(school_year=year).count():9d}")
    print(f"ledger rows (all tables)  {LedgerEntry.objects.count():9d}")
    print(f"training_ledgerentry size {size} (pg_total_relation_size: table, indexes, toast)\n")

    hours = timed(
        "(a) hours_by_teacher (district, year)",
        lambda: selectors.hours_by_teacher(schools=schools, school_year=year),
        len,
    )
    params = selectors.credit_params(district=district) or {
        "lecture_hours_per_credit": 10,
        "practice_hours_per_credit": 20,
    }
    timed(
        "(a) credits per teacher (district, year)",
        lambda: indicators._credits_by_teacher(schools, year, params),
        len,
    )
    total = sum((v["total"] for v in hours.values()), start=0)
    print(f"    {len(hours)} teachers, {total} hours this year")

    with mock.patch.object(compliance_tasks.execute_run, "delay_on_commit"):
        run = timed(
            "(b) compliance run_start (force)",
            lambda: compliance_services.run_start(
                district=district, school_year=year, trigger=RunTrigger.COMMAND, force=True
            ),
        )
    timed("(b) compliance run_execute", lambda: compliance_services.run_execute(run_id=run.pk))
    run.refresh_from_db()
    print(f"    run #{run.pk} {run.state}: {sum(run.summary.values())} results, {run.summary}")

    teacher = (
        Teacher.objects.filter(district=district, ledger__school_year=year)
        .select_related("district", "school")
        .order_by("school__code", "employee_no")
        .first()
    )
    if teacher is not None:
        progress = timed(
            "(c) teacher_progress (one teacher, year)",
            lambda: selectors.teacher_progress(teacher=teacher, school_year=year),
        )
        rows = LedgerEntry.objects.filter(teacher=teacher, school_year=year).count()
        print(
            f"    {teacher.school.name} {teacher.employee_no}: {rows} ledger rows, "
            f"{progress['hours']} hours, {progress['credits']} credits"
        )

    if args.explain:
        explain(
            "hours_by_teacher",
            LedgerEntry.objects.filter(school__in=schools, school_year=year)
            .values("teacher_id", "credit_class")
            .annotate(hours=Sum("hours"))
            .order_by(),
        )
        explain(
            "credits per teacher (ledger part)",
            LedgerEntry.objects.filter(school__in=schools, school_year=year)
            .values("teacher_id", "semester", "credit_class")
            .annotate(h=Sum("hours"))
            .order_by(),
        )
        explain(
            "teacher_progress (ledger part)",
            LedgerEntry.objects.filter(teacher=teacher, school_year=year)
            .values("semester", "credit_class")
            .annotate(hours=Sum("hours"))
            .order_by(),
        )


if __name__ == "__main__":
    main()
