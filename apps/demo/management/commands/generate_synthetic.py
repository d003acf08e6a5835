"""`manage.py generate_synthetic`: a large synthetic district for benchmarks and load tests.

The algorithm, step by step, is in `apps.demo.synthetic`; this command checks the
options, loads the policy packs, runs it and prints the counts and timings.

`--profile district|city` is the planning data of issue 9 §8: a district of 300 schools ×
50 teachers × 3 school years, or a city of 2,000 schools × 50 teachers × 1 year, each
with 45 ledger rows per teacher and year (explicit options override the profile's).
Every table it fills is analysed afterwards, so the planner knows their sizes.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from apps.compliance import packs as pack_data
from apps.core.audit import command_context
from apps.core.schoolyear import current_school_year
from apps.demo.synthetic import analyze_filled_tables, generate
from apps.people.demo import DEMO_PASSWORD

# The planning profiles: schools, teachers per school, school years, ledger rows per
# teacher and year, and the district code they default to.
PROFILES: dict[str, dict[str, Any]] = {
    "district": {"schools": 300, "teachers_per_school": 50, "years": 3,
                 "ledger_rows_per_teacher": 45, "district_code": "synth-d300"},
    "city": {"schools": 2000, "teachers_per_school": 50, "years": 1,
             "ledger_rows_per_teacher": 45, "district_code": "synth-c2000"},
}  # fmt: skip


class Command(BaseCommand):
    help = "Create (or replace) a synthetic district with N schools and M teachers each."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--profile", choices=sorted(PROFILES), default=None)
        parser.add_argument("--schools", type=int, default=None)
        parser.add_argument("--teachers-per-school", type=int, default=None)
        parser.add_argument("--district-code", default=None, help="default: synth")
        parser.add_argument("--year", type=int, default=None, help="default: this school year")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--years", type=int, default=None, help="school years up to --year (default 1)"
        )
        parser.add_argument(
            "--ledger-rows-per-teacher",
            type=int,
            default=None,
            help="training ledger rows per teacher and school year (default 0: no training)",
        )

    @command_context
    def handle(self, *args: Any, **options: Any) -> None:
        options = with_profile(options)
        schools, per_school = options["schools"], options["teachers_per_school"]
        years, rows = options["years"], options["ledger_rows_per_teacher"]
        if schools < 1 or per_school < 1:
            raise CommandError("--schools and --teachers-per-school must be at least 1")
        if years < 1 or rows < 0:
            raise CommandError("--years must be at least 1 and --ledger-rows-per-teacher ≥ 0")
        started = time.monotonic()
        pack_data.load_all()
        timings: dict[str, float] = {}
        counts = generate(
            code=options["district_code"],
            schools=schools,
            teachers_per_school=per_school,
            year=options["year"] or current_school_year(),
            seed=options["seed"],
            years=years,
            ledger_rows_per_teacher=rows,
            timings=timings,
        )
        training = counts.pop("training", None)
        elapsed = time.monotonic() - started
        analyzed = time.monotonic()
        analyze_filled_tables()
        timings["analyze"] = time.monotonic() - analyzed
        self._report(options["district_code"], counts, training, timings, elapsed)

    def _report(
        self,
        code: str,
        counts: dict[str, Any],
        training: dict[str, int] | None,
        timings: dict[str, float],
        elapsed: float,
    ) -> None:
        self.stdout.write(
            f"district {code} ({counts.pop('action')}): "
            + ", ".join(f"{value} {key}" for key, value in counts.items())
            + f" in {elapsed:.1f} s"
        )
        if training is not None:
            self.stdout.write(
                "training: " + ", ".join(f"{value} {key}" for key, value in training.items())
            )
            self.stdout.write(
                "timings: " + ", ".join(f"{key} {value:.1f} s" for key, value in timings.items())
            )
        self.stdout.write(f"logins {code}_admin / _reviewer / _leader, password {DEMO_PASSWORD}")


def with_profile(options: dict[str, Any]) -> dict[str, Any]:
    """The profile's values where the options leave them unset; then the defaults."""
    chosen = PROFILES.get(options.get("profile") or "", {})
    defaults = {"district_code": "synth", "years": 1, "ledger_rows_per_teacher": 0}
    merged = dict(options)
    for key in ("schools", "teachers_per_school", *defaults):
        if merged.get(key) is None:
            merged[key] = chosen.get(key, defaults.get(key))
    if merged["schools"] is None or merged["teachers_per_school"] is None:
        raise CommandError("give --profile district|city, or --schools and --teachers-per-school")
    return merged
