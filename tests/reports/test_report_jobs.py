"""Report jobs (issue 12 §2): the same request on the same data is one rendering, its
file archived with its hash; new data is a new report; cancel; a person's limit; an
attempt that lost its lease stores nothing, and the job ends with exactly one file."""

from __future__ import annotations

import datetime as dt
import hashlib
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from apps.compliance import services as compliance
from apps.core.leases import LeaseLost
from apps.core.models import JobState
from apps.reports.models import ReportFile, ReportJob, ReportKind
from apps.reports.services import report_cancel, report_render, report_request
from tests.personas import World

from .conftest import YEAR
from .helpers import rendered


def test_two_identical_requests_are_one_rendering_and_the_archive_answers_the_second(
    evaluated: World,
) -> None:
    district = evaluated.districts["A"]
    job, data = rendered(district=district, kind=ReportKind.DISTRICT, fmt="xlsx", year=YEAR)
    again = report_request(actor=evaluated.user("A.reviewer"), district=district,
                           kind=ReportKind.DISTRICT, fmt="xlsx", school_year=YEAR)  # fmt: skip
    assert again.pk == job.pk and again.state == JobState.SUCCEEDED
    report_render(job_id=again.pk)  # a second delivery of the task does nothing
    assert ReportFile.objects.filter(job=job).count() == 1
    assert job.sha256 == hashlib.sha256(data).hexdigest() and job.size == len(data)


def test_new_data_is_a_new_report(evaluated: World) -> None:
    district = evaluated.districts["A"]
    first, _ = rendered(district=district, kind=ReportKind.DISTRICT, fmt="xlsx", year=YEAR)
    run = compliance.run_start(district=district, school_year=YEAR, force=True)
    compliance.run_execute(run_id=run.pk)
    second, _ = rendered(district=district, kind=ReportKind.DISTRICT, fmt="xlsx", year=YEAR)
    assert second.pk != first.pk and second.run_id == run.pk != first.run_id


def test_a_queued_report_is_cancelled_and_rendered_again_when_asked_again(
    evaluated: World,
) -> None:
    leader = evaluated.user("A1.leader")
    school = evaluated.schools["A1"].school
    job = report_request(actor=leader, district=school.district, kind=ReportKind.SCHOOL,
                         fmt="pdf", school_year=YEAR, school=school)  # fmt: skip
    job = report_cancel(actor=leader, job=job)
    assert job.state == JobState.CANCELLED and "已取消" in job.message
    report_render(job_id=job.pk)  # the task still in the queue finds it finished
    assert not ReportFile.objects.filter(job=job).exists()
    again = report_request(actor=leader, district=school.district, kind=ReportKind.SCHOOL,
                           fmt="pdf", school_year=YEAR, school=school)  # fmt: skip
    assert again.pk == job.pk and again.state == JobState.PENDING
    report_render(job_id=again.pk)
    again.refresh_from_db()
    assert again.state == JobState.SUCCEEDED and again.pages >= 1


def test_a_cancel_while_rendering_stops_at_the_next_stage(evaluated: World) -> None:
    district = evaluated.districts["A"]
    admin = evaluated.user("A.admin")
    job = report_request(actor=admin, district=district, kind=ReportKind.DISTRICT, fmt="pdf",
                         school_year=YEAR)  # fmt: skip
    ReportJob.objects.filter(pk=job.pk).update(cancel_requested=True)  # asked mid-render
    report_render(job_id=job.pk)
    job.refresh_from_db()
    assert job.state == JobState.CANCELLED and not ReportFile.objects.filter(job=job).exists()


@override_settings(REPORT_MAX_ACTIVE_PER_USER=1)
def test_a_person_renders_a_limited_number_of_reports_at_once(evaluated: World) -> None:
    district, admin = evaluated.districts["A"], evaluated.user("A.admin")
    report_request(actor=admin, district=district, kind=ReportKind.DISTRICT, fmt="pdf",
                   school_year=YEAR)  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        report_request(actor=admin, district=district, kind=ReportKind.DISTRICT, fmt="xlsx",
                       school_year=YEAR)  # fmt: skip
    assert "每人最多同时 1 份" in refused.value.message_dict["kind"][0]
    assert ReportJob.objects.count() == 1


