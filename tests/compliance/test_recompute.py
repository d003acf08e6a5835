"""A school's incremental recompute (issue 9 §3): fingerprinted and evaluated for that
school only, debounced so that a burst of saves gives one recompute, and not lost when
its message is (the reconciler's sweep)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.compliance import services
from apps.compliance.models import ComplianceResult, ComplianceRun, RecomputeRequest, RunTrigger
from apps.core.jobs import jobs_reconcile
from apps.core.schoolyear import current_school_year
from apps.people.models import AssignmentRole, HomeroomAssignment
from apps.tenancy.models import School, SchoolType
from tests.compliance.conftest import XUHUI_INDICATORS as N
from tests.personas import World

YEAR = current_school_year()


@pytest.fixture
def sent_runs(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    from apps.compliance import tasks

    box: list[int] = []
    monkeypatch.setattr(tasks.execute_run, "delay", box.append)
    return box


def _staff(world: World, key: str) -> None:
    sd = world.schools[key]
    HomeroomAssignment.objects.create(
        school=sd.school, district_id=sd.school.district_id, teacher=sd.teachers[2],
        school_class=sd.classes[1], school_year=YEAR, role=AssignmentRole.HOMEROOM,
    )  # fmt: skip


def _recompute(world: World, key: str = "A1") -> ComplianceRun:
    school = world.schools[key].school
    return services.run_start(
        district=school.district, school_year=YEAR, school=school, trigger=RunTrigger.AUTO
    )


def test_a_recompute_fingerprints_only_its_school(xuhui_world: World, sent_runs: Any) -> None:
    """Another school's change does not make A1's recompute new work; A1's own does."""
    first = _recompute(xuhui_world)
    _staff(xuhui_world, "A2")
    assert _recompute(xuhui_world).pk == first.pk
    _staff(xuhui_world, "A1")
    assert _recompute(xuhui_world).pk != first.pk


def test_a_recompute_evaluates_and_stores_only_its_school(xuhui_world: World) -> None:
    a1 = xuhui_world.schools["A1"].school
    run = _recompute(xuhui_world)
    services.run_execute(run_id=run.pk)
    schools = set(ComplianceResult.objects.filter(run=run).values_list("school_id", flat=True))
    assert schools == {a1.pk}
    assert ComplianceResult.objects.filter(run=run).count() == N


def _add_schools(world: World, count: int) -> None:
    district = world.districts["A"]
    School.objects.bulk_create(
        School(district=district, code=f"R{n}", name=f"学校R{n}", school_type=SchoolType.PRIMARY)
        for n in range(count)
    )


def _recompute_queries(world: World) -> int:
    with CaptureQueriesContext(connection) as captured:
        run = services.run_start(
            district=world.districts["A"], school_year=YEAR,
            school=world.schools["A1"].school, trigger=RunTrigger.AUTO, force=True,
        )  # fmt: skip
        services.run_execute(run_id=run.pk)
    return len(captured)


def test_a_recompute_costs_the_same_whatever_the_districts_size(
    xuhui_world: World, sent_runs: Any
) -> None:
    before = _recompute_queries(xuhui_world)
    _add_schools(xuhui_world, 40)
    assert _recompute_queries(xuhui_world) == before


def test_ten_saves_in_a_second_give_one_message_and_one_recompute(
    xuhui_world: World, settings: Any, django_capture_on_commit_callbacks: Any, sent_runs: Any
) -> None:
    settings.COMPLIANCE_RECOMPUTE_DEBOUNCE_SECONDS = 30
    school = xuhui_world.schools["A1"].school
    with django_capture_on_commit_callbacks() as callbacks:
        for _ in range(10):
            services.schedule_school_recompute(school=school, school_year=YEAR)
    assert len(callbacks) == 1
    assert RecomputeRequest.objects.filter(school=school).count() == 1
    RecomputeRequest.objects.filter(school=school).update(
        requested_at=timezone.now() - dt.timedelta(seconds=31)
    )
    for _ in range(3):  # the one delayed task, and two duplicate deliveries
        services.recompute_school_when_quiet(school_id=school.pk, school_year=YEAR)
    assert ComplianceRun.objects.filter(school=school, trigger=RunTrigger.AUTO).count() == 1


def test_a_recompute_whose_message_was_lost_is_started_by_the_reconciler(
    xuhui_world: World,
    settings: Any,
    sent_runs: list[int],
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.COMPLIANCE_RECOMPUTE_DEBOUNCE_SECONDS = 30
    school = xuhui_world.schools["A1"].school
    services.schedule_school_recompute(school=school, school_year=YEAR)  # message lost
    jobs_reconcile()
    assert not ComplianceRun.objects.filter(school=school).exists()  # not quiet yet
    RecomputeRequest.objects.filter(school=school).update(
        requested_at=timezone.now() - dt.timedelta(seconds=31)
    )
    with django_capture_on_commit_callbacks(execute=True):
        jobs_reconcile()
    run = ComplianceRun.objects.get(school=school)
    assert run.trigger == RunTrigger.AUTO
    assert not RecomputeRequest.objects.filter(school=school).exists()
    assert sent_runs == [run.pk]
