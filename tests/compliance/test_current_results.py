"""The current-results table (issue 9 §1, ADR 0013): after every run it names, for each
(school, indicator), the newest result in the history — what the dashboard, the
self-check and the API read — while the history stays append-only."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction

from apps.compliance import services
from apps.compliance.models import ComplianceResult, ComplianceRun, CurrentResult, RunTrigger
from apps.compliance.selectors import latest_results, result_rows
from apps.core.schoolyear import current_school_year
from apps.people.models import AssignmentRole, HomeroomAssignment
from tests.compliance.conftest import XUHUI_INDICATORS as N
from tests.personas import World
from tests.probation.staffing_rows import reserve_and_plan

YEAR = current_school_year()

# The newest history row per key, as every reader computed it before the current table.
NEWEST_IN_HISTORY = """
SELECT DISTINCT ON (school_id, indicator_code) school_id, indicator_code, id
FROM compliance_complianceresult WHERE district_id = %s AND school_year = %s
ORDER BY school_id, indicator_code, finished_at DESC, id DESC
"""


def _run(world: World, **kwargs: Any) -> ComplianceRun:
    run = services.run_start(district=world.districts["A"], school_year=YEAR, **kwargs)
    services.run_execute(run_id=run.pk)
    run.refresh_from_db()
    return run


def _current(world: World) -> dict[tuple[int | None, str], int]:
    return {
        (school_id, code): result_id
        for school_id, code, result_id in CurrentResult.objects.filter(
            district=world.districts["A"], school_year=YEAR
        ).values_list("school_id", "indicator_code", "result_id")
    }


def _newest_in_history(world: World) -> dict[tuple[int | None, str], int]:
    with connection.cursor() as cursor:
        cursor.execute(NEWEST_IN_HISTORY, [world.districts["A"].pk, YEAR])
        return {(school_id, code): pk for school_id, code, pk in cursor.fetchall()}


def _of_run(run: ComplianceRun) -> dict[tuple[int | None, str], int]:
    return {
        (school_id, code): pk
        for school_id, code, pk in ComplianceResult.objects.filter(run=run).values_list(
            "school_id", "indicator_code", "id"
        )
    }


def _staff_a1(world: World) -> None:
    """Every class of A1 staffed, a teacher in its reserve pool, its plan accepted."""
    sd = world.schools["A1"]
    HomeroomAssignment.objects.create(
        school=sd.school, district_id=sd.school.district_id, teacher=sd.teachers[2],
        school_class=sd.classes[1], school_year=YEAR, role=AssignmentRole.HOMEROOM,
    )  # fmt: skip
    reserve_and_plan(sd, YEAR)


def test_current_table_equals_the_latest_runs_results_after_each_run(xuhui_world: World) -> None:
    """XH26-A1-4 changes between two district runs; the table follows the second run."""
    first = _run(xuhui_world)
    assert _current(xuhui_world) == _of_run(first)
    a1 = xuhui_world.schools["A1"].school
    shown = {(r.school_id, r.indicator_code): r.status for r in latest_results(
        district=xuhui_world.districts["A"], school_year=YEAR)}  # fmt: skip
    assert shown[(a1.pk, "XH26-A1-4")] == "partly_met"

    _staff_a1(xuhui_world)  # the data changed: every class of A1 has its homeroom teacher
    second = _run(xuhui_world)
    assert second.pk != first.pk
    assert _current(xuhui_world) == _of_run(second) == _newest_in_history(xuhui_world)
    assert len(_current(xuhui_world)) == 2 * N
    shown = {(r.school_id, r.indicator_code): r.status for r in latest_results(
        district=xuhui_world.districts["A"], school_year=YEAR)}  # fmt: skip
    assert shown[(a1.pk, "XH26-A1-4")] == "met"
    # the history keeps both runs (trends), unchanged
    assert ComplianceResult.objects.filter(run__in=[first, second]).count() == 4 * N


def test_a_one_school_recompute_replaces_only_that_schools_current_rows(
    xuhui_world: World,
) -> None:
    district_run = _run(xuhui_world)
    _staff_a1(xuhui_world)
    a1, a2 = xuhui_world.schools["A1"].school, xuhui_world.schools["A2"].school
    recompute = _run(xuhui_world, school=a1, trigger=RunTrigger.AUTO)
    current = _current(xuhui_world)
    assert current == _newest_in_history(xuhui_world)
    mine = _of_run(recompute)
    assert {k: v for k, v in current.items() if k[0] == a1.pk} == mine
    assert {k: v for k, v in current.items() if k[0] != a1.pk} == {
        k: v for k, v in _of_run(district_run).items() if k[0] != a1.pk
    }
    statuses = {
        (r.school.code if r.school else "", r.indicator_code): r.status
        for r in result_rows(district=xuhui_world.districts["A"], school_year=YEAR)
    }
    assert statuses[(a1.code, "XH26-A1-4")] == "met"
    assert statuses[(a2.code, "XH26-A1-4")] == "partly_met"
    assert len(statuses) == 2 * N


def test_an_older_run_finishing_late_does_not_replace_a_newer_result(xuhui_world: World) -> None:
    """A district run whose results are older than a recompute stored meanwhile keeps the
    recompute's rows current (the newest by evaluation time wins, as in the history)."""
    a1 = xuhui_world.schools["A1"].school
    recompute = _run(xuhui_world, school=a1, trigger=RunTrigger.AUTO)
    mine = _of_run(recompute)
    CurrentResult.objects.filter(result_id__in=mine.values()).update(
        finished_at=recompute.finished_at.replace(year=recompute.finished_at.year + 1)
    )  # a recompute "from the future" — later than the run below
    _run(xuhui_world, force=True)
    current = _current(xuhui_world)
    assert {k: v for k, v in current.items() if k[0] == a1.pk} == mine


def test_the_app_cannot_delete_current_results_nor_change_the_history(
    xuhui_world: World,
) -> None:
    """The suite connects as the app role: a current row is replaced by runs only."""
    _run(xuhui_world)
    row = CurrentResult.objects.filter(district=xuhui_world.districts["A"]).first()
    assert row is not None
    with pytest.raises(DatabaseError, match="never deleted"), transaction.atomic():
        CurrentResult.objects.filter(pk=row.pk).delete()
    with pytest.raises(DatabaseError, match="immutable"), transaction.atomic():
        ComplianceResult.objects.filter(pk=row.result_id).update(status="met")


def test_a_foreign_districts_run_leaves_this_districts_current_rows_alone(
    xuhui_world: World,
) -> None:
    ours = _run(xuhui_world)
    theirs = services.run_start(district=xuhui_world.districts["B"], school_year=YEAR)
    services.run_execute(run_id=theirs.pk)
    assert _current(xuhui_world) == _of_run(ours)
    shown = latest_results(district=xuhui_world.districts["A"], school_year=YEAR)
    assert {r.district_id for r in shown} == {xuhui_world.districts["A"].pk}
