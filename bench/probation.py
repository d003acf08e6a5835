"""The probation module at district and city scale (issue 13): its two evaluators over
every school of a district (XH26-A1-1, XH26-A1-3: queries and time), the progress of every
trainee of the district (the board's and the guard's read), and the report section's
counts per school.

    DJANGO_DEBUG=false .venv/bin/python bench/probation.py [--probation-districts synth-d300]

The district must exist (`manage.py generate_synthetic --profile district`: a trainee in
three schools of four). Each value is the median of `--repeat` runs, DEBUG off.
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


from apps.core.dbscope import SYSTEM, set_process_default  # noqa: E402
from apps.core.schoolyear import current_school_year  # noqa: E402
from apps.probation.models import Trainee  # noqa: E402
from apps.probation.selectors import district_report_rows, probation_rules, progress_of  # noqa: E402
from apps.tenancy.models import District, School  # noqa: E402
from bench.evaluators import evaluator_row  # noqa: E402
from bench.table import BenchRow, median_seconds, render  # noqa: E402

set_process_default(SYSTEM)


def _district_rows(district: District, repeat: int) -> list[BenchRow]:
    schools = list(School.objects.filter(district=district).order_by("code"))
    rows = [evaluator_row(district, schools, code, repeat) for code in ("XH26-A1-1", "XH26-A1-3")]
    trainees = list(Trainee.objects.filter(district=district).select_related("teacher"))
    rules = probation_rules(district=district)
    seconds = median_seconds(lambda: progress_of(trainees, rules), repeat)
    rows.append(BenchRow(f"trainee progress, {len(trainees)} trainees",
                         f"{seconds * 1000:.0f} ms", note="3 queries"))  # fmt: skip
    year = current_school_year()
    seconds = median_seconds(
        lambda: district_report_rows(district=district, school_year=year), repeat
    )
    rows.append(BenchRow(f"probation report section, {len(schools)} schools",
                         f"{seconds * 1000:.0f} ms"))  # fmt: skip
    return rows


def bench_rows(options: Any) -> list[BenchRow]:
    rows = []
    for code in options.probation_districts:
        district = District.objects.filter(code=code).first()
        if district is None:
            rows.append(BenchRow(f"probation, {code}", "n/a", note="generate the district first"))
            continue
        rows += _district_rows(district, options.repeat)
    return rows


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--probation-districts", nargs="*", default=[])


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_arguments(parser)
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    options.probation_districts = options.probation_districts or ["synth-d300"]
    print(render(bench_rows(options)))
