"""The kit's import-job framework on its own (apps/core/jobs.py): checked upload, enqueue
after commit, claim once, every outcome written on the job, dead jobs sent again by the
reconciler, and the lease: held while the work runs, taken over once it expires, and an
attempt that lost it keeps nothing."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import F
from django.utils import timezone

from apps.accounts.models import User
from apps.core import jobs, tasks
from apps.core.jobs import (
    ImportDone,
    ImportRefused,
    RowsRejected,
    import_create,
    import_run,
    import_runner,
    jobs_reconcile,
)
from apps.core.models import JobState, LeaseLost
from apps.core.xlsx import Column, SheetSpec, parse_text, read_workbook
from tests.support import db_roles
from tests.support.xlsx import workbook_bytes

from .kit_models import SampleImport, kit_tables

__all__ = ["kit_tables"]

SPEC = SheetSpec(
    "名单",
    (Column("姓名", "name", required=True),),
    {"name": lambda v: parse_text(v, max_length=4)},
)
calls: list[int] = []


def run_sample(job: SampleImport) -> ImportDone:
    calls.append(job.pk)
    if job.file_name.startswith("refused"):
        raise ImportRefused("上传人已不再担任可导入此数据的角色，未保存任何数据。")
    if job.file_name.startswith("crash"):
        raise RuntimeError("a bug")
    if job.file_name.startswith("service"):
        raise ValidationError({"hours": "学时超过上限。"})
    sheet = read_workbook(bytes(job.file_data), [SPEC], progress=job.report_progress)["名单"]
    if sheet.errors:
        raise RowsRejected(sheet.errors)
    return ImportDone({"rows": len(sheet.rows)}, f"导入成功：{len(sheet.rows)} 人。")


@pytest.fixture(autouse=True)
def sample_runner(monkeypatch: pytest.MonkeyPatch) -> None:
    """The sample runner is registered for these tests only (the registry is restored)."""
    monkeypatch.setattr(jobs, "_RUNNERS", dict(jobs._RUNNERS))
    import_runner(SampleImport)(run_sample)


@pytest.fixture
def user(db: None) -> User:
    return User.objects.create_user("kit-user", password="x")


@pytest.fixture
def sent(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, ...]]:
    box: list[tuple[Any, ...]] = []
    monkeypatch.setattr(tasks.run_import, "delay", lambda *args: box.append(args))
    return box


def _file(*names: str) -> bytes:
    return workbook_bytes({"名单": [["姓名"], *[[n] for n in names]]})


def _job(user: User, name: str = "名单.xlsx", data: bytes | None = None) -> SampleImport:
    return import_create(SampleImport, file_name=name, data=data or _file("张三"), created_by=user)


def test_a_file_that_is_not_xlsx_is_refused_before_anything_is_stored(
    kit_tables: None, user: User, sent: list[tuple[Any, ...]]
) -> None:
    with pytest.raises(ValidationError) as refused:
        _job(user, "名单.csv", b"a,b")
    assert "请上传 .xlsx 格式" in refused.value.message_dict["file"][0]
    with pytest.raises(ValidationError) as broken:
        _job(user, "名单.xlsx", b"PK\x03\x04 not really")
    assert "不是有效的 Excel" in broken.value.message_dict["file"][0]
    assert SampleImport.objects.count() == 0


def test_the_task_is_sent_only_after_commit(
    kit_tables: None,
    user: User,
    sent: list[tuple[Any, ...]],
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        job = _job(user)
        assert sent == []
    assert sent == [("core.sampleimport", job.pk)]
    assert job.state == JobState.PENDING


def test_a_good_file_succeeds_with_its_summary_and_full_progress(
    kit_tables: None, user: User, sent: list[tuple[Any, ...]]
) -> None:
    job = _job(user, data=_file("张三", "李四"))
    import_run(model_label="core.sampleimport", job_id=job.pk)
    job.refresh_from_db()
    assert (job.state, job.message, job.summary) == (
        JobState.SUCCEEDED,
        "导入成功：2 人。",
        {"rows": 2},
    )
    assert job.percent == 100


def test_every_bad_row_is_reported_and_the_job_fails(
    kit_tables: None, user: User, sent: list[tuple[Any, ...]]
) -> None:
    job = _job(user, data=_file("张三", "五个字的名", "欧阳娜娜娜"))
    import_run(model_label="core.sampleimport", job_id=job.pk)
    job.refresh_from_db()
    assert job.state == JobState.FAILED
    assert job.message == "发现 2 处错误，文件未保存任何数据。请修改后重新上传。"
    assert [(e["sheet"], e["row"], e["column"]) for e in job.errors] == [
        ("名单", 3, "姓名"),
        ("名单", 4, "姓名"),
    ]


@pytest.mark.parametrize(
    "case",
    [
        ("refused.xlsx", JobState.FAILED, "上传人已不再担任可导入此数据的角色，未保存任何数据。"),
        ("service.xlsx", JobState.FAILED, "发现 1 处错误，文件未保存任何数据。请修改后重新上传。"),
        (
            "crash.xlsx",
            JobState.ERROR,
            "导入时发生系统错误，未保存任何数据。请稍后重试；如反复出现，请联系管理员。",
        ),
    ],
)
def test_refusals_service_errors_and_bugs_each_end_the_job_clearly(
    kit_tables: None, user: User, sent: list[tuple[Any, ...]], case: tuple[str, str, str]
) -> None:
    name, state, message = case
    job = _job(user, name)
    import_run(model_label="core.sampleimport", job_id=job.pk)
    job.refresh_from_db()
    assert (job.state, job.message) == (state, message)


def test_a_second_delivery_of_the_task_does_nothing(
    kit_tables: None, user: User, sent: list[tuple[Any, ...]]
) -> None:
    job = _job(user)
    calls.clear()
    import_run(model_label="core.sampleimport", job_id=job.pk)
    import_run(model_label="core.sampleimport", job_id=job.pk)
    assert calls == [job.pk]


def test_dead_jobs_are_sent_again_and_live_ones_are_not(
    kit_tables: None, user: User, sent: list[tuple[Any, ...]]
) -> None:
    """Lost message (pending past the grace) and dead worker (lease expired) are sent
    again, back to pending; a job just sent and a job whose lease is live are left."""
    lost, dead, fresh, live = _job(user), _job(user), _job(user), _job(user)
    now = timezone.now()
    SampleImport.objects.filter(pk=lost.pk).update(enqueued_at=now - dt.timedelta(minutes=2))
    assert dead.claim() and live.claim()
    SampleImport.objects.filter(pk=dead.pk).update(lease_expires_at=now - dt.timedelta(seconds=1))
    sent.clear()
    assert jobs_reconcile() == 2
    assert sorted(sent) == sorted([("core.sampleimport", lost.pk), ("core.sampleimport", dead.pk)])
    states = dict(SampleImport.objects.values_list("pk", "state"))
    assert states == {
        lost.pk: JobState.PENDING,
        dead.pk: JobState.PENDING,
        fresh.pk: JobState.PENDING,
        live.pk: JobState.RUNNING,
    }
    sent.clear()
    assert jobs_reconcile() == 0  # just sent again: not sent once more before the grace
    assert sent == []


def test_a_job_sent_again_runs_once_with_its_attempts_counted(
    kit_tables: None, user: User, sent: list[tuple[Any, ...]]
) -> None:
    job = _job(user)
    assert job.claim()  # the first worker took it … and died
    SampleImport.objects.filter(pk=job.pk).update(lease_expires_at=timezone.now())
    calls.clear()
    jobs_reconcile()
    import_run(model_label="core.sampleimport", job_id=job.pk)
    import_run(model_label="core.sampleimport", job_id=job.pk)  # the broker's late redelivery
    job.refresh_from_db()
    assert (job.state, job.attempts, job.lease_expires_at) == (JobState.SUCCEEDED, 2, None)
    assert calls == [job.pk]


def test_a_job_whose_every_attempt_died_ends_as_an_error_instead_of_killing_more_workers(
    kit_tables: None, user: User, sent: list[tuple[Any, ...]], settings: Any
) -> None:
    """A file that kills its worker each time (out of memory) is tried JOB_MAX_ATTEMPTS
    times, then the person reads why it stopped; it is not sent to another worker."""
    job = _job(user)
    for _attempt in range(settings.JOB_MAX_ATTEMPTS):
        assert job.claim()  # a worker takes it … and is killed
        SampleImport.objects.filter(pk=job.pk).update(lease_expires_at=timezone.now())
        jobs_reconcile()
    assert not SampleImport.objects.get(pk=job.pk).claim()  # the broker's late redelivery
    sent.clear()
    assert jobs_reconcile() == 0
    assert sent == []
    job.refresh_from_db()
    assert (job.state, job.attempts, job.lease_expires_at) == (
        JobState.ERROR,
        settings.JOB_MAX_ATTEMPTS,
        None,
    )
    assert job.message == (
        f"任务执行中多次意外中断（已尝试 {settings.JOB_MAX_ATTEMPTS} 次），已停止重试，"
        "未保存任何数据。请稍后重新发起；如反复出现，请联系管理员。"
    )


def test_a_live_lease_keeps_a_second_delivery_out_and_an_expired_one_lets_it_take_over(
    kit_tables: None, user: User, sent: list[tuple[Any, ...]]
) -> None:
    first = _job(user)
    assert first.claim()
    assert first.lease_expires_at is not None
    assert first.lease_expires_at > timezone.now() + dt.timedelta(seconds=50)  # 60 s lease
    second = SampleImport.objects.get(pk=first.pk)
    assert not second.claim()
    SampleImport.objects.filter(pk=first.pk).update(lease_expires_at=timezone.now())
    assert second.claim()
    assert second.attempts == 2
    # The first attempt, stalled past its lease, wakes up: it may neither report nor finish.
    with pytest.raises(LeaseLost):
        first.report_progress(3, 10)
    with pytest.raises(LeaseLost):
        first.finish(JobState.SUCCEEDED, "导入成功")
    second.finish(JobState.SUCCEEDED, "导入成功：1 人。")
    second.refresh_from_db()
    assert (second.state, second.message, second.lease_expires_at) == (
        JobState.SUCCEEDED,
        "导入成功：1 人。",
        None,
    )


@pytest.fixture
def committed_kit_tables(transactional_db: None) -> Iterator[None]:
    """The sample import table, committed, so the heartbeat's own connection sees its rows
    (as a worker's does); dropped again before the test database is flushed."""
    db_roles.create_test_tables(SampleImport)
    yield
    with connection.schema_editor() as editor:
        editor.delete_model(SampleImport)


def _elsewhere(work: Callable[[], Any]) -> Any:
    """Run `work` in another thread, on its own database connection (another worker, or
    the page polling the job), and return its result."""
    box: list[Any] = []

    def run() -> None:
        try:
            box.append(work())
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    return box[0] if box else None


def test_an_attempt_that_lost_its_lease_keeps_none_of_its_rows(
    committed_kit_tables: None, sent: list[tuple[Any, ...]]
) -> None:
    """A worker stalled past its lease, the job was taken over by another, then the stalled
    one saved: its rows roll back with its refused `finish`; the job is the other's."""

    def stalled_then_saves(job: SampleImport) -> ImportDone:
        _elsewhere(
            lambda: SampleImport.objects.filter(pk=job.pk).update(attempts=F("attempts") + 1)
        )
        User.objects.create_user("saved-by-the-stalled-attempt")
        return ImportDone({"rows": 1}, "导入成功：1 人。")

    import_runner(SampleImport)(stalled_then_saves)
    job = _job(User.objects.create_user("uploader"))
    import_run(model_label="core.sampleimport", job_id=job.pk)
    job.refresh_from_db()
    assert not User.objects.filter(username="saved-by-the-stalled-attempt").exists()
    assert (job.state, job.attempts, job.message) == (JobState.RUNNING, 2, "")


def test_the_heartbeat_keeps_a_silent_job_leased_and_its_progress_is_seen_meanwhile(
    committed_kit_tables: None, sent: list[tuple[Any, ...]], settings: Any
) -> None:
    """With a 1-second lease, work silent for 2.5 s inside its open transaction keeps its
    lease (no second delivery could take it), and the page sees its progress."""
    settings.JOB_LEASE_SECONDS = 1
    seen: dict[str, Any] = {}

    def slow_and_silent(job: SampleImport) -> ImportDone:
        job.report_progress(5, 10)
        User.objects.create_user("written-in-the-open-transaction")
        deadline = time.monotonic() + 2.5
        while time.monotonic() < deadline:
            time.sleep(0.5)
            row = _elsewhere(lambda: SampleImport.objects.get(pk=job.pk))
            assert row.lease_expires_at > timezone.now()
            assert not _elsewhere(lambda: SampleImport.objects.get(pk=job.pk).claim())
            seen["progress"] = row.progress
        return ImportDone({"rows": 1}, "导入成功：1 人。")

    import_runner(SampleImport)(slow_and_silent)
    job = _job(User.objects.create_user("uploader"))
    import_run(model_label="core.sampleimport", job_id=job.pk)
    job.refresh_from_db()
    assert seen["progress"] == 5
    assert (job.state, job.attempts, job.lease_expires_at) == (JobState.SUCCEEDED, 1, None)
