"""`make bench`: every row of issue 9 §9 on the same data, printed as ONE table.

    .venv/bin/python bench/all.py [--schools 300 2000] [--reuse] [--repeat 3]
    .venv/bin/python bench/all.py --quick          # a smoke run: 50 schools, short loops

1. **Data** (skipped with `--reuse` for a district that already exists), all through
   `manage.py generate_synthetic`: a district `synth-<N>` per `--schools` N (`--teachers`
   each; `--profile district|city` when the command has it), evaluated once so the
   dashboard has results; and `synth-ledger` (2 schools × 50 teachers × 300 ledger rows:
   15,000 rows per school) for the export and the list APIs.
2. **Rows**: part A's engine rows (`bench.engine.bench_rows`: SQL floor, full runs,
   recompute, the naive loop) when that module exists; the dashboard at each N
   (`bench/dashboard.py`); the list APIs beside `/api/v1/me/` on gunicorn
   (`bench/api.py`); the ledger export beside the raw writer and the 15,000-row roster
   import (`bench/excel.py`); the district PDF and Excel of 300 schools and a school's PDF
   (`bench/reports.py`, on `synth-d300`). Medians of `--repeat` (≥ 3), DEBUG off.
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
os.environ["DJANGO_DEBUG"] = "false"

import django

django.setup()

from django.core.management import call_command, get_commands, load_command_class  # noqa: E402

from apps.compliance import services, tasks  # noqa: E402
from apps.compliance.models import ComplianceRun, RunTrigger  # noqa: E402
from apps.core.dbscope import SYSTEM, set_process_default  # noqa: E402
from apps.core.schoolyear import current_school_year  # noqa: E402
from apps.tenancy.models import District  # noqa: E402
from bench import api, backbone, dashboard, excel, probation, reports, studios  # noqa: E402
from bench.table import BenchRow, render  # noqa: E402

set_process_default(SYSTEM)


def _has_profile() -> bool:
    command = load_command_class(get_commands()["generate_synthetic"], "generate_synthetic")
    parser = command.create_parser("manage.py", "generate_synthetic")
    return any("--profile" in action.option_strings for action in parser._actions)


def _generate(code: str, **options: Any) -> float:
    started = time.perf_counter()
    call_command("generate_synthetic", district_code=code, skip_checks=True, **options)
    return time.perf_counter() - started


def _evaluated(code: str, year: int) -> None:
    """One district run, in this process, unless the district has a finished one."""
    district = District.objects.get(code=code)
    if ComplianceRun.objects.filter(district=district, school_year=year, state="succeeded"):
        return
    with mock.patch.object(tasks.execute_run, "delay_on_commit"):
        run = services.run_start(
            district=district, school_year=year, trigger=RunTrigger.COMMAND, force=True
        )
    services.run_execute(run_id=run.pk)


def prepare(options: Any) -> list[BenchRow]:
    year = current_school_year()
    rows = []
    profile = _has_profile()
    for schools in options.schools:
        code = f"synth-{schools}"
        if not (options.reuse and District.objects.filter(code=code).exists()):
            extra: dict[str, Any] = {}
            if profile and schools in (300, 2000):
                extra["profile"] = "district" if schools == 300 else "city"
            else:
                extra = {"schools": schools, "teachers_per_school": options.teachers}
            seconds = _generate(code, **extra)
            rows.append(BenchRow(f"data: {code}", f"{seconds:.0f} s", note=str(extra)))
        _evaluated(code, year)
    if not (options.reuse and District.objects.filter(code="synth-ledger").exists()):
        seconds = _generate(
            "synth-ledger", schools=2, teachers_per_school=50, ledger_rows_per_teacher=300
        )
        rows.append(BenchRow("data: synth-ledger", f"{seconds:.0f} s", note="2 × 50 × 300"))
    _evaluated("synth-ledger", year)
    return rows


def engine_rows(options: Any) -> list[BenchRow]:
    try:
        from bench.engine import bench_rows  # noqa: PLC0415 - part A's module, when it exists
    except ImportError:
        return [BenchRow("engine rows", "n/a", note="part A rows not available (bench/engine.py)")]
    return list(bench_rows(options))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schools", type=int, nargs="+", default=[300, 2000])
    parser.add_argument("--teachers", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--reuse", action="store_true", help="keep districts already built")
    parser.add_argument("--quick", action="store_true", help="smoke run: 50 schools")
    for module in (dashboard, api, excel, reports, probation, studios, backbone):
        module.add_arguments(parser)
    options = parser.parse_args()
    options.repeat = max(3, options.repeat)
    if options.quick:
        options.schools = [50]
        options.api_seconds = min(options.api_seconds, 2.0)
        options.roster_rows = min(options.roster_rows, 2000)
        options.dashboard_requests = min(options.dashboard_requests, 16)
    if not options.dashboard_districts:
        options.dashboard_districts = [f"synth-{n}" for n in options.schools]
    if not options.probation_districts:
        options.probation_districts = [f"synth-{n}" for n in options.schools]
    if not options.studios_districts:
        options.studios_districts = [f"synth-{n}" for n in options.schools]
    if not options.backbone_districts:
        options.backbone_districts = [f"synth-{n}" for n in options.schools]
    if options.quick:
        options.report_districts = ["synth-50"]
        options.probation_districts = ["synth-50"]
        options.studios_districts = ["synth-50"]
        options.backbone_districts = ["synth-50"]
    rows = prepare(options)
    parts = (engine_rows, dashboard.bench_rows, api.bench_rows, excel.bench_rows,
             reports.bench_rows, probation.bench_rows, studios.bench_rows,
             backbone.bench_rows)  # fmt: skip
    for part in parts:
        rows += part(options)
    print(render(rows))


if __name__ == "__main__":
    main()
