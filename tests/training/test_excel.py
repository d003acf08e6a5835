"""Training Excel imports and the ledger export.

Imports follow the roster import (tests/people/test_roster_import.py): template → upload
→ every row checked against the roster and reported with sheet/row/column/message →
all or nothing, as a job with progress, enqueued after commit. Hostile files are refused
before parsing. The export is a real .xlsx whose text never runs as a formula, whose
totals are the ledger's (PT24-HOURS, PT24-CREDIT), in a number of queries that does not
grow with the rows.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from apps.core.models import JobState
from apps.core.schoolyear import semester_of, today
from apps.people.models import Teacher
from apps.tenancy.models import Membership
from apps.training import excel, selectors, services
from apps.training.models import (
    Attendance,
    EntryKind,
    ExternalTraining,
    LedgerEntry,
    RecordStatus,
    TrainingActivity,
    TrainingImport,
)
from apps.training.selectors import credits_for
from apps.training.services import imports as import_services
from tests.personas import World
from tests.training.conftest import MINUTES

DAY = today() - dt.timedelta(days=3)


# --------------------------------------------------------------------------- helpers


def sheet_file(template: bytes, sheet: str, rows: Iterable[Sequence[Any]]) -> bytes:
    """A filled template: `rows` in the template's column order."""
    workbook = load_workbook(io.BytesIO(template))
    for row in rows:
        workbook[sheet].append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def attendance_file(activity: TrainingActivity, rows: Iterable[Sequence[Any]]) -> bytes:
    return sheet_file(excel.build_attendance_template(activity), excel.ATTENDANCE_SHEET, rows)


def external_file(rows: Iterable[Sequence[Any]]) -> bytes:
    return sheet_file(excel.build_external_template(), excel.EXTERNAL_SHEET, rows)


def external_row(no: str, **overrides: Any) -> list[Any]:
    row = {
        "工号": no,
        "培训名称": "市级班主任高级研修班",
        "主办单位": "上海市教育委员会",
        "主办层级": "市级",
        "日期": DAY.isoformat(),
        "学时": 6,
        "学分类别": "讲座类",
        "说明": "",
    }
    row.update(overrides)
    return list(row.values())


def add_teachers(world: World, key: str, count: int, *, prefix: str = "E") -> list[Teacher]:
    school = world.schools[key].school
    return Teacher.objects.bulk_create(
        Teacher(
            school=school,
            district_id=school.district_id,
            employee_no=f"{prefix}{n:04d}",
            name=f"教师{key}{n}",
            gender="F",
        )
        for n in range(1, count + 1)
    )


def activity_for(
    world: World, key: str | None, *, district: str = "A", hours: str = "2", **extra: Any
) -> TrainingActivity:
    """A school activity of `key`, or (key None) a district activity of `district`."""
    if key is None:
        district_row, school, actor = (
            world.districts[district], None, world.user(f"{district}.admin")
        )  # fmt: skip
    else:
        sd = world.schools[key]
        district_row, school, actor = sd.school.district, sd.school, world.user(f"{key}.leader")
    fields = {
        "title": "班主任校本研修",
        "topic": "学生冲突的成因与干预",
        "date": DAY,
        "hours": Decimal(hours),
        "form": "case",
        "credit_class": "lecture",
        "minutes": MINUTES,
        "organiser_level": "district" if key is None else "school",
    } | extra
    return services.activity_create(district=district_row, school=school, actor=actor, **fields)


def run(job: TrainingImport) -> TrainingImport:
    services.training_import_run(job_id=job.pk)  # the Celery task's body
    job.refresh_from_db()
    return job


def import_attendance(
    world: World,
    activity: TrainingActivity,
    data: bytes,
    *,
    key: str = "A1",
    name: str = "签到.xlsx",
) -> TrainingImport:
    return run(
        services.attendance_import_start(
            school=world.schools[key].school,
            activity=activity,
            actor=world.user(f"{key}.leader"),
            file_name=name,
            data=data,
        )
    )


def import_external(world: World, data: bytes, *, key: str = "A1") -> TrainingImport:
    return run(
        services.external_import_start(
            school=world.schools[key].school,
            actor=world.user(f"{key}.leader"),
            file_name="校外.xlsx",
            data=data,
        )
    )


def counts(world: World) -> tuple[int, int]:
    """Attendance and ledger rows of the world's districts (the test database may be shared
    with another test run whose committed rows must not count)."""
    districts = list(world.districts.values())
    return (
        Attendance.objects.filter(activity__district__in=districts).count(),
        LedgerEntry.objects.filter(district__in=districts).count(),
    )


