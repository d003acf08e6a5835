"""The compliance engine's rows of `make bench` (issue 9 §9): the SQL floor, a full run
of a district and of a city, a one-school recompute, and the naive per-school loop.

    .venv/bin/python bench/engine.py [--district-code synth-d300] [--city-code synth-c2000]
                                     [--repeat 3] [--naive-sample 30]

`bench_rows(options)` is what `bench/all.py` calls; `options` is any object with the
attributes above (missing ones take the defaults). The districts must exist already
(`manage.py generate_synthetic --profile district|city`, see bench/README.md); a missing
one gives a row saying so instead of a number. Every value is the median of `--repeat`
runs on the same data, in this process, with DEBUG off and nothing enqueued (the run is
executed here the way a worker does).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Any
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
os.environ.setdefault("DJANGO_DEBUG", "false")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402

from apps.compliance import engine, services, tasks  # noqa: E402
from apps.compliance.models import ComplianceRun, RunTrigger  # noqa: E402
from apps.core.dbscope import SYSTEM, set_process_default  # noqa: E402
from apps.core.schoolyear import current_school_year  # noqa: E402
from apps.tenancy.models import District, School  # noqa: E402
from bench.table import BenchRow, median_seconds, render  # noqa: E402
from bench.workers import two_workers, workers_run_seconds  # noqa: E402

# Like a command or a worker: every school's rows (row-level security, apps/core/dbscope.py);
# without it the personal-data tables read as empty and the run measures nothing.
set_process_default(SYSTEM)

DEFAULTS = {
    "district_code": "synth-d300",
    "city_code": "synth-c2000",
    "repeat": 3,
    "naive_sample": 30,
    "year": None,
}

# The floor: the ledger work of a whole district's run in one hand-written statement —
# the year's hours per (teacher, semester, credit class, source), the source as
# `apps.training.selectors.ledger.hours_source` names it.
FLOOR_SQL = """
SELECT l.teacher_id, l.semester, l.credit_class,
       CASE
         WHEN a.id IS NOT NULL AND a.school_id IS NOT NULL THEN 'school_' || a.organiser_level
         WHEN a.id IS NOT NULL THEN 'district_activity'
         WHEN l.kind = 'external' OR r.kind = 'external' THEN 'external'
         ELSE ''
       END AS source,
       sum(l.hours)