@pytest.mark.parametrize(
    ("extra", "field", "message"),
    [
        ({"school_year": 1999}, "school_year", "学年应在"),
        ({"school_year": YEAR + 1}, "school_year", "尚未开始"),
        ({"fmt": "docx"}, "fmt", "请选择 PDF 或 Excel"),
        ({"kind": ReportKind.SCHOOL}, "school", "学校报告须选择学校"),
    ],
)
def test_bad_requests_name_the_field_and_start_nothing(
    extra: dict[str, Any], field: str, message: str, evaluated: World
) -> None:
    asked = {"kind": ReportKind.DISTRICT, "fmt": "pdf", "school_year": YEAR} | extra
    with pytest.raises(ValidationError) as refused:
        report_request(actor=evaluated.user("A.admin"), district=evaluated.districts["A"],
                       **asked)  # fmt: skip
    assert message in refused.value.message_dict[field][0]
    assert not ReportJob.objects.exists()


def test_another_districts_school_is_refused(evaluated: World) -> None:
    with pytest.raises(ValidationError) as refused:
        report_request(actor=evaluated.user("A.admin"), district=evaluated.districts["A"],
                       kind=ReportKind.SCHOOL, fmt="pdf", school_year=YEAR,
                       school=evaluated.schools["B1"].school)  # fmt: skip
    assert "不属于本区" in refused.value.message_dict["school"][0]


def test_an_attempt_that_lost_its_lease_stores_nothing_and_the_next_one_finishes(
    evaluated: World,
) -> None:
    """A worker killed mid-render: its lease runs out, the reconciler's revival sends the
    job again, and the job ends with exactly one file — the dead attempt's late finish is
    refused."""
    district = evaluated.districts["A"]
    job = report_request(actor=None, district=district, kind=ReportKind.DISTRICT, fmt="xlsx",
                         school_year=YEAR)  # fmt: skip
    dead = ReportJob.objects.get(pk=job.pk)
    assert dead.claim()  # attempt 1 starts … and its worker dies
    past = timezone.now() - dt.timedelta(minutes=5)
    ReportJob.objects.filter(pk=job.pk).update(lease_expires_at=past)
    assert ReportJob.objects.get(pk=job.pk).revive()  # what the reconciler does
    report_render(job_id=job.pk)  # attempt 2
    with pytest.raises(LeaseLost):
        dead.finish(JobState.SUCCEEDED, "迟到的完成")
    job.refresh_from_db()
    assert job.state == JobState.SUCCEEDED and job.attempts == 2
    assert ReportFile.objects.filter(job=job).count() == 1


def test_render_report_writes_the_file_and_prints_its_hash(
    evaluated: World, tmp_path: Path
) -> None:
    out = tmp_path / "district.xlsx"
    stdout = StringIO()
    district = evaluated.districts["A"]
    args = ["--type", "district", "--district", district.code, "--year", str(YEAR),
            "--format", "xlsx", "--out", str(out)]  # fmt: skip
    call_command("render_report", *args, stdout=stdout)
    job = ReportJob.objects.get()
    assert out.read_bytes() == bytes(job.file.data)
    assert job.sha256 in stdout.getvalue() and job.trigger == "command"


def test_the_district_page_starts_a_report_and_its_page_shows_the_progress_and_the_file(
    evaluated: World, client_for: Any
) -> None:
    district = evaluated.districts["A"]
    client = client_for("A.admin")
    page = client.get(reverse("reports:district_reports", args=[district.pk]))
    assert "区达标情况报告" in page.content.decode()
    response = client.post(reverse("reports:district_start", args=[district.pk]),
                           {"kind": "district", "fmt": "pdf", "year": YEAR})  # fmt: skip
    job = ReportJob.objects.get()
    assert response["Location"] == reverse("reports:district_job", args=[district.pk, job.pk])
    waiting = client.get(response["Location"], headers={"HX-Request": "true"}).content.decode()
    assert "排队中" in waiting and "hx-trigger" in waiting and "取消生成" in waiting
    report_render(job_id=job.pk)
    done = client.get(response["Location"]).content.decode()
    job.refresh_from_db()
    assert job.sha256 in done and "hx-trigger" not in done
    download = client.get(reverse("reports:district_download", args=[district.pk, job.pk]))
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download).startswith(b"%PDF")
    archive = client.get(reverse("reports:district_reports", args=[district.pk])).content
    assert job.sha256[:10] in archive.decode()


def test_a_bad_year_typed_into_the_form_is_a_chinese_message(
    evaluated: World, client_for: Any
) -> None:
    district = evaluated.districts["A"]
    client = client_for("A.admin")
    form = {"kind": "district", "fmt": "pdf", "year": "二〇二五"}
    url = reverse("reports:district_start", args=[district.pk])
    response = client.post(url, form, follow=True)
    assert "学年应在" in response.content.decode()
    assert not ReportJob.objects.exists()
