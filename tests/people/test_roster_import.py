"""Roster import (issue #2 §5): template → upload → every row validated → all or nothing.

The school is always the job's (the uploader's session), never taken from the sheet.
Hostile files are refused before parsing and save nothing.
"""

from __future__ import annotations

import io
import re
import time
import zipfile
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse
from openpyxl import load_workbook

from apps.core.access_log import DataAccessLog
from apps.core.models import JobState
from apps.core.schoolyear import current_school_year
from apps.core.xlsx import UnsafeWorkbookError, WorkbookLimits
from apps.people import services
from apps.people.models import HomeroomAssignment, RosterImport, SchoolClass, Teacher
from apps.people.roster_import import build_template, parse_roster
from tests.personas import World
from tests.support.xlsx import class_row, roster_file, teacher_row

YEAR = current_school_year()


def _run(
    world: World, data: bytes, *, school_key: str = "A1", name: str = "roster.xlsx"
) -> RosterImport:
    school = world.schools[school_key].school
    job = services.roster_import_start(
        school=school, actor=world.user(f"{school_key}.leader"), file_name=name, data=data
    )
    services.roster_import_run(job_id=job.pk)  # the Celery task's body
    job.refresh_from_db()
    return job


def _counts(world: World, key: str = "A1") -> tuple[int, int, int]:
    school = world.schools[key].school
    return (
        Teacher.objects.filter(school=school).count(),
        SchoolClass.objects.filter(school=school).count(),
        HomeroomAssignment.objects.filter(school=school).count(),
    )


def _many_classes(count: int) -> list[list[object]]:
    grades = ["一年级", "二年级", "三年级", "四年级", "五年级", "六年级"]
    return [
        class_row(YEAR, grades[i % 6], f"{i // 6 + 10}班", 班主任工号=f"N{i + 1:04d}")
        for i in range(count)
    ]


def test_template_has_the_two_sheets_with_headers() -> None:
    workbook = load_workbook(io.BytesIO(build_template()))
    assert workbook.sheetnames == ["填写说明", "教师", "班级"]
    headers = [c.value for c in next(workbook["教师"].iter_rows(max_row=1))]
    assert headers[:3] == ["工号*", "姓名*", "性别*"]


@pytest.mark.django_db
def test_clean_500_row_file_is_saved_whole(world: World) -> None:
    before = _counts(world)
    data = roster_file(teachers=[teacher_row(n) for n in range(1, 401)], classes=_many_classes(100))
    job = _run(world, data)
    assert job.state == JobState.SUCCEEDED, job.errors[:3]
    assert job.errors == []
    assert job.summary["teachers_created"] == 400
    assert job.summary["classes_created"] == 100
    assert job.progress == job.total == 500
    assert _counts(world) == (before[0] + 400, before[1] + 100, before[2] + 100)
    assert "新增教师 400 人" in job.message
    # nothing leaked into another school of the same district
    assert _counts(world, "A2") == (3, 2, 2)


@pytest.mark.django_db
def test_three_bad_rows_among_500_are_all_reported_and_nothing_saved(world: World) -> None:
    before = _counts(world)
    teachers = [teacher_row(n) for n in range(1, 401)]
    teachers[9] = teacher_row(10, 性别="未知")  # sheet row 11
    teachers[199] = teacher_row(200, 出生日期="2099-01-01")  # row 201
    classes = _many_classes(100)
    classes[49] = class_row(YEAR, "十三年级", "9班")  # 班级 row 51
    job = _run(world, roster_file(teachers=teachers, classes=classes))
    assert job.state == JobState.FAILED
    located = {(e["sheet"], e["row"], e["column"]) for e in job.errors}
    assert located == {("教师", 11, "性别"), ("教师", 201, "出生日期"), ("班级", 51, "年级")}
    assert "未保存任何数据" in job.message
    assert _counts(world) == before
    by_row = {e["row"]: e["message"] for e in job.errors}
    assert "男、女" in by_row[11]
    assert "不能晚于今天" in by_row[201]