def jobs(world: World) -> Any:
    return TrainingImport.objects.filter(district__in=list(world.districts.values()))


def externals(world: World) -> Any:
    return ExternalTraining.objects.filter(district__in=list(world.districts.values()))


# --------------------------------------------------------------------------- templates


@pytest.mark.django_db
def test_templates_have_their_sheet_and_headers(world: World) -> None:
    school_activity = activity_for(world, "A1")
    district_activity = activity_for(world, None)
    for activity, headers in (
        (school_activity, ["工号*", "姓名", "认定学时"]),
        (district_activity, ["学校代码*", "工号*", "姓名", "认定学时"]),
    ):
        workbook = load_workbook(io.BytesIO(excel.build_attendance_template(activity)))
        assert workbook.sheetnames == ["填写说明", "签到表"]
        assert [c.value for c in next(workbook["签到表"].iter_rows(max_row=1))] == headers
        assert activity.title in workbook["填写说明"]["A1"].value
    workbook = load_workbook(io.BytesIO(excel.build_external_template()))
    assert [c.value for c in next(workbook["校外培训"].iter_rows(max_row=1))] == [
        "工号*", "培训名称*", "主办单位*", "主办层级*", "日期*", "学时*", "学分类别*", "说明",
    ]  # fmt: skip


@pytest.mark.django_db
def test_template_downloads(world: World, client_for: Any) -> None:
    activity = activity_for(world, "A1")
    school_id = world.schools["A1"].school.pk
    client = client_for("A1.leader")
    for url in (
        reverse("training:attendance_template", args=[school_id, activity.pk]),
        reverse("training:external_template", args=[school_id]),
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert "attachment" in response["Content-Disposition"]
        assert zipfile.is_zipfile(io.BytesIO(response.content))


# --------------------------------------------------------------------------- attendance


@pytest.mark.django_db
def test_clean_attendance_sheet_of_200_rows_is_saved_whole(world: World) -> None:
    teachers = add_teachers(world, "A1", 200)
    activity = activity_for(world, "A1", hours="3")
    rows = [[t.employee_no, t.name, None] for t in teachers]
    rows[0][2] = 1.5  # a teacher who left early
    job = import_attendance(world, activity, attendance_file(activity, rows))
    assert job.state == JobState.SUCCEEDED, job.errors[:3]
    assert job.errors == []
    assert job.progress == job.total == 200
    assert job.summary == {"rows": 200, "recorded": 200, "skipped": 0, "hours": "598.5"}
    assert "登记出勤 200 人" in job.message
    assert Attendance.objects.filter(activity=activity).count() == 200
    entries = LedgerEntry.objects.filter(activity=activity)
    assert entries.count() == 200
    assert entries.get(teacher=teachers[0]).hours == Decimal("1.5")
    assert entries.get(teacher=teachers[1]).hours == Decimal("3.0")
    assert set(entries.values_list("kind", "school_id")) == {
        (EntryKind.ATTENDANCE, world.schools["A1"].school.pk)
    }


@pytest.mark.django_db
def test_three_bad_rows_among_200_are_all_reported_and_nothing_saved(world: World) -> None:
    teachers = add_teachers(world, "A1", 200)
    activity = activity_for(world, "A1", hours="2")
    rows: list[list[Any]] = [[t.employee_no, t.name, None] for t in teachers]
    rows[9] = ["E9999", "", None]  # sheet row 11: not on the roster
    rows[99] = [teachers[5].employee_no, "", None]  # row 101: the same teacher as row 7
    rows[149][2] = 2.5  # row 151: more than the activity's 2 hours
    before = counts(world)
    job = import_attendance(world, activity, attendance_file(activity, rows))
    assert job.state == JobState.FAILED
    assert [(e["sheet"], e["row"], e["column"]) for e in job.errors] == [
        ("签到表", 11, "工号"),
        ("签到表", 101, "工号"),
        ("签到表", 151, "认定学时"),
    ]
    messages = [e["message"] for e in job.errors]
    assert "没有工号为 E9999 的教师" in messages[0]
    assert "与第 7 行是同一位教师" in messages[1]
    assert "不超过活动学时 2.0" in messages[2]
    assert "未保存任何数据" in job.message
    assert counts(world) == before


@pytest.mark.django_db
def test_a_name_that_is_not_the_rosters_names_both(world: World) -> None:
    sd = world.schools["A1"]
    activity = activity_for(world, "A1")
    job = import_attendance(
        world, activity, attendance_file(activity, [[sd.teachers[0].employee_no, "张冒名", None]])
    )
    assert job.state == JobState.FAILED
    (error,) = job.errors
    assert (error["row"], error["column"]) == (2, "姓名")
    assert "张冒名" in error["message"] and sd.teachers[0].name in error["message"]
    assert Attendance.objects.filter(activity=activity).count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("hours", "message"),
    [(0, "应大于 0"), (-1, "应大于 0"), ("1.25", "一位小数"), ("两小时", "不是学时数")],
)
def test_hours_out_of_bounds_are_refused(world: World, hours: Any, message: str) -> None:
    activity = activity_for(world, "A1")
    number = world.schools["A1"].teachers[0].employee_no
    job = import_attendance(world, activity, attendance_file(activity, [[number, "", hours]]))
    assert job.state == JobState.FAILED
    assert job.errors[0]["column"] == "认定学时"
    assert message in job.errors[0]["message"]


