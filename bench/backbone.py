"""The backbone module at district and city scale (issue 15): its evaluators over every
school of a district — xuhui's cohort, tasks, assessments and allowance (XB23-COHORT,
XB23-TASKS, XB23-ASSESS, XB23-ALLOWANCE) and xinbei's pool, target, teams, composition,
leaders, members, yearly assessment, five ones, projects and showcases (XB-*): time and
queries, which must not grow with the schools — and the district boards' reads.

    DJANGO_DEBUG=false .venv/bin/python bench/backbone.py [--backbone-districts synth-d300]

The district must exist (`manage.py generate_synthetic --profile district`: two cohort
members per school with three years of results and pay, eight growth teams of fifteen).
Each value is the median of `--repeat` runs, DEBUG off.
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

from apps.backbone.models import BackboneMember  # noqa: E402
from apps.backbone.selectors import allowance, assessments, cohort_reports  # noqa: E402
from apps.backbone.selectors.pool import target_progress  # noqa: E402
from apps.backbone.selectors.teams import team_rows, teams_apply  # noqa: E402
from apps.core.dbscope import SYSTEM, set_process_default  # noqa: E402
from apps.core.schoolyear import current_school_year, today  # noqa: E402
from apps.tenancy.models import District, School  # noqa: E402
from bench.evaluators import evaluator_row  # noqa: E402
from bench.table import BenchRow, median_seconds, render  # noqa: E402

set_process_default(SYSTEM)
CODES = (
    "XB23-COHORT", "XB23-TASKS", "XB23-ASSESS", "XB23-ALLOWANCE",
    "XB-POOL", "XB-TARGET", "XB-TEAMS", "XB-TEAM-SIZE", "XB-LEADER", "XB-MEMBER",
    "XB-ASSESS", "XB-FIVE", "XB-PROJECT", "XB-SHOWCASE",
)  # fmt: skip


def _timed(what: str, work: Any, repeat: int) -> BenchRow:
    with CaptureQueriesContext(connection) as captured:
        work()
    seconds = median_seconds(work, repeat)
    return BenchRow(what, f"{seconds * 1000:.0f} ms", note=f"{len(captured)} queries")


def _reads(district: District) -> list[tuple[str, Any]]:
    """The district boards' reads: the cohort's task board and its assessments by school,
    the allowance overview, the growth teams' board with their composition checks, the
    talent pool's progress to its target."""
    year, day = current_school_year() - 1, today()
    members = BackboneMember.objects.filter(district=district).count()
    xinbei = [
        ("growth teams board with composition checks", lambda: team_rows(district=district)),
    ] if teams_apply(district=district) else []  # fmt: skip
    return [
        *xinbei,
        (f"cohort task progress by school, {members} members",
         lambda: cohort_reports.district_report_rows(district=district, year=year)),
        ("assessments and consequences by school",
         lambda: assessments.district_report_rows(district=district, year=year)),
        ("allowance overview (expected vs paid)",
         lambda: allowance.district_overview(district=district, year=year, today=day)),
        ("talent pool progress to the target",
         lambda: target_progress(district=district, until=day)),
    ]  # fmt: skip


def _district_rows(district: District, repeat: int) -> list[BenchRow]:
    schools = list(School.objects.filter(district=district).order_by("code"))
    rows = [evaluator_row(district, schools, code, repeat) for code in CODES]
    rows += [_timed(what, work, repeat) for what, work in _reads(district)]
    return rows


def bench_rows(options: Any) -> list[BenchRow]:
    rows = []
    for code in options.backbone_districts:
        district = District.objects.filter(code=code).first()
        if district is None:
            rows.append(BenchRow(f"backbone, {code}", "n/a", note="generate the district first"))
            continue
        rows += _district_rows(district, options.repeat)
    return rows


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--backbone-districts", nargs="*", default=[])


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_arguments(parser)
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    options.backbone_districts = options.backbone_districts or ["synth-d300"]
    print(render(bench_rows(options)))
