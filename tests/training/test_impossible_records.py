"""Impossible training records are refused with a Chinese message naming the field, and
nothing is saved (issue #11 §7): dates after today, before 2000 or before the teacher
started work; more than 24 hours credited to one person on one day across attendance and
external training together (PT24-HOURS counts hours — a day holds 24); control characters
in text; and a school's ledger export never fails on text stored before these checks."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from apps.core.schoolyear import current_school_year, today
from apps.people.models import Teacher
from apps.training import services
from apps.training.models import (
    ArchiveEntry,
    Attendance,
    CreditAssignment,
    ExternalTraining,
    LedgerEntry,
    RecordStatus,
    TrainingActivity,
)
from tests.personas import World
from tests.support.dates import FromToday, resolve

from .test_excel import activity_for, external_file, external_row, import_external

DAY = today() - dt.timedelta(days=3)
YEAR = current_school_year()
JSON = "application/json"


def _external(world: World, key: str = "A1", **overrides: Any) -> dict[str, Any]:
    sd = world.schools[key]
    return {
        "teacher": sd.teachers[0],
        "actor": world.user(f"{key}.leader"),
        "title": "市级班主任专题培训",
        "organiser": "市师资培训中心",
        "organiser_level": "city",
        "date": DAY,
        "hours": Decimal(6),
        "credit_class": "lecture",
    } | overrides


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (dt.date(1999, 12, 31), "活动日期（1999-12-31）早于 2000-01-01，请检查是否填错。"),
        (FromToday(1), "活动日期不能晚于今天"),
    ],
    ids=["before-2000", "after-today"],
)
def test_an_activity_dated_before_2000_or_after_today_is_refused(
    day: dt.date, message: str, training_world: World, client_for: Any
) -> None:
    sd = training_world.schools["A1"]
    day = resolve(day)
    response = client_for("A1.leader").post(
        f"/api/v1/schools/{sd.school.pk}/training-activities/",
        {"title": "学生冲突案例研讨", "date": day.isoformat(), "hours": "2", "form": "case",
         "credit_class": "lecture"},
        content_type=JSON,
    )  # fmt: skip
    assert response.status_code == 400
    assert response.json()["date"][0].startswith(message)
    assert not TrainingActivity.objects.filter(school=sd.school).exists()


def test_external_training_before_the_teacher_started_work_is_refused(world: World) -> None:
    """The teacher started on 2012-09-01 (the persona world): training in 2011 is not
    theirs to log, nor anything before 2000."""
    with pytest.raises(ValidationError) as refused:
        services.external_submit(**_external(world, date=dt.date(2011, 6, 1)))
    assert refused.value.message_dict["date"] == [
        "培训日期（2011-06-01）早于该教师参加教育工作时间（2012-09-01），请核对日期。"
    ]
    with pytest.raises(ValidationError, match="早于 2000-01-01"):
        services.external_submit(**_external(world, date=dt.date(1998, 6, 1)))
    assert not ExternalTraining.objects.filter(teacher=world.schools["A1"].teachers[0]).exists()


def test_an_archive_entry_before_the_teacher_started_work_is_refused(world: World) -> None:
    sd = world.schools["A1"]
    with pytest.raises(ValidationError) as refused:
        services.archive_entry_create(
            teacher=sd.teachers[0], actor=world.user("A1.leader"), kind="paper", level="city",
            title="论文", date=dt.date(2010, 3, 1),
        )  # fmt: skip
    assert refused.value.message_dict["date"] == [
        "日期（2010-03-01）早于该教师参加教育工作时间（2012-09-01），请核对日期。"
    ]
    assert not ArchiveEntry.objects.filter(teacher=sd.teachers[0]).exists()


def test_an_imported_external_row_before_the_teacher_started_work_rejects_the_file(
    world: World,
) -> None:
    sd = world.schools["A1"]
    number = sd.teachers[0].employee_no
    job = import_external(
        world, external_file([external_row(number), external_row(number, 日期="2011-06-01")])
    )
    assert job.state == "failed"
    assert [(e["row"], e["column"]) for e in job.errors] == [(3, "日期")]
    assert "早于该教师参加教育工作时间（2012-09-01）" in job.errors[0]["message"]
    assert not ExternalTraining.objects.filter(teacher=sd.teachers[0]).exists()


# --------------------------------------------------------------------------- 24 hours a day


def test_pt24_hours_attendance_past_24_hours_on_one_day_saves_nothing(world: World) -> None:
    sd = world.schools["A1"]
    leader = world.user("A1.leader")
    morning = activity_for(world, "A1", hours="20")
    services.attendance_record(activity=morning, teachers=[sd.teachers[0]], actor=leader)
    evening = activity_for(world, "A1", hours="6", title="晚间研修")
    before = LedgerEntry.objects.filter(teacher__in=sd.teachers).count()
    with pytest.raises(ValidationError) as refused:
        services.attendance_record(activity=evening, teachers=sd.teachers[:2], actor=leader)
    assert refused.value.message_dict["hours"] == [
        f"{sd.teachers[0].name}在 {DAY:%Y-%m-%d} 已计入 20 学时，再计入 6 学时将超过"
        "一天 24 学时的上限。请核对学时；跨多日的培训请按天分别登记。"
    ]
    assert not Attendance.objects.filter(activity=evening).exists()
    assert LedgerEntry.objects.filter(teacher__in=sd.teachers).count() == before


def test_pt24_hours_attendance_and_external_count_together(world: World) -> None:
    """Verified external hours on a day leave that much less of it for attendance, and a
    reversal gives it back."""
    sd = world.schools["A1"]
    leader = world.user("A1.leader")
    teacher = sd.teachers[0]
    record = services.external_submit(**_external(world, hours=Decimal(20)))
    services.external_review(record=record, reviewer=leader, verify=True)
    activity = activity_for(world, "A1", hours="6")
    with pytest.raises(ValidationError, match="已计入 20 学时"):
        services.attendance_record(activity=activity, teachers=[teacher], actor=leader)
    entry = LedgerEntry.objects.get(external=record)
    services.ledger_reverse(entry=entry, actor=leader, reason="证书学时为 2 学时")
    services.attendance_record(activity=activity, teachers=[teacher], actor=leader)
    assert LedgerEntry.objects.filter(teacher=teacher, date=DAY).count() == 3


def test_pt24_hours_verifying_external_hours_past_the_day_is_refused(world: World) -> None:
    """Two records logged for the same day, each possible alone: the second cannot be
    verified once the first is, and stays waiting with nothing in the ledger."""
    leader = world.user("A1.leader")
    first = services.external_submit(**_external(world, hours=Decimal(16)))
    second = services.external_submit(**_external(world, hours=Decimal(10), title="网络研修"))
    services.external_review(record=first, reviewer=leader, verify=True)
    with pytest.raises(ValidationError) as refused:
        services.external_review(record=second, reviewer=leader, verify=True)
    assert "已计入 16 学时，再计入 10 学时将超过一天 24 学时" in refused.value.messages[0]
    second.refresh_from_db()
    assert second.status == RecordStatus.SUBMITTED
    assert not LedgerEntry.objects.filter(external=second).exists()


def test_pt24_hours_one_record_cannot_hold_more_than_a_day(world: World) -> None:
    """A record is dated on one day: 25 hours on it is refused whatever else is there."""
    with pytest.raises(ValidationError) as refused:
        services.external_submit(**_external(world, hours=Decimal(25)))
    message = "学时应为大于 0、不超过 24 的数（最多一位小数）。"
    assert refused.value.message_dict["hours"] == [message]


def test_pt24_hours_an_import_past_the_day_names_its_row_and_saves_nothing(
    world: World,
) -> None:
    sd = world.schools["A1"]
    number = sd.teachers[0].employee_no
    rows = [
        external_row(number, 学时=12),
        external_row(sd.teachers[1].employee_no, 学时=12),
        external_row(number, 学时=13, 培训名称="夜校"),
    ]
    job = import_external(world, external_file(rows))
    assert job.state == "failed"
    assert [(e["row"], e["column"]) for e in job.errors] == [(2, "学时")]
    assert "再计入 25 学时将超过一天 24 学时" in job.errors[0]["message"]
    assert not ExternalTraining.objects.filter(teacher__in=sd.teachers).exists()


# --------------------------------------------------------------------------- text


def test_an_activity_title_with_a_control_character_is_refused_naming_it(
    training_world: World, client_for: Any
) -> None:
    sd = training_world.schools["A1"]
    response = client_for("A1.leader").post(
        f"/api/v1/schools/{sd.school.pk}/training-activities/",
        {"title": "学生\x1f冲突", "date": DAY.isoformat(), "hours": "2", "form": "case",
         "credit_class": "lecture"},
        content_type=JSON,
    )  # fmt: skip
    assert response.status_code == 400
    assert response.json()["title"] == ["“活动名称”不能包含不可见字符（如 U+001F），请删除后重试。"]


def test_a_teachers_own_record_with_a_nul_names_the_field(world: World, client_for: Any) -> None:
    response = client_for("A1.teacher").post(
        "/api/v1/me/training/",
        {"title": "市级\x00培训", "organiser": "市", "organiser_level": "city",
         "date": DAY.isoformat(), "hours": "2", "credit_class": "lecture"},
        content_type=JSON,
    )  # fmt: skip
    assert response.status_code == 400
    assert response.json()["title"] == ["“培训名称”不能包含不可见字符（如 NUL），请删除后重试。"]


def test_the_ledger_export_opens_whatever_text_was_stored(world: World, client_for: Any) -> None:
    """A teacher stored as "王\\u001f芳" (before the checks) made the school's whole ledger
    export answer 500; it now exports, the invisible character left out."""
    sd = world.schools["A1"]
    teacher = sd.teachers[0]
    activity = activity_for(world, "A1", hours="2")
    services.attendance_record(activity=activity, teachers=[teacher], actor=world.user("A1.leader"))
    Teacher.objects.filter(pk=teacher.pk).update(name="王\x1f芳")
    response = client_for("A1.leader").get(
        reverse("training:ledger_export", args=[sd.school.pk]), {"year": YEAR}
    )
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    names = {row[2] for row in workbook["学时台账"].iter_rows(min_row=2, values_only=True)}
    assert "王芳" in names


def test_pt24_credit_no_credits_for_a_school_year_not_yet_begun(world: World) -> None:
    """PT24-CREDIT 每学期末赋分: next school year's credits cannot be assigned now."""
    sd = world.schools["A1"]
    with pytest.raises(ValidationError, match="尚未开始"):
        services.credits_assign_semester(
            school=sd.school, school_year=YEAR + 1, semester=1,
            actor=world.user("A1.leader"), params={},
        )  # fmt: skip
    assert not CreditAssignment.objects.filter(school=sd.school, school_year=YEAR + 1).exists()