@pytest.mark.django_db
def test_teachers_already_recorded_are_skipped_and_counted(world: World) -> None:
    sd = world.schools["A1"]
    activity = activity_for(world, "A1")
    services.attendance_record(
        activity=activity, teachers=[sd.teachers[0]], actor=world.user("A1.leader")
    )
    rows = [[t.employee_no, t.name, None] for t in sd.teachers]
    job = import_attendance(world, activity, attendance_file(activity, rows))
    assert job.state == JobState.SUCCEEDED
    assert (job.summary["recorded"], job.summary["skipped"]) == (2, 1)
    assert "跳过 1 人" in job.message
    assert LedgerEntry.objects.filter(activity=activity).count() == 3


@pytest.mark.django_db
def test_another_schools_employee_number_does_not_resolve(world: World) -> None:
    """The sheet cannot reach across schools: A2's number is unknown to A1's activity."""
    activity = activity_for(world, "A1")
    foreign = world.schools["A2"].teachers[0]
    job = import_attendance(world, activity, attendance_file(activity, [[foreign.employee_no]]))
    assert job.state == JobState.FAILED
    assert foreign.employee_no in job.errors[0]["message"]
    assert not Attendance.objects.filter(teacher=foreign).exists()


@pytest.mark.django_db
def test_an_activity_of_another_school_cannot_be_imported_into(world: World) -> None:
    activity = activity_for(world, "A2")
    with pytest.raises(Exception, match="not the school's"):
        services.attendance_import_start(
            school=world.schools["A1"].school,
            activity=activity,
            actor=world.user("A1.leader"),
            file_name="x.xlsx",
            data=attendance_file(activity, []),
        )


# --------------------------------------------------------------------------- district activity


def district_import(world: World, activity: TrainingActivity, data: bytes) -> TrainingImport:
    return run(
        services.district_attendance_import_start(
            district=world.districts["A"],
            activity=activity,
            actor=world.user("A.admin"),
            file_name="区级签到.xlsx",
            data=data,
        )
    )


@pytest.mark.django_db
def test_district_sheet_records_teachers_of_every_school_of_the_district(world: World) -> None:
    a1, a2 = world.schools["A1"], world.schools["A2"]
    activity = activity_for(world, None, hours="4")
    rows = [
        [a1.school.code, a1.teachers[0].employee_no, a1.teachers[0].name, None],
        [a2.school.code, a2.teachers[0].employee_no, "", 3],
        # the same employee number in two schools is two teachers
        [a2.school.code, a2.teachers[1].employee_no, "", None],
    ]
    job = district_import(world, activity, attendance_file(activity, rows))
    assert job.state == JobState.SUCCEEDED, job.errors
    ledger = dict(
        LedgerEntry.objects.filter(activity=activity).values_list("teacher_id", "school_id")
    )
    assert ledger == {
        a1.teachers[0].pk: a1.school.pk,
        a2.teachers[0].pk: a2.school.pk,
        a2.teachers[1].pk: a2.school.pk,
    }
    assert LedgerEntry.objects.get(teacher=a2.teachers[0], activity=activity).hours == 3


