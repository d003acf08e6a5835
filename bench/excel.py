"""Excel at scale (issue 9 §6): the ledger export beside the raw writer, and the roster
import of 15,000 rows.

    .venv/bin/python bench/excel.py [--export-district synth-ledger] [--roster-rows 15000]

* **Export**: `training.excel.ledger_export` of the school with the most ledger rows in
  the district, against the same number of rows of the same shape appended by openpyxl
  write-only alone (no database, no escaping: the writer's ceiling). Each is run in a
  fresh child process, `--repeat` times; rows/s is the median, the peak RSS the child's
  maximum resident set (`ru_maxrss`).
* **Roster import**: a roster of `--roster-rows` teachers built from the import template,
  read and saved by the job's runner (`services.roster_import_start` + `roster_import_run`,
  the Celery task's body) into a school of its own, made for the bench and emptied after.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from typing import Any
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db.models import Count  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from apps.core.dbscope import SYSTEM, school_scope, set_process_default  # noqa: E402
from apps.people import services  # noqa: E402
from apps.people.models import Teacher  # noqa: E402
from apps.tenancy.models import District, Membership, Role, School, SchoolType  # noqa: E402
from apps.training.excel import ledger_export  # noqa: E402
from apps.training.models import LedgerEntry  # noqa: E402
from bench.table import BenchRow, render  # noqa: E402
from tests.support.xlsx import roster_file, teacher_row  # noqa: E402

set_process_default(SYSTEM)  # like a command; the export below runs in its school's scope
EXPORT_SHARE = 0.9  # ≥ 90% of the raw writer's rows/s
RSS_MB = 200
ROSTER_SECONDS = 20


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _largest_school(code: str) -> tuple[int, int, int] | None:
    """(school id, school year, rows) of the school with most ledger rows in the district."""
    row = (
        LedgerEntry.objects.filter(school__district__code=code)
        .values("school_id", "school_year")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    return (row["school_id"], row["school_year"], row["n"]) if row else None


def child_export(school_id: int, year: int) -> dict[str, float]:
    school = School.objects.select_related("district").get(pk=school_id)
    started = time.perf_counter()
    with school_scope(school.pk), ledger_export(school=school, school_year=year) as output:
        size = len(output.read())
    return {"seconds": time.perf_counter() - started, "bytes": size, "rss": _peak_mb()}


def child_raw(rows: int) -> dict[str, float]:
    """openpyxl write-only, the export's row shape, values made in Python."""
    day = dt.date(2025, 10, 1)
    started = time.perf_counter()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("学时台账")
    for n in range(rows):
        sheet.append(
            [n, f"T{n % 50:04d}", "教师姓名", day, "2025学年", "第一学期", "校本研修",
             "班级管理专题研修", Decimal("1.5"), "实践类", None, None]
        )  # fmt: skip
    with tempfile.TemporaryFile() as output:
        workbook.save(output)
        size = output.tell()
    return {"seconds": time.perf_counter() - started, "bytes": size, "rss": _peak_mb()}


def _child(*args: str) -> dict[str, float]:
    done = subprocess.run(  # noqa: S603 - this script, run as a child
        [sys.executable, __file__, "--child", *args],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def export_rows(options: Any) -> list[BenchRow]:
    found = _largest_school(options.export_district)
    if found is None:
        return [BenchRow("ledger export", "n/a", note=f"no ledger in {options.export_district}")]
    school_id, year, rows = found
    export = [_child("export", str(school_id), str(year)) for _ in range(options.repeat)]
    raw = [_child("raw", str(rows)) for _ in range(options.repeat)]
    ours = rows / statistics.median(r["seconds"] for r in export)
    ceiling = rows / statistics.median(r["seconds"] for r in raw)
    rss = max(r["rss"] for r in export)
    ok = ours >= EXPORT_SHARE * ceiling and rss <= RSS_MB
    return [
        BenchRow(
            f"ledger export, {rows} rows",
            f"{ours:,.0f} rows/s, peak RSS {rss:.0f} MB",
            f"≥ {EXPORT_SHARE:.0%} of raw writer, RSS ≤ {RSS_MB} MB",
            "met" if ok else f"missed ({ours / ceiling:.0%} of raw)",
            f"raw openpyxl write-only {ceiling:,.0f} rows/s (RSS "
            f"{max(r['rss'] for r in raw):.0f} MB) → {ours / ceiling:.0%}",
        )
    ]


def roster_row(options: Any) -> BenchRow:
    """The job of a roster of `--roster-rows` teachers, median of `--repeat` (each into
    an empty bench school)."""
    rows = options.roster_rows
    data = roster_file(teachers=[teacher_row(n, prefix="B") for n in range(1, rows + 1)])
    district = District.objects.filter(code=options.export_district).first() or (
        District.objects.order_by("pk").first()
    )
    if district is None:
        return BenchRow("roster import", "n/a", note="no district")
    school, _ = School.objects.get_or_create(
        district=district, code="bench-roster",
        defaults={"name": "基准测试导入学校", "school_type": SchoolType.PRIMARY},
    )  # fmt: skip
    leader = (
        Membership.objects.filter(district=district, role=Role.SCHOOL_LEADER)
        .select_related("user")
        .first()
    )
    if leader is None:
        return BenchRow("roster import", "n/a", note="no school leader to upload as")
    Membership.objects.get_or_create(
        user=leader.user, district=district, school=school, role=Role.SCHOOL_LEADER
    )
    times = []
    for _ in range(options.repeat):
        Teacher.objects.filter(school=school).delete()
        job = services.roster_import_start(
            school=school, actor=leader.user, file_name="bench.xlsx", data=data
        )
        started = time.perf_counter()
        services.roster_import_run(job_id=job.pk)
        times.append(time.perf_counter() - started)
        job.refresh_from_db()
        if job.state != "succeeded":
            return BenchRow(f"roster import, {rows} rows", "failed", note=job.message[:120])
    seconds = statistics.median(times)
    return BenchRow(
        f"roster import, {rows} rows",
        f"{seconds:.1f} s ({rows / seconds:,.0f} rows/s)",
        f"≤ {ROSTER_SECONDS} s, cap {settings.ROSTER_IMPORT_MAX_ROWS}",
        "met" if seconds <= ROSTER_SECONDS else f"missed by {seconds - ROSTER_SECONDS:.1f} s",
        f"file {len(data) // 1024} KB; the job's runner in this process",
    )


def bench_rows(options: Any) -> list[BenchRow]:
    with mock.patch("apps.core.queue._publish"):  # nothing sent: the bench runs the job
        return [*export_rows(options), roster_row(options)]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--export-district", default="synth-ledger")
    parser.add_argument("--roster-rows", type=int, default=15000)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        kind, *rest = sys.argv[2:]
        if kind == "export":
            result = child_export(int(rest[0]), int(rest[1]))
        else:
            result = child_raw(int(rest[0]))
        print(json.dumps(result))
        sys.exit(0)
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    parser.add_argument("--repeat", type=int, default=3)
    print(render(bench_rows(parser.parse_args())))
