"""Issue 9 §7: a large district's run spread over the workers in chunks of schools
(apps/compliance/fanout.py) gives the very results a one-process run gives, shows them
only once every chunk is in, fails whole when a chunk fails, stays alive while a chunk
is, and is shared by two real worker processes.

District A of the persona world has two schools: with COMPLIANCE_FANOUT_CHUNK_SCHOOLS = 1
its run is two chunks. The in-process tests call the chunks' task function directly, in
the order a worker would take them (the tasks sent on commit never fire inside a test's
transaction)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import redis
from django.db.models.functions import Now

from apps.compliance import fanout, services
from apps.compliance.models import ComplianceResult, ComplianceRun, CurrentResult, RunChunk
from apps.compliance.packs import load_all
from apps.core.models import JobState
from apps.core.schoolyear import current_school_year
from apps.tenancy.models import School, SchoolType
from tests.personas import World, build_world
from tests.support.workers import Worker

YEAR = current_school_year()


@pytest.fixture
def chunked(settings: Any) -> None:
    settings.COMPLIANCE_FANOUT_CHUNK_SCHOOLS = 1


def _statuses(run: ComplianceRun) -> dict[tuple[int | None, str], tuple[str, str, str]]:
    rows = ComplianceResult.objects.filter(run=run).values_list(
        "school_id", "indicator_code", "status", "value", "note"
    )
    return {(s, code): (status, value, note) for s, code, status, value, note in rows}


def _current_run_ids(world: World) -> set[int]:
    return set(
        CurrentResult.objects.filter(district=world.districts["A"], school_year=YEAR)
        .values_list("result__run_id", flat=True)
        .distinct()
    )


def _start(world: World) -> ComplianceRun:
    run = services.run_start(district=world.districts["A"], school_year=YEAR, force=True)
    services.run_execute(run_id=run.pk)
    run.refresh_from_db()
    return run


def test_split_keeps_every_school_once_in_nearly_equal_chunks() -> None:
    ids = list(range(1, 2001))
    chunks = fanout.split(ids, 250)
    assert len(chunks) == 8 and {len(c) for c in chunks} == {250}
    chunks = fanout.split(list(range(1, 302)), 250)  # 301 schools: 2 chunks, not 250 + 51
    assert [len(c) for c in chunks] == [151, 150]
    assert [i for c in chunks for i in c] == list(range(1, 302))


def test_a_fanned_out_run_gives_the_one_process_run_s_results_and_shows_them_only_when_whole(
    xuhui_world: World, chunked: None, settings: Any
) -> None:
    settings.COMPLIANCE_FANOUT_CHUNK_SCHOOLS = 0
    whole = _start(xuhui_world)  # one process, for comparison
    assert whole.state == JobState.SUCCEEDED and not RunChunk.objects.exists()

    settings.COMPLIANCE_FANOUT_CHUNK_SCHOOLS = 1
    run = _start(xuhui_world)
    chunks = list(RunChunk.objects.filter(run=run).order_by("index"))
    schools = School.objects.filter(district=xuhui_world.districts["A"]).count()
    assert [len(c.school_ids) for c in chunks] == [1] * schools
    assert run.state == JobState.RUNNING and run.total == schools

    fanout.execute_chunk(chunk_id=chunks[0].pk)
    run.refresh_from_db()
    # Half the schools are in: the page shows progress, the readers still the older run.
    assert (run.state, run.progress) == (JobState.RUNNING, 1)
    assert _current_run_ids(xuhui_world) == {whole.pk}

    for chunk in chunks[1:]:
        fanout.execute_chunk(chunk_id=chunk.pk)
    run.refresh_from_db()
    assert run.state == JobState.SUCCEEDED, run.message
    assert f"分 {schools} 片" in run.message
    assert _statuses(run) == _statuses(whole)  # the same result for every (school, indicator)
    assert run.summary == whole.summary
    assert _current_run_ids(xuhui_world) == {run.pk}  # the current table moved at once

    fanout.execute_chunk(chunk_id=chunks[0].pk)  # a duplicate delivery does nothing
    assert ComplianceResult.objects.filter(run=run).count() == len(_statuses(whole))


def test_a_failed_chunk_fails_the_run_and_the_readers_keep_the_last_good_one(
    xuhui_world: World, chunked: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = _start(xuhui_world)
    for chunk in RunChunk.objects.filter(run=good):
        fanout.execute_chunk(chunk_id=chunk.pk)
    run = _start(xuhui_world)
    first, second = RunChunk.objects.filter(run=run).order_by("index")
    fanout.execute_chunk(chunk_id=first.pk)

    def broken(**kwargs: Any) -> None:
        raise RuntimeError("evaluator bug")

    monkeypatch.setattr(fanout.engine, "evaluate", broken)
    fanout.execute_chunk(chunk_id=second.pk)

    run.refresh_from_db()
    assert run.state == JobState.ERROR and "未生效" in run.message
    assert _current_run_ids(xuhui_world) == {good.pk}
    assert RunChunk.objects.get(pk=second.pk).state == JobState.ERROR


def test_a_run_is_alive_while_a_chunk_is_and_is_finished_from_its_chunks_when_resent(
    xuhui_world: World, chunked: None
) -> None:
    run = _start(xuhui_world)
    ComplianceRun.objects.filter(pk=run.pk).update(lease_expires_at=Now())  # its task is gone
    dead_runs = ComplianceRun.objects.filter(ComplianceRun.dead())
    assert run not in dead_runs  # its chunks are queued: the reconciler leaves it be

    chunks = list(RunChunk.objects.filter(run=run).order_by("index"))
    for chunk in chunks:
        fanout.execute_chunk(chunk_id=chunk.pk)
    # A chunk's worker dies after taking it: the chunk, then the run, become dead.
    run = _start(xuhui_world)
    first, second = RunChunk.objects.filter(run=run).order_by("index")
    fanout.execute_chunk(chunk_id=first.pk)
    assert second.claim()
    RunChunk.objects.filter(pk=second.pk).update(lease_expires_at=Now())
    ComplianceRun.objects.filter(pk=run.pk).update(lease_expires_at=Now())
    assert RunChunk.objects.filter(RunChunk.dead(), pk=second.pk).exists()
    assert ComplianceRun.objects.filter(ComplianceRun.dead(), pk=run.pk).exists()

    # The reconciler sends the run again: it puts the dead chunk back; its worker ends it.
    run.refresh_from_db()
    assert run.revive()
    services.run_execute(run_id=run.pk)
    assert RunChunk.objects.get(pk=second.pk).state == JobState.PENDING
    fanout.execute_chunk(chunk_id=second.pk)
    run.refresh_from_db()
    assert run.state == JobState.SUCCEEDED, run.message
    assert RunChunk.objects.get(pk=second.pk).attempts == 2
    assert _current_run_ids(xuhui_world) == {run.pk}


# --------------------------------------------------------------------------- two workers


@pytest.fixture
def two_workers(tmp_path: Path, settings: Any) -> Iterator[Callable[[], list[Worker]]]:
    queue = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    queue.flushdb()
    started: list[Worker] = []
    env = {"COMPLIANCE_FANOUT_CHUNK_SCHOOLS": "1", "SLOW_JOB_STEP_SECONDS": "0.05"}

    def start() -> list[Worker]:
        for name in ("w1", "w2"):
            started.append(Worker(name, tmp_path, slow=True, beat=False, env=env))
        return started

    yield start
    for worker in started:
        worker.stop()
    queue.flushdb()
    queue.close()


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_two_worker_processes_share_a_fanned_out_run(
    two_workers: Callable[[], list[Worker]], settings: Any
) -> None:
    """Shown with 2 workers (issue 9 §7): each takes chunks; the run ends once, whole."""
    load_all()
    world = build_world()
    district = world.districts["A"]
    School.objects.bulk_create(
        School(
            district=district, name=f"扩展学校{n}", code=f"a-x{n}", school_type=SchoolType.PRIMARY
        )
        for n in range(2)
    )
    district.policy_packs = ["xuhui-2026"]
    district.save(update_fields=["policy_packs"])
    settings.COMPLIANCE_FANOUT_CHUNK_SCHOOLS = 1
    workers = two_workers()
    run = services.run_start(district=district, school_year=YEAR)

    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        run.refresh_from_db()
        if run.is_finished:
            break
        time.sleep(0.2)
    logs = "\n".join(w.log.read_text(errors="replace")[-2000:] for w in workers)
    assert run.state == JobState.SUCCEEDED, f"{run.state} {run.message}\n{logs}"
    chunks = RunChunk.objects.filter(run=run)
    schools = School.objects.filter(district=district).count()
    assert chunks.count() == schools == 4
    assert len(set(chunks.values_list("worker", flat=True))) == 2, logs  # both worked
    assert set(chunks.values_list("attempts", flat=True)) == {1}  # each chunk done once
    evaluated = ComplianceResult.objects.filter(run=run, school__isnull=False)
    assert set(evaluated.values_list("school_id", flat=True)) == set(
        School.objects.filter(district=district).values_list("pk", flat=True)
    )
    assert _current_run_ids(world) == {run.pk}