def test_the_bad_rows_download_as_an_excel_error_report(world: World, client_for: Any) -> None:
    """Issue 12 §1: the import page offers its errors as a workbook, the leader's only."""
    teachers = [teacher_row(n) for n in range(1, 6)]
    teachers[2] = teacher_row(3, 性别="未知")
    job = _run(world, roster_file(teachers=teachers, classes=[]))
    school = world.schools["A1"].school
    page = reverse("people:import_detail", args=[school.pk, job.pk])
    assert "导出错误报告（Excel）" in client_for("A1.leader").get(page).content.decode()
    response = client_for("A1.leader").get(f"{page}?format=xlsx")
    sheet = load_workbook(io.BytesIO(response.content))["错误报告"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("工作表", "行", "列", "问题与修改方法")
    assert [(r[0], r[1], r[2]) for r in rows[1:]] == [("教师", 4, "性别")]
    assert "男、女" in rows[1][3]
    assert DataAccessLog.objects.filter(what="导入错误报告").count() == 1
    assert client_for("A2.leader").get(f"{page}?format=xlsx").status_code == 404


@pytest.mark.django_db
def test_reimport_updates_by_employee_number_and_sets_homeroom(world: World) -> None:
    """Same employee number → update, not duplicate; the class's homeroom is replaced."""
    sd = world.schools["A1"]
    existing = sd.teachers[2]
    data = roster_file(
        teachers=[teacher_row(1, prefix="Z", 工号=existing.employee_no, 姓名="改过的名字")],
        classes=[
            class_row(
                YEAR,
                "一年级",
                sd.classes[0].name,
                班主任工号=existing.employee_no,
                副班主任工号=sd.teachers[0].employee_no,
                副班主任类型="专家型",
            )
        ],
    )
    job = _run(world, data)
    assert job.state == JobState.SUCCEEDED, job.errors
    assert job.summary["teachers_updated"] == 1
    assert job.summary["teachers_created"] == 0
    existing.refresh_from_db()
    assert existing.name == "改过的名字"
    roles = dict(
        HomeroomAssignment.objects.filter(school_class=sd.classes[0]).values_list(
            "teacher__employee_no", "role"
        )
    )
    assert roles == {
        existing.employee_no: "homeroom",
        sd.teachers[0].employee_no: "deputy_expert",
        sd.teachers[1].employee_no: "deputy_training",
    }


@pytest.mark.django_db
def test_homeroom_number_unknown_to_the_school_is_an_error(world: World) -> None:
    """Another school's employee number does not resolve: the sheet cannot reach across."""
    foreign_no = world.schools["A2"].teachers[0].employee_no
    before = _counts(world)
    data = roster_file(classes=[class_row(YEAR, "三年级", "1班", 班主任工号=foreign_no)])
    job = _run(world, data)
    assert job.state == JobState.FAILED
    assert job.errors[0]["column"] == "班主任工号"
    assert foreign_no in job.errors[0]["message"]
    assert _counts(world) == before


@pytest.mark.django_db
def test_a_school_column_in_the_sheet_is_ignored(world: World) -> None:
    workbook = load_workbook(io.BytesIO(roster_file(teachers=[teacher_row(1)])))
    sheet = workbook["教师"]
    sheet.cell(row=1, column=12, value="学校")
    sheet.cell(row=2, column=12, value=world.schools["B1"].school.name)
    buffer = io.BytesIO()
    workbook.save(buffer)
    job = _run(world, buffer.getvalue())
    assert job.state == JobState.SUCCEEDED
    assert Teacher.objects.get(employee_no="N0001").school == world.schools["A1"].school
    assert _counts(world, "B1") == (3, 2, 2)


@pytest.mark.django_db
def test_duplicate_employee_numbers_in_the_file_are_reported(world: World) -> None:
    job = _run(world, roster_file(teachers=[teacher_row(1), teacher_row(2), teacher_row(1)]))
    assert job.state == JobState.FAILED
    assert job.errors == [
        {"sheet": "教师", "row": 4, "column": "工号", "message": "工号 N0001 与第 2 行重复。"}
    ]


# --------------------------------------------------------------------------- hostile files


def _zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (80 * 1024 * 1024))
    return buffer.getvalue()


def _with_formula() -> bytes:
    data = roster_file(teachers=[teacher_row(1), teacher_row(2)])
    workbook = load_workbook(io.BytesIO(data))
    workbook["教师"]["B3"] = '=HYPERLINK("http://evil.example","点我")'
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _with_dimension(ref: str, data: bytes | None = None) -> bytes:
    """The same workbook, with every sheet declaring the dimension `ref`."""
    source = zipfile.ZipFile(io.BytesIO(data or roster_file(teachers=[teacher_row(1)])))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename.startswith("xl/worksheets/"):
                content = re.sub(
                    rb'<dimension ref="[^"]*" ?/>', f'<dimension ref="{ref}"/>'.encode(), content
                )
            target.writestr(info, content)
    return buffer.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("make", "name", "message"),
    [
        (_zip_bomb, "bomb.xlsx", "压缩炸弹"),
        (lambda: b"%PDF-1.7 not a workbook at all", "report.xlsx", "不是有效的 Excel"),
        ("工号,姓名\nT1,张三\n".encode, "roster.xlsx", "不是有效的 Excel"),
        (lambda: _with_dimension("A1:J1048576"), "huge.xlsx", "行数过多"),
        (lambda: _with_dimension("A1:XFD2"), "wide.xlsx", "列数过多"),
        (lambda: roster_file(teachers=[teacher_row(1)]), "roster.csv", ".xlsx"),
    ],
    ids=[
        "zip-bomb",
        "pdf-named-xlsx",
        "csv-named-xlsx",
        "absurd-rows",
        "absurd-columns",
        "wrong-extension",
    ],
)
def test_hostile_files_are_refused_before_parsing(
    world: World, make: object, name: str, message: str
) -> None:
    before = _counts(world)
    jobs = RosterImport.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.roster_import_start(
            school=world.schools["A1"].school,
            actor=world.user("A1.leader"),
            file_name=name,
            data=make(),  # type: ignore[operator]
        )
    assert message in refused.value.message_dict["file"][0]
    assert _counts(world) == before
    assert RosterImport.objects.count() == jobs  # not even a job row