@pytest.mark.django_db
def test_district_sheet_reports_foreign_school_codes_and_unknown_numbers(world: World) -> None:
    a1, b1 = world.schools["A1"], world.schools["B1"]
    activity = activity_for(world, None)
    rows = [
        [a1.school.code, a1.teachers[0].employee_no, "", None],
        [b1.school.code, b1.teachers[0].employee_no, "", None],  # another district's school
        [a1.school.code, b1.teachers[0].employee_no, "", None],  # B1's number under A1
        ["", a1.teachers[1].employee_no, "", None],  # no school code
    ]
    job = district_import(world, activity, attendance_file(activity, rows))
    assert job.state == JobState.FAILED
    assert [(e["row"], e["column"]) for e in job.errors] == [
        (3, "学校代码"),
        (4, "工号"),
        (5, "学校代码"),
    ]
    assert "不是本区的学校" in job.errors[0]["message"]
    assert f"学校 {a1.school.code} 的名册中没有工号为" in job.errors[1]["message"]
    assert "必填" in job.errors[2]["message"]
    assert not LedgerEntry.objects.filter(activity=activity).exists()


@pytest.mark.django_db
def test_a_district_job_belongs_to_no_school(world: World, client_for: Any) -> None:
    """A district activity's sheet lists teachers of many schools: its job has no school
    (like the activity), so no school's leader sees it, and the district's admin does."""
    a1 = world.schools["A1"]
    activity = activity_for(world, None)
    job = district_import(
        world,
        activity,
        attendance_file(activity, [[a1.school.code, a1.teachers[0].employee_no, "", None]]),
    )
    assert job.school is None
    assert job.district == world.districts["A"]
    assert job not in selectors.school_imports(school=a1.school)
    detail = reverse("training:import_detail", args=[a1.school.pk, job.pk])
    assert client_for("A1.leader").get(detail).status_code == 404
    hub = reverse("training:school_imports", args=[a1.school.pk])
    assert "区级签到.xlsx" not in client_for("A1.leader").get(hub).content.decode()
    admin = client_for("A.admin")
    url = reverse("training:district_import_detail", args=[world.districts["A"].pk, job.pk])
    assert admin.get(url).status_code == 200


@pytest.mark.django_db
def test_only_the_district_admin_uploads_a_district_sheet(world: World, client_for: Any) -> None:
    activity = activity_for(world, None)
    a1 = world.schools["A1"]
    url = reverse(
        "training:district_attendance_import",
        args=[world.districts["A"].pk, activity.pk],
    )
    data = attendance_file(activity, [[a1.school.code, a1.teachers[0].employee_no]])
    for persona in ("A.reviewer", "A1.leader", "B.admin"):
        response = client_for(persona).post(url, {"file": _upload(data)})
        assert response.status_code == 404, persona
    assert jobs(world).count() == 0
    assert client_for("A.reviewer").get(url).status_code == 200  # reads, no form
    response = client_for("A.admin").post(url, {"file": _upload(data)})
    assert response.status_code == 302
    assert jobs(world).count() == 1


def _upload(data: bytes, name: str = "sheet.xlsx") -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


# --------------------------------------------------------------------------- external


@pytest.mark.django_db
def test_external_import_creates_verified_records_and_their_ledger_rows(world: World) -> None:
    sd = world.schools["A1"]
    leader = world.user("A1.leader")
    rows = [
        external_row(sd.teachers[0].employee_no),
        external_row(sd.teachers[1].employee_no, 学时=2.5, 学分类别="实践类", 主办层级="国家级"),
        external_row(sd.teachers[1].employee_no, 培训名称="家校沟通工作坊", 说明="第一行\n第二行"),
    ]
    job = import_external(world, external_file(rows))
    assert job.state == JobState.SUCCEEDED, job.errors
    assert job.summary == {"rows": 3, "recorded": 3, "skipped": 0, "hours": "14.5"}
    records = ExternalTraining.objects.filter(school=sd.school).order_by("id")
    assert records.count() == 3
    assert {r.status for r in records} == {RecordStatus.VERIFIED}
    assert {(r.submitted_by_id, r.reviewed_by_id) for r in records} == {(leader.pk, leader.pk)}
    assert records[1].organiser_level == "national" and records[1].credit_class == "practice"
    assert records[2].note == "第一行\n第二行"
    entries = LedgerEntry.objects.filter(external__in=records)
    assert entries.count() == 3
    assert {(e.kind, e.created_by_id) for e in entries} == {(EntryKind.EXTERNAL, leader.pk)}


