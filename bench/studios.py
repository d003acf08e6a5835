"""The studios module at district and city scale (issue 14): its evaluators over every
school of a district (XH26-A2-2 with its monthly sessions, XH26-A2P-4.2, XB23-WORKSHOP,
XB23-BRIEF: queries and time), the district's brief board, the report section's rows
and the 成果集's entries.

    DJANGO_DEBUG=false .venv/bin/python bench/studios.py [--studios-districts synth-d300]

The district must exist (`manage.py generate_synthetic --profile district`: studios in two
schools of three, district studios and workshops across schools). Each value is the
median of `--repeat` runs, DEBUG off.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from apps.core.dbscope import SYSTEM, set_process_default  # noqa: E402
from apps.core.schoolyear import current_school_year, today  # noqa: E402
from apps.studios.models import Team  # noqa: E402
from apps.studios.selectors import (  # noqa: E402
    brief_board,
    collection_teams,
    district_report_rows,
)
from apps.tenancy.models import District, School  # noqa: E402
from bench.evaluators import evaluator_row  # noqa: E402
from bench.table import BenchRow, median_seconds, render  # noqa: E402

set_process_default(SYSTEM)
CODES = ("XH26-A2-2", "XH26-A2P-4.2", "XB23-WORKSHOP", "XB23-BRIEF")


def _timed(what: str, work: Any, repeat: int) -> BenchRow:
    with CaptureQueriesContext(connection) as captured:
        work()
    seconds = median_seconds(work, repeat)
    return BenchRow(what, f"{seconds * 1000:.0f} ms", note=f"{len(captured)} queries")


def _district_rows(district: District, repeat: int) -> list[BenchRow]:
    schools = list(School.objects.filter(district=district).order_by("code"))
    rows = [evaluator_row(district, schools, code, repeat) for code in CODES]
    teams = Team.objects.filter(district=district).count()
    year = current_school_year()
    works = (
        (f"brief board, {teams} teams", lambda: brief_board(district=district, year=today().year)),
        (f"studios report section, {teams} teams",
         lambda: district_report_rows(district=district, school_year=year)),
        ("成果集 entries", lambda: collection_teams(district=district, school_year=year)),
    )  # fmt: skip
    rows += [_timed(what, work, repeat) for what, work in works]
    return rows


def bench_rows(options: Any) -> list[BenchRow]:
    rows = []
    for code in options.studios_districts:
        district = District.objects.filter(code=code).first()
        if district is None:
            rows.append(BenchRow(f"studios, {code}", "n/a", note="generate the district first"))
            continue
        rows += _district_rows(district, options.repeat)
    return rows


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--studios-districts", nargs="*", default=[])


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_arguments(parser)
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    options.studios_districts = options.studios_districts or ["synth-d300"]
    print(render(bench_rows(options)))
