"""One pass over the training ledger per run (issue 9 §2, ADR 0013): the evaluators that
read the year's ledger (PT24-HOURS yearly hours, XH26-A3-1 archive, XH26-A2-3 credits)
share one aggregate, read by the district for a whole district's run — and answer exactly
what they answer school by school."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.compliance import engine
from apps.core.schoolyear import current_school_year, school_year, today
from apps.tenancy.models import School
from tests.personas import World

YEAR = current_school_year()
LEDGER = 'FROM "training_ledgerentry"'
THIS_YEAR = '"training_ledgerentry"."school_year" = '


def _evaluate(world: World, schools: list[School], *, whole: bool) -> dict[Any, Any]:
    district = world.districts["A"]
    rows = engine.evaluate(
        district=district, school_year=YEAR, schools=schools,
        as_of=engine.as_of_for(YEAR), whole_district=whole,
    )  # fmt: skip
    return {
        (r.school_id, r.indicator.code): (r.outcome.status, r.outcome.value, r.outcome.missing)
        for r in rows
    }


def _some_hours(world: World, record_hours: Any) -> None:
    day = max(school_year(YEAR).start, today() - dt.timedelta(days=3))
    record_hours("A1", world.schools["A1"].teachers[:2], day=day, hours="6")
    record_hours("A2", world.schools["A2"].teachers[:1], day=day, hours="3")


def test_a_district_run_reads_the_years_ledger_once_by_the_district(
    training_world: World, record_hours: Any
) -> None:
    _some_hours(training_world, record_hours)
    schools = list(School.objects.filter(district=training_world.districts["A"]))
    with CaptureQueriesContext(connection) as captured:
        _evaluate(training_world, schools, whole=True)
    year_reads = [q["sql"] for q in captured if LEDGER in q["sql"] and THIS_YEAR in q["sql"]]
    assert len(year_reads) == 1
    assert '"training_ledgerentry"."district_id" = ' in year_reads[0]
    assert '"training_ledgerentry"."school_id" IN' not in year_reads[0]


def test_the_shared_pass_answers_as_school_by_school_evaluation(
    training_world: World, record_hours: Any
) -> None:
    """PT24-HOURS, XH26-A3-1, XH26-A2-3 and the rest: the same status, value and named
    shortfalls whether the run covers the district or one school at a time."""
    _some_hours(training_world, record_hours)
    schools = list(School.objects.filter(district=training_world.districts["A"]).order_by("code"))
    whole = _evaluate(training_world, schools, whole=True)
    one_by_one: dict[Any, Any] = {}
    for school in schools:
        one_by_one.update(_evaluate(training_world, [school], whole=False))
    assert whole == one_by_one
    a1 = training_world.schools["A1"].school
    assert any(code == "PT24-HOURS" for (_s, code) in whole)
    assert (
        whole[(a1.pk, "PT24-HOURS")]
        != whole[(training_world.schools["A2"].school.pk, "PT24-HOURS")]
    )