@pytest.mark.django_db
def test_imported_rows_are_the_rows_the_services_make(world: World) -> None:
    """The bulk save is an equivalent of external_submit + external_review(verify=True)."""
    sd = world.schools["A1"]
    leader = world.user("A1.leader")
    teacher = sd.teachers[0]
    by_service = services.external_review(
        record=services.external_submit(
            teacher=teacher, actor=leader, title="市级班主任高级研修班",
            organiser="上海市教育委员会", organiser_level="city", date=DAY,
            hours=Decimal(6), credit_class="lecture",
        ),
        reviewer=leader,
        verify=True,
    )  # fmt: skip
    job = import_external(
        world, external_file([external_row(teacher.employee_no, 培训名称="另一班")])
    )
    assert job.state == JobState.SUCCEEDED
    by_import = ExternalTraining.objects.get(title="另一班")
    ignore = {"id", "title", "created_at", "updated_at", "reviewed_at"}

    def fields(row: Any) -> dict[str, Any]:
        return {
            f.attname: getattr(row, f.attname)
            for f in row._meta.concrete_fields
            if f.attname not in ignore | {"external_id"}
        }

    assert fields(by_import) == fields(by_service)
    assert fields(by_import.entry) == fields(by_service.entry)


@pytest.mark.django_db
def test_bad_external_rows_are_all_reported_and_nothing_saved(world: World) -> None:
    sd = world.schools["A1"]
    no = sd.teachers[0].employee_no
    tomorrow = (today() + dt.timedelta(days=1)).isoformat()
    rows = [
        external_row(no),
        external_row("NOBODY"),  # row 3
        external_row(no, 主办层级="省级"),  # row 4
        external_row(no, 日期=tomorrow),  # row 5
        external_row(no, 学时=0),  # row 6
        external_row(no, 学分类别="", 培训名称=""),  # row 7: two required cells
        external_row(no),  # row 8: the same as row 2
        external_row(no, 日期="2025-13-01"),  # row 9
    ]
    before = (externals(world).count(), counts(world)[1])
    job = import_external(world, external_file(rows))
    assert job.state == JobState.FAILED
    assert [(e["row"], e["column"]) for e in job.errors] == [
        (3, "工号"),
        (4, "主办层级"),
        (5, "日期"),
        (6, "学时"),
        (7, "培训名称"),
        (7, "学分类别"),
        (8, "培训名称"),
        (9, "日期"),
    ]
    by_row = {e["row"]: e["message"] for e in job.errors}
    assert "校级、区级、市级、国家级、其他" in by_row[4]
    assert "不能晚于今天" in by_row[5]
    assert "与第 2 行是同一条记录" in by_row[8]
    assert (externals(world).count(), counts(world)[1]) == before


@pytest.mark.django_db
def test_external_rows_already_logged_are_skipped_on_a_second_upload(world: World) -> None:
    no = world.schools["A1"].teachers[0].employee_no
    data = external_file([external_row(no), external_row(no, 培训名称="第二个")])
    assert import_external(world, data).summary["recorded"] == 2
    again = import_external(world, data)
    assert again.state == JobState.SUCCEEDED
    assert (again.summary["recorded"], again.summary["skipped"]) == (0, 2)
    assert externals(world).count() == 2


# --------------------------------------------------------------------------- jobs and files


def _zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (80 * 1024 * 1024))
    return buffer.getvalue()


HOSTILE = [
    (_zip_bomb, "bomb.xlsx", "压缩炸弹"),
    (lambda: b"%PDF-1.7 not a workbook at all", "sheet.xlsx", "不是有效的 Excel"),
    ("工号,姓名\nT1,张三\n".encode, "sheet.xlsx", "不是有效的 Excel"),
    (lambda: external_file([]), "sheet.csv", ".xlsx"),
]
HOSTILE_IDS = ["zip-bomb", "pdf-named-xlsx", "csv-named-xlsx", "wrong-extension"]


@pytest.mark.django_db
@pytest.mark.parametrize(("make", "name", "message"), HOSTILE, ids=HOSTILE_IDS)
@pytest.mark.parametrize("kind", ["attendance", "external", "district"])
def test_hostile_files_are_refused_before_parsing(
    world: World, kind: str, make: Callable[[], bytes], name: str, message: str
) -> None:
    a1 = world.schools["A1"]
    starts: dict[str, Callable[[], TrainingImport]] = {
        "attendance": lambda: services.attendance_import_start(
            school=a1.school, activity=activity_for(world, "A1"),
            actor=world.user("A1.leader"), file_name=name, data=make(),
        ),
        "external": lambda: services.external_import_start(
            school=a1.school, actor=world.user("A1.leader"), file_name=name, data=make()
        ),
        "district": lambda: services.district_attendance_import_start(
            district=world.districts["A"], activity=activity_for(world, None),
            actor=world.user("A.admin"), file_name=name, data=make(),
        ),
    }  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        starts[kind]()
    assert message in refused.value.message_dict["file"][0]
    assert jobs(world).count() == 0  # not even a job row


