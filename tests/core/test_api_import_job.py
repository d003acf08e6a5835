"""The kit's API shape of an import job (apps/core/api.py `ImportJobOutput`): a failed
file's every bad row with its sheet, row, column and message, a refusal of the whole file
as row 0, and a finished job at 100 percent."""

from __future__ import annotations

from typing import Any

import pytest

from apps.accounts.models import User
from apps.core.api import IMPORT_JOB_FIELDS, ImportJobOutput
from apps.core.models import JobState

from .kit_models import SampleImport, kit_tables

__all__ = ["kit_tables"]


class SampleImportOutput(ImportJobOutput):
    class Meta:
        model = SampleImport
        fields = ["id", *IMPORT_JOB_FIELDS]


@pytest.fixture
def job(kit_tables: None) -> Any:
    user = User.objects.create(username="uploader")
    return SampleImport.objects.create(created_by=user, file_name="名单.xlsx", file_data=b"x")


def test_a_failed_job_shows_every_bad_row(job: Any) -> None:
    errors = [
        {"sheet": "学校", "row": 3, "column": "学段类型", "message": "“大学”不是可选项。"},
        {"sheet": "学校", "row": 9, "column": "学校代码", "message": "与第 4 行重复。"},
    ]
    job.state, job.errors = JobState.FAILED, errors  # as `finish` leaves it
    data = SampleImportOutput(job).data
    assert data["state"] == "failed" and data["percent"] == 100
    assert data["errors"] == errors


def test_a_file_refused_as_a_whole_is_row_0_and_a_pending_job_at_0_percent(job: Any) -> None:
    assert SampleImportOutput(job).data["percent"] == 0
    refusal = {"sheet": "", "row": 0, "column": "", "message": "文件含宏，已拒收。"}
    job.state, job.errors = JobState.FAILED, [refusal]
    assert SampleImportOutput(job).data["errors"] == [refusal]