FROM training_ledgerentry l
LEFT JOIN training_trainingactivity a ON a.id = l.activity_id
LEFT JOIN training_ledgerentry r ON r.id = l.reverses_id
WHERE l.district_id = %s AND l.school_year = %s
GROUP BY 1, 2, 3, 4
"""


def _option(options: Any, name: str) -> Any:
    value = getattr(options, name, None)
    if value is None and name in ("district_code", "city_code"):
        # bench/all.py names its districts synth-<schools> (`--schools 300 2000`)
        sizes = list(getattr(options, "schools", None) or [])
        index = 0 if name == "district_code" else 1
        if len(sizes) > index:
            value = f"synth-{sizes[index]}"
    return DEFAULTS[name] if value is None else value


def floor_seconds(district: District, year: int, repeat: int) -> float:
    def work() -> None:
        with connection.cursor() as cursor:
            cursor.execute(FLOOR_SQL, [district.pk, year])
            cursor.fetchall()

    return median_seconds(work, repeat)


def _full_run(district: District, year: int, school: School | None = None) -> ComplianceRun:
    with mock.patch.object(tasks.execute_run, "delay_on_commit"):
        run = services.run_start(
            district=district,
            school_year=year,
            school=school,
            trigger=RunTrigger.COMMAND,
            force=True,
        )
    services.run_execute(run_id=run.pk)
    run.refresh_from_db()
    if run.state != "succeeded":
        raise RuntimeError(f"run #{run.pk} ended {run.state}: {run.message}")
    return run


def run_seconds(district: District, year: int, repeat: int) -> float:
    """The run in this one process (no fan-out, whatever the district's size)."""
    chunk = settings.COMPLIANCE_FANOUT_CHUNK_SCHOOLS
    settings.COMPLIANCE_FANOUT_CHUNK_SCHOOLS = 0
    try:
        return median_seconds(lambda: _full_run(district, year), repeat)
    finally:
        settings.COMPLIANCE_FANOUT_CHUNK_SCHOOLS = chunk


def recompute_seconds(district: District, year: int, repeat: int) -> float:
    school = School.objects.filter(district=district).order_by("code").first()
    assert school is not None
    return median_seconds(lambda: _full_run(district, year, school), repeat)


def naive_seconds(district: District, year: int, sample: int) -> tuple[float, int]:
    """The engine called once per school, as a loop over the district would: timed over
    `sample` schools (one pass) and scaled to the district's school count."""
    schools = list(School.objects.filter(district=district).order_by("code"))
    chosen = schools[:: max(1, len(schools) // sample)][:sample]
    as_of = engine.as_of_for(year)
    started = time.perf_counter()
    for school in chosen:
        engine.evaluate(district=district, school_year=year, schools=[school], as_of=as_of)
    per_school = (time.perf_counter() - started) / len(chosen)
    return per_school * len(schools), len(chosen)


def _verdict(ok: bool, missed: str) -> str:
    return "met" if ok else f"missed: {missed}"


def _district_rows(label: str, district: District, year: int, options: Any) -> list[BenchRow]:
    repeat = int(_option(options, "repeat"))
    schools = School.objects.filter(district=district).count()
    floor = floor_seconds(district, year, repeat)
    full = run_seconds(district, year, repeat)
    limit = 3.0 if label == "district" else 30.0
    ratio = full / floor
    spread, chunks, processes = workers_run_seconds(district, year, repeat)
    spread_ratio = spread / floor
    rows = [
        BenchRow(
            f"SQL floor, {label} ({schools} schools)",
            f"{floor:.2f} s",
            "",
            "",
            "bench/engine.py FLOOR_SQL",
        ),
        BenchRow(
            f"full run, {label} ({schools} schools)",
            f"{full:.2f} s",
            f"≤ {limit:g} s and ≤ 4× floor",
            _verdict(full <= limit and ratio <= 4, f"{full - limit:+.2f} s, {ratio:.1f}× floor"),
            f"{ratio:.1f}× floor; start + execute in one process",
        ),
        BenchRow(
            f"full run, {label}, 2 workers",
            f"{spread:.2f} s",
            f"≤ {limit:g} s and ≤ 4× floor",
            _verdict(
                spread <= limit and spread_ratio <= 4,
                f"{spread - limit:+.2f} s, {spread_ratio:.1f}× floor",
            ),
            f"{spread_ratio:.1f}× floor; "
            + (
                f"{chunks} chunks over {processes} worker processes"
                if chunks
                else "one task: no fan-out at this size"
            ),
        ),
    ]
    if label == "district":
        rows += _recompute_rows(district, year, full, options)
    return rows


def _recompute_rows(district: District, year: int, full: float, options: Any) -> list[BenchRow]:
    repeat = int(_option(options, "repeat"))
    one = recompute_seconds(district, year, repeat)
    naive, sampled = naive_seconds(district, year, int(_option(options, "naive_sample")))
    ratio = naive / full
    return [
        BenchRow(
            "one-school recompute",
            f"{one:.3f} s",
            "≤ 0.3 s",
            _verdict(one <= 0.3, f"{one - 0.3:+.3f} s"),
            "run_start (school fingerprint) + run_execute",
        ),
        BenchRow(
            "naive per-school loop",
            f"{naive:.1f} s",
            "≥ 20× slower than the full run",
            _verdict(ratio >= 20, f"only {ratio:.1f}×"),
            f"{ratio:.1f}× the full run; timed over {sampled} schools, scaled",
        ),
    ]


def bench_rows(options: Any = None) -> list[BenchRow]:
    """The engine's rows, for the districts that exist."""
    year = _option(options, "year") or current_school_year()
    rows: list[BenchRow] = []
    with two_workers(Path("var/bench")):
        for label, code in (
            ("district", _option(options, "district_code")),
            ("city", _option(options, "city_code")),
        ):
            rows += _rows_of(label, code, year, options)
    return rows


def _rows_of(label: str, code: str, year: int, options: Any) -> list[BenchRow]:
    district = District.objects.filter(code=code).first()
    if district is None:
        return [
            BenchRow(
                f"full run, {label}",
                "—",
                note=f"no district {code!r}: generate_synthetic --profile {label}",
            )
        ]
    return _district_rows(label, district, year, options)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--district-code")
    parser.add_argument("--city-code")
    parser.add_argument("--year", type=int)
    parser.add_argument("--repeat", type=int)
    parser.add_argument("--naive-sample", type=int)
    options = parser.parse_args()
    assert not settings.DEBUG, "measure with DEBUG off (DJANGO_DEBUG=false)"
    print(render(bench_rows(options)))


if __name__ == "__main__":
    main()