def _with_formula(data: bytes, sheet: str, cell: str) -> bytes:
    workbook = load_workbook(io.BytesIO(data))
    workbook[sheet][cell] = '=HYPERLINK("http://evil.example","点我")'
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.django_db
def test_formula_cells_are_refused_and_nothing_saved(world: World) -> None:
    sd = world.schools["A1"]
    activity = activity_for(world, "A1")
    rows = [[t.employee_no, "", None] for t in sd.teachers]
    job = import_attendance(
        world, activity, _with_formula(attendance_file(activity, rows), "签到表", "B3")
    )
    assert job.state == JobState.FAILED
    assert "第 3 行 B 列是公式" in job.message
    external = import_external(
        world,
        _with_formula(external_file([external_row(sd.teachers[0].employee_no)]), "校外培训", "F2"),
    )
    assert external.state == JobState.FAILED
    assert "第 2 行 F 列是公式" in external.message
    assert counts(world) == (0, 0)
    assert externals(world).count() == 0


@pytest.mark.django_db
def test_a_sheet_missing_from_the_file_is_reported(world: World) -> None:
    activity = activity_for(world, "A1")
    job = import_attendance(world, activity, external_file([]))
    assert job.state == JobState.FAILED
    assert job.errors[0]["message"] == "缺少工作表“签到表”，请使用导入模板。"


