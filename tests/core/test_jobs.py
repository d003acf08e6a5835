"""The kit's import-job framework on its own (apps/core/jobs.py): checked upload, enqueue
after commit, claim once, every outcome written on the job, stalled jobs requeued."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
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
    imports_requeue_stalled,
)
from apps.core.models import JobState
from apps.core.xlsx import Column, SheetSpec, parse_text, read_workbook
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


def test_stalled_jobs_are_sent_again_and_fresh_ones_are_not(
    kit_tables: None, user: User, sent: list[tuple[Any, ...]]
) -> None:
    lost, dead, fresh = _job(user), _job(user), _job(user)
    long_ago = timezone.now() - dt.timedelta(hours=2)
    SampleImport.objects.filter(pk=lost.pk).update(created_at=long_ago)
    SampleImport.objects.filter(pk=dead.pk).update(state=JobState.RUNNING, started_at=long_ago)
    sent.clear()
    assert imports_requeue_stalled() == 2
    assert sorted(job_id for _label, job_id in sent) == sorted([lost.pk, dead.pk])
    assert fresh.pk not in {job_id for _label, job_id in sent}