@pytest.mark.django_db
def test_formula_cell_is_refused_and_nothing_saved(world: World) -> None:
    before = _counts(world)
    job = _run(world, _with_formula())
    assert job.state == JobState.FAILED
    assert "第 3 行 B 列是公式" in job.message
    assert _counts(world) == before


@pytest.mark.django_db
def test_rows_beyond_the_limit_are_refused_even_if_the_sheet_hides_them(world: World) -> None:
    data = _with_dimension("A1:J2", roster_file(teachers=[teacher_row(n) for n in range(1, 31)]))
    with pytest.raises(UnsafeWorkbookError, match="超过 20 行"):
        parse_roster(data, school=world.schools["A1"].school, limits=WorkbookLimits(max_rows=20))


@pytest.mark.django_db
def test_upload_enqueues_the_job_only_after_commit(
    world: World, django_capture_on_commit_callbacks: object
) -> None:
    with django_capture_on_commit_callbacks() as callbacks:  # type: ignore[operator]
        job = services.roster_import_start(
            school=world.schools["A1"].school,
            actor=world.user("A1.leader"),
            file_name="r.xlsx",
            data=roster_file(teachers=[teacher_row(1)]),
        )
        assert job.state == JobState.PENDING
    assert len(callbacks) == 1


@pytest.mark.django_db
def test_a_finished_job_delivered_again_does_nothing(world: World) -> None:
    """acks_late may deliver a task twice; the second delivery finds the job finished."""
    job = _run(world, roster_file(teachers=[teacher_row(1)]))
    finished_at = job.finished_at
    services.roster_import_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.finished_at == finished_at
    assert Teacher.objects.filter(employee_no="N0001").count() == 1