@pytest.mark.django_db
def test_upload_enqueues_the_job_only_after_commit(
    world: World, django_capture_on_commit_callbacks: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from apps.core import tasks

    sent: list[int] = []
    monkeypatch.setattr(tasks.run_import, "delay", lambda _label, job_id: sent.append(job_id))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        job = services.external_import_start(
            school=world.schools["A1"].school,
            actor=world.user("A1.leader"),
            file_name="x.xlsx",
            data=external_file([]),
        )
        assert job.state == JobState.PENDING
        assert sent == []  # nothing is sent before the job row is committed
    assert len(callbacks) == 1
    assert sent == [job.pk]


@pytest.mark.django_db
def test_stalled_jobs_are_requeued(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    """A task lost with the broker leaves its job pending; the requeue task sends it again."""
    from django.utils import timezone

    from apps.core import tasks
    from apps.core.jobs import jobs_reconcile

    sent: list[int] = []
    monkeypatch.setattr(tasks.run_import, "delay", lambda _label, job_id: sent.append(job_id))
    start = services.external_import_start
    school, actor = world.schools["A1"].school, world.user("A1.leader")
    old = start(school=school, actor=actor, file_name="a.xlsx", data=external_file([]))
    fresh = start(school=school, actor=actor, file_name="b.xlsx", data=external_file([]))
    jobs(world).filter(pk=old.pk).update(enqueued_at=timezone.now() - dt.timedelta(minutes=10))
    assert jobs_reconcile() >= 1
    assert old.pk in sent and fresh.pk not in sent


@pytest.mark.django_db
def test_a_finished_job_delivered_again_does_nothing(world: World) -> None:
    sd = world.schools["A1"]
    activity = activity_for(world, "A1")
    job = import_attendance(
        world, activity, attendance_file(activity, [[sd.teachers[0].employee_no]])
    )
    finished_at = job.finished_at
    assert run(job).finished_at == finished_at
    assert LedgerEntry.objects.filter(activity=activity).count() == 1


@pytest.mark.django_db
def test_an_uploader_who_lost_the_role_saves_nothing(world: World) -> None:
    """A queued file of a leader removed before the worker ran does not land."""
    sd = world.schools["A1"]
    activity = activity_for(world, "A1")
    job = services.attendance_import_start(
        school=sd.school, activity=activity, actor=world.user("A1.leader"),
        file_name="x.xlsx", data=attendance_file(activity, [[sd.teachers[0].employee_no]]),
    )  # fmt: skip
    Membership.objects.filter(user=world.user("A1.leader")).update(is_active=False)
    job = run(job)
    assert job.state == JobState.FAILED
    assert not LedgerEntry.objects.filter(activity=activity).exists()


@pytest.mark.django_db
def test_an_unexpected_failure_marks_the_job_error(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(import_services, "save_external", explode)
    job = import_external(
        world, external_file([external_row(world.schools["A1"].teachers[0].employee_no)])
    )
    assert job.state == JobState.ERROR
    assert "系统错误" in job.message


@pytest.mark.django_db
def test_upload_page_shows_progress_then_the_errors(world: World, client_for: Any) -> None:
    """The leader's page: upload → the job page → the htmx partial with every error."""
    school_id = world.schools["A1"].school.pk
    client = client_for("A1.leader")
    response = client.post(
        reverse("training:external_import", args=[school_id]),
        {"file": _upload(external_file([external_row("NOBODY")]))},
    )
    assert response.status_code == 302
    job = jobs(world).get()
    assert response["Location"] == reverse("training:import_detail", args=[school_id, job.pk])
    page = client.get(response["Location"]).content.decode()
    assert 'hx-trigger="every 1s"' in page  # pending: the page polls
    run(job)
    partial = client.get(response["Location"], headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in partial  # finished: the polling stops
    assert "NOBODY" in partial and "<html" not in partial
    hub = client.get(reverse("training:school_imports", args=[school_id])).content.decode()
    assert "校外.xlsx" not in hub and "sheet.xlsx" in hub


@pytest.mark.django_db
def test_a_refused_upload_says_why_on_the_form(world: World, client_for: Any) -> None:
    school_id = world.schools["A1"].school.pk
    response = client_for("A1.leader").post(
        reverse("training:external_import", args=[school_id]),
        {"file": _upload(b"%PDF-1.7", "x.xlsx")},
    )
    assert response.status_code == 200
    assert "不是有效的 Excel" in response.content.decode()
    assert jobs(world).count() == 0


# --------------------------------------------------------------------------- export


def _export(client: Any, school_id: int, **params: Any) -> Any:
    response = client.get(reverse("training:ledger_export", args=[school_id]), params)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


@pytest.mark.django_db
def test_export_escapes_formula_text_and_its_totals_match_the_ledger(
    training_world: World, client_for: Any
) -> None:
    """PT24-HOURS (hours per teacher from the ledger) and PT24-CREDIT (credits by the
    district's conversion, per semester): the totals sheet equals the ledger."""
    world = training_world
    sd = world.schools["A1"]
    leader = world.user("A1.leader")
    hostile = sd.teachers[0]
    Teacher.objects.filter(pk=hostile.pk).update(name='=HYPERLINK("http://x","y")')
    lecture = activity_for(world, "A1", hours="12", title="+1")
    practice = activity_for(  # the next day: a day holds 24 hours at most
        world, "A1", hours="20", credit_class="practice", title="@观摩", date=DAY + dt.timedelta(1)
    )
    services.attendance_record(activity=lecture, teachers=sd.teachers, actor=leader)
    services.attendance_record(activity=practice, teachers=sd.teachers[:2], actor=leader)
    entry = LedgerEntry.objects.get(activity=practice, teacher=sd.teachers[1])
    services.ledger_reverse(entry=entry, actor=leader, reason="-未全程参加")
    year = semester_of(DAY)[0]

    workbook = _export(client_for("A1.leader"), sd.school.pk, year=year)
    assert workbook.sheetnames == ["学时台账", "教师汇总", "说明"]
    rows = list(workbook["学时台账"].iter_rows(min_row=2, values_only=True))
    assert len(rows) == LedgerEntry.objects.filter(school=sd.school, school_year=year).count() == 6
    names = {r[2] for r in rows}
    assert '=HYPERLINK("http://x","y")' in names  # as typed, and text (below)
    assert {r[7] for r in rows} >= {"+1", "@观摩"}
    cells = [c for row in workbook["学时台账"].iter_rows(min_row=2) for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    reversal = next(r for r in rows if r[6] == "冲销更正")
    assert reversal[8] == -20 and reversal[10].startswith(f"#{entry.pk} ")
    assert reversal[11] == "-未全程参加"
    for row in workbook["学时台账"].iter_rows(min_row=2):
        for cell in row:
            assert cell.data_type != "f"

    totals = {r[0]: r for r in workbook["教师汇总"].iter_rows(min_row=2, values_only=True)}
    params = {"lecture_hours_per_credit": 10, "practice_hours_per_credit": 20}
    for teacher in sd.teachers:
        ledger = LedgerEntry.objects.filter(teacher=teacher, school_year=year)
        lecture_h = sum(e.hours for e in ledger if e.credit_class == "lecture")
        practice_h = sum(e.hours for e in ledger if e.credit_class == "practice")
        row = totals[teacher.employee_no]
        assert (row[2], row[3], row[4]) == (lecture_h, practice_h, lecture_h + practice_h)
        assert row[5] == credits_for(Decimal(lecture_h), Decimal(practice_h), params)
    assert totals[sd.teachers[0].employee_no][2:] == (12, 20, 32, 2)  # 1 + 1 credits
    assert totals[sd.teachers[1].employee_no][2:] == (12, 0, 12, 1)  # practice reversed


@pytest.mark.django_db
def test_export_of_a_semester_and_of_a_year_without_rows(
    training_world: World, client_for: Any
) -> None:
    sd = training_world.schools["A1"]
    activity = activity_for(training_world, "A1")
    services.attendance_record(
        activity=activity, teachers=sd.teachers, actor=training_world.user("A1.leader")
    )
    year, term = semester_of(DAY)
    client = client_for("A.reviewer")  # district roles read the school's ledger
    assert workbook_rows(_export(client, sd.school.pk, year=year, semester=term)) == 3
    assert workbook_rows(_export(client, sd.school.pk, year=year, semester=3 - term)) == 0
    empty = _export(client, sd.school.pk, year=year - 2)
    assert workbook_rows(empty) == 0
    assert empty["教师汇总"].max_row == 1 + 3  # every active teacher, with zeros


def workbook_rows(workbook: Any) -> int:
    return sum(1 for _ in workbook["学时台账"].iter_rows(min_row=2))


@pytest.mark.django_db
def test_export_query_count_does_not_grow_with_rows(training_world: World, client_for: Any) -> None:
    world = training_world
    sd = world.schools["A1"]
    client = client_for("A1.leader")
    url = reverse("training:ledger_export", args=[sd.school.pk])
    year = semester_of(DAY)[0]

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url, {"year": year})
            b"".join(response.streaming_content)
        return len(captured)

    services.attendance_record(
        activity=activity_for(world, "A1"), teachers=sd.teachers, actor=world.user("A1.leader")
    )
    few = queries()
    teachers = add_teachers(world, "A1", 60)
    for n in range(5):
        activity = activity_for(world, "A1", title=f"研修{n}")
        services.attendance_record(
            activity=activity, teachers=teachers, actor=world.user("A1.leader")
        )
    assert LedgerEntry.objects.filter(school=sd.school).count() == 3 + 300
    assert queries() == few


@pytest.mark.django_db
def test_foreign_rows_under_ones_own_ids_are_404(world: World, client_for: Any) -> None:
    """/s/<own school>/…/<another school's activity or job>/ and /d/<own district>/…/<another
    district's activity, or a school's>/: "not yours" is a 404, on GET and on POST."""
    a1, a2 = world.schools["A1"], world.schools["A2"]
    foreign_activity = activity_for(world, "A2")
    foreign_job = services.external_import_start(
        school=a2.school, actor=world.user("A2.leader"), file_name="x.xlsx", data=external_file([])
    )
    leader = client_for("A1.leader")
    for name, args in (
        ("training:attendance_import", [a1.school.pk, foreign_activity.pk]),
        ("training:attendance_template", [a1.school.pk, foreign_activity.pk]),
        ("training:import_detail", [a1.school.pk, foreign_job.pk]),
    ):
        assert leader.get(reverse(name, args=args)).status_code == 404, name
    url = reverse("training:attendance_import", args=[a1.school.pk, foreign_activity.pk])
    data = attendance_file(foreign_activity, [[a2.teachers[0].employee_no]])
    assert leader.post(url, {"file": _upload(data)}).status_code == 404
    assert jobs(world).count() == 1

    admin = client_for("A.admin")
    district_a = world.districts["A"].pk
    for activity in (activity_for(world, None, district="B"), activity_for(world, "A1")):
        for name in (
            "training:district_attendance_import",
            "training:district_attendance_template",
        ):
            assert admin.get(reverse(name, args=[district_a, activity.pk])).status_code == 404
        url = reverse("training:district_attendance_import", args=[district_a, activity.pk])
        assert admin.post(url, {"file": _upload(data)}).status_code == 404
    url = reverse("training:district_import_detail", args=[district_a, foreign_job.pk])
    assert admin.get(url).status_code == 404  # a school's job is not a district's
    assert jobs(world).count() == 1