@pytest.mark.worker
def test_import_runs_on_a_real_worker(celery_worker_thread: object) -> None:
    """End to end through Redis and a Celery worker: the job moves to succeeded."""
    from tests.personas import build_world

    world = build_world()
    job = services.roster_import_start(
        school=world.schools["A1"].school,
        actor=world.user("A1.leader"),
        file_name="r.xlsx",
        data=roster_file(teachers=[teacher_row(n) for n in range(1, 61)]),
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.is_finished:
            break
        time.sleep(0.2)
    assert job.state == JobState.SUCCEEDED, job.message
    assert Teacher.objects.filter(school=world.schools["A1"].school).count() == 63


@pytest.mark.django_db
def test_a_running_job_is_not_taken_twice_but_a_stale_one_is(world: World) -> None:
    """A second delivery while the first worker's lease is live leaves; once the lease
    expired (the worker died), the job is claimed again and completes once."""
    from django.utils import timezone

    job = services.roster_import_start(
        school=world.schools["A1"].school,
        actor=world.user("A1.leader"),
        file_name="r.xlsx",
        data=roster_file(teachers=[teacher_row(1)]),
    )
    assert job.claim() is True
    assert RosterImport.objects.get(pk=job.pk).claim() is False  # a concurrent delivery
    RosterImport.objects.filter(pk=job.pk).update(lease_expires_at=timezone.now())
    services.roster_import_run(job_id=job.pk)
    job.refresh_from_db()
    assert (job.state, job.attempts) == (JobState.SUCCEEDED, 2)
    assert Teacher.objects.filter(employee_no="N0001").count() == 1


@pytest.mark.django_db
def test_an_unexpected_failure_marks_the_job_error_and_saves_nothing(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The progress page must stop polling with a message, not spin forever."""
    from apps.people import services as people_services

    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(people_services, "save_roster", explode)
    before = _counts(world)
    job = _run(world, roster_file(teachers=[teacher_row(1)]))
    assert job.state == JobState.ERROR
    assert job.is_finished
    assert "系统错误" in job.message
    assert _counts(world) == before


@pytest.mark.django_db
def test_upload_size_limit_comes_from_settings(world: World, settings: object) -> None:
    settings.IMPORT_MAX_BYTES = 2000  # type: ignore[attr-defined]
    with pytest.raises(ValidationError) as refused:
        services.roster_import_start(
            school=world.schools["A1"].school,
            actor=world.user("A1.leader"),
            file_name="r.xlsx",
            data=roster_file(teachers=[teacher_row(1)]),
        )
    assert "文件过大" in refused.value.message_dict["file"][0]


@pytest.mark.django_db
def test_stalled_pending_jobs_are_requeued(
    world: World, django_capture_on_commit_callbacks: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A task lost with the broker leaves its job pending; beat re-enqueues it."""
    import datetime as dt

    from django.utils import timezone

    from apps.core import tasks
    from apps.core.jobs import jobs_reconcile

    sent: list[int] = []
    monkeypatch.setattr(tasks.run_import, "delay", lambda _label, job_id: sent.append(job_id))
    job = services.roster_import_start(
        school=world.schools["A1"].school,
        actor=world.user("A1.leader"),
        file_name="r.xlsx",
        data=roster_file(teachers=[teacher_row(1)]),
    )
    fresh = services.roster_import_start(
        school=world.schools["A1"].school,
        actor=world.user("A1.leader"),
        file_name="r2.xlsx",
        data=roster_file(teachers=[teacher_row(2)]),
    )
    RosterImport.objects.filter(pk=job.pk).update(
        enqueued_at=timezone.now() - dt.timedelta(minutes=10)
    )
    assert jobs_reconcile() == 1
    assert sent == [job.pk]
    assert fresh.pk not in sent


# --------------------------------------------------------------------------- the row cap


CAP = 30  # a small ROSTER_IMPORT_MAX_ROWS for the tests; the default is ≥ 15,000


@pytest.mark.django_db
@override_settings(ROSTER_IMPORT_MAX_ROWS=CAP)
def test_a_sheet_of_exactly_the_cap_passes_the_upload_check_and_the_job(world: World) -> None:
    """The header is not counted: CAP data rows on each sheet (plus the header) are
    accepted at upload and imported whole by the job."""
    teachers = [teacher_row(n) for n in range(1, CAP + 1)]
    job = _run(world, roster_file(teachers=teachers, classes=_many_classes(CAP)))
    assert job.state == JobState.SUCCEEDED, job.message
    school = world.schools["A1"].school
    assert Teacher.objects.filter(school=school, employee_no__startswith="N").count() == CAP
    assert SchoolClass.objects.filter(school=school, school_year=YEAR).count() >= CAP


@pytest.mark.django_db
@override_settings(ROSTER_IMPORT_MAX_ROWS=CAP)
def test_one_row_past_the_cap_is_refused_at_upload_in_chinese(world: World) -> None:
    before = _counts(world)
    jobs = RosterImport.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.roster_import_start(
            school=world.schools["A1"].school,
            actor=world.user("A1.leader"),
            file_name="r.xlsx",
            data=roster_file(teachers=[teacher_row(n) for n in range(1, CAP + 2)]),
        )
    assert f"每次最多导入 {CAP} 行" in refused.value.message_dict["file"][0]
    assert _counts(world) == before and RosterImport.objects.count() == jobs


@pytest.mark.django_db
def test_one_row_past_the_cap_is_refused_by_the_job_when_the_sheet_hides_it(
    world: World, settings: object
) -> None:
    """A file declaring fewer rows than it holds passes the upload's cheap check; the
    job counts the rows themselves and refuses CAP + 1, saving nothing."""
    settings.ROSTER_IMPORT_MAX_ROWS = CAP  # type: ignore[attr-defined]
    before = _counts(world)
    rows = [teacher_row(n) for n in range(1, CAP + 2)]
    job = _run(world, _with_dimension("A1:J2", roster_file(teachers=rows)))
    assert job.state == JobState.FAILED
    assert f"超过 {CAP} 行" in job.message
    assert _counts(world) == before
    hidden_at_cap = _with_dimension("A1:J2", roster_file(teachers=rows[:CAP]))
    assert _run(world, hidden_at_cap).state == JobState.SUCCEEDED


def test_the_roster_cap_defaults_to_a_large_schools_staff() -> None:
    """Issue 9 §6: 15,000 rows in one file by default, the same cap for upload and job."""
    from django.conf import settings

    assert settings.ROSTER_IMPORT_MAX_ROWS >= 15000
    assert services.roster_limits().max_rows == settings.ROSTER_IMPORT_MAX_ROWS
