"""/api/v1/ of training (issue #4 §13): activities and their sign-in, 学时审定, the
ledger with reversals, credits, archive entries and the teacher's own /me/training/.
The same services and the same Chinese errors as the pages; ids in filters and bodies
are resolved inside the URL's school (no existence oracle)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.core.schoolyear import current_school_year, semester, today
from apps.training.models import (
    ArchiveEntry,
    Attendance,
    CreditAssignment,
    ExternalTraining,
    LedgerEntry,
    RecordStatus,
    TrainingActivity,
)
from tests.personas import World, evidence_pdf

from .rows import MINUTES, first_day, school_rows
from .test_pages import grow

YEAR = current_school_year()
JSON = "application/json"


def api(sd: Any, path: str) -> str:
    return f"/api/v1/schools/{sd.school.pk}/{path}"


def activity_json(**overrides: Any) -> dict[str, Any]:
    return {
        "title": "学生冲突案例研讨",
        "topic": "青春期学生同伴冲突的成因与干预",
        "date": str(first_day()),
        "hours": "2.0",
        "form": "case",
        "credit_class": "lecture",
        "is_research_session": True,
        "module": "class_collective",
        "minutes": MINUTES,
    } | overrides


# --------------------------------------------------------------------------- activities


def test_xh26_a2_1_activity_create_and_its_errors(training_world: World, client_for: Any) -> None:
    sd = training_world.schools["A1"]
    client = client_for("A1.leader")
    response = client.post(
        api(sd, "training-activities/"), activity_json(minutes=""), content_type=JSON
    )
    assert response.status_code == 400
    assert "活动纪要" in response.json()["minutes"][0]
    response = client.post(
        api(sd, "training-activities/"), activity_json(module="other"), content_type=JSON
    )
    assert "研修主题模块" in response.json()["module"][0]  # structural, not lexical
    future = str(today() + dt.timedelta(days=3))
    response = client.post(
        api(sd, "training-activities/"), activity_json(date=future, hours="25"), content_type=JSON
    )
    assert set(response.json()) == {"date", "hours"}
    assert not TrainingActivity.objects.exists()

    response = client.post(api(sd, "training-activities/"), activity_json(), content_type=JSON)
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["school"], body["organiser_level"], body["is_research_session"]) == (
        sd.school.pk,
        "school",
        True,
    )
    listed = client.get(api(sd, "training-activities/?is_research_session=true")).json()
    assert [row["id"] for row in listed["results"]] == [body["id"]]
    assert listed["results"][0]["attendee_count"] == 0


def test_attendance_by_api_records_only_this_schools_teachers(
    training_world: World, client_for: Any
) -> None:
    own, foreign = training_world.schools["A1"], training_world.schools["A2"]
    activity = school_rows(own).activity
    path = api(own, f"training-activities/{activity.pk}/attendance/")
    client = client_for("A1.leader")
    response = client.post(
        path, {"teachers": [own.teachers[1].pk, foreign.teachers[1].pk]}, content_type=JSON
    )
    assert response.status_code == 400
    assert str(foreign.teachers[1].pk) in response.json()["teachers"][0]
    assert Attendance.objects.filter(activity=activity).count() == 1
    response = client.post(
        path,
        {
            "teachers": [own.teachers[1].pk, own.teachers[2].pk],
            "hours": {str(own.teachers[2].pk): "1.5"},
        },
        content_type=JSON,
    )
    assert response.status_code == 201, response.content
    assert {row["hours"] for row in response.json()} == {"2.0", "1.5"}
    listed = client.get(path).json()
    assert listed["count"] == 3
    assert (
        client.post(
            path, {"teachers": [own.teachers[1].pk], "hours": {"x": "1"}}, content_type=JSON
        ).status_code
        == 400
    )
    # Another school's activity under this school's id: 404.
    other = school_rows(foreign).activity
    assert client.get(api(own, f"training-activities/{other.pk}/attendance/")).status_code == 404


# --------------------------------------------------------------------------- 学时审定


def test_review_by_api_verifies_or_returns_with_a_comment(
    training_world: World, client_for: Any
) -> None:
    sd = training_world.schools["A1"]
    record = school_rows(sd).external
    client = client_for("A1.leader")
    listed = client.get(api(sd, "external-training/?status=submitted")).json()
    assert [row["id"] for row in listed["results"]] == [record.pk]
    assert listed["results"][0]["has_file"] is True
    assert client.get(api(sd, f"external-training/{record.pk}/file/")).status_code == 200
    review = api(sd, f"external-training/{record.pk}/review/")
    response = client.post(review, {"decision": "return"}, content_type=JSON)
    assert response.status_code == 400
    assert "退回时请写明原因" in response.json()["comment"][0]
    response = client.post(review, {"decision": "verify"}, content_type=JSON)
    assert response.status_code == 200 and response.json()["status"] == RecordStatus.VERIFIED
    assert LedgerEntry.objects.get(external=record).hours == record.hours
    response = client.post(review, {"decision": "return", "comment": "x"}, content_type=JSON)
    assert response.status_code == 400 and "decision" in response.json()
    # The district reads the queue, it does not decide.
    assert client_for("A.admin").get(api(sd, "external-training/")).status_code == 200
    assert (
        client_for("A.admin").post(review, {"decision": "verify"}, content_type=JSON).status_code
        == 404
    )


# --------------------------------------------------------------------------- ledger


def test_ledger_filters_and_reversal(
    training_world: World, client_for: Any, record_hours: Any
) -> None:
    sd = training_world.schools["A1"]
    entry = school_rows(sd).entry
    record_hours("A1", [sd.teachers[1]], day=first_day())
    client = client_for("A1.leader")
    rows = client.get(api(sd, f"ledger/?teacher={entry.teacher_id}")).json()["results"]
    assert [row["id"] for row in rows] == [entry.pk]
    assert client.get(api(sd, f"ledger/?school_year={YEAR}&semester=1")).json()["count"] == 2
    assert client.get(api(sd, f"ledger/?school_year={YEAR}&semester=2")).json()["count"] == 0
    foreign_teacher = training_world.schools["B1"].teachers[0].pk
    assert client.get(api(sd, f"ledger/?teacher={foreign_teacher}")).json()["count"] == 0
    assert client.get(api(sd, "ledger/?teacher=999999999")).json()["count"] == 0

    reverse = api(sd, f"ledger/{entry.pk}/reverse/")
    response = client.post(reverse, {"reason": ""}, content_type=JSON)
    assert response.status_code == 400 and "请填写更正理由" in response.json()["reason"][0]
    response = client.post(reverse, {"reason": "误记出勤"}, content_type=JSON)
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["kind"], body["hours"], body["reverses"], body["reason"]) == (
        "reversal",
        f"-{entry.hours}",
        entry.pk,
        "误记出勤",
    )
    assert client.get(api(sd, f"ledger/{entry.pk}/")).json()["reversed_by"] == body["id"]
    response = client.post(reverse, {"reason": "再一次"}, content_type=JSON)
    assert response.status_code == 400 and "已被冲销" in response.json()["entry"][0]


# --------------------------------------------------------------------------- credits


def test_pt24_credit_assign_by_api(
    training_world: World, client_for: Any, record_hours: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # PT24-CREDIT 每学期末赋分: on the semester's last day
    monkeypatch.setattr("apps.training.services.credits.today", lambda: semester(YEAR, 1).end)
    sd = training_world.schools["A1"]
    record_hours("A1", [sd.teachers[0]], day=first_day(), hours="10")
    next_day = first_day() + dt.timedelta(days=1)  # a day holds 24 hours at most
    record_hours("A1", [sd.teachers[0]], day=next_day, hours="19.9", credit_class="practice")
    client = client_for("A1.leader")
    response = client.post(
        api(sd, "credits/"), {"school_year": YEAR, "semester": 1}, content_type=JSON
    )
    assert response.status_code == 201, response.content
    by_teacher = {row["teacher"]: row["credits"] for row in response.json()}
    assert by_teacher[sd.teachers[0].pk] == "1.0"  # 10 h lecture = 1; 19.9 h practice = 0
    assert client.get(api(sd, f"credits/?teacher={sd.teachers[0].pk}")).json()["count"] == 1
    assert (
        client.post(
            api(sd, "credits/"), {"school_year": YEAR, "semester": 3}, content_type=JSON
        ).status_code
        == 400
    )
    assert CreditAssignment.objects.count() == len(sd.teachers)


# --------------------------------------------------------------------------- archive


def test_archive_entries_by_api(training_world: World, client_for: Any) -> None:
    own, foreign = training_world.schools["A1"], training_world.schools["A2"]
    client = client_for("A1.leader")
    entry = {
        "teacher": own.teachers[1].pk,
        "kind": "award",
        "level": "district",
        "title": "区班主任基本功大赛二等奖",
        "date": str(first_day()),
    }
    response = client.post(api(own, "archive-entries/"), entry, content_type=JSON)
    assert response.status_code == 201, response.content
    response = client.post(
        api(own, "archive-entries/"), entry | {"teacher": foreign.teachers[1].pk}, content_type=JSON
    )
    assert response.status_code == 400 and "不属于本校" in response.json()["teacher"][0]
    upload = SimpleUploadedFile("证书.pdf", evidence_pdf("api"), "application/pdf")
    response = client.post(api(own, "archive-entries/"), entry | {"file": upload})
    assert response.status_code == 201 and response.json()["file_name"] == "证书.pdf"
    created = ArchiveEntry.objects.get(pk=response.json()["id"])
    assert client.get(api(own, f"archive-entries/{created.pk}/file/")).content == evidence_pdf(
        "api"
    )
    assert ArchiveEntry.objects.filter(school=foreign.school).count() == 0
    listed = client.get(api(own, f"archive-entries/?teacher={own.teachers[1].pk}")).json()
    assert listed["count"] == 2


# --------------------------------------------------------------------------- /me/training/


def test_me_training_shows_own_progress_and_logs_a_record(
    training_world: World, client_for: Any
) -> None:
    a1 = training_world.schools["A1"]
    school_rows(a1)  # an external record of A1.teacher's record, waiting
    colleague = ExternalTraining.objects.create(
        teacher=a1.teachers[1], school=a1.school, district_id=a1.school.district_id,
        title="同事的培训", organiser="区", organiser_level="district", date=first_day(),
        hours=Decimal(2), credit_class="lecture", submitted_by=training_world.user("A1.leader"),
    )  # fmt: skip
    me = client_for("A1.teacher")
    body = me.get("/api/v1/me/training/").json()
    assert body["school_year"] == YEAR
    (record,) = body["records"]
    assert record["teacher"] == a1.teachers[0].pk
    assert record["progress"]["hours"] == "2.0"  # the world's activity, attended
    assert record["progress"]["hours_target"] == "40.0"  # putuo-2024 PT24-HOURS
    assert record["progress"]["pending_records"] == 1
    assert colleague.pk not in [row["id"] for row in body["external"]]

    log = {
        "title": "网络研修：家校沟通", "organiser": "市师资培训中心", "organiser_level": "city",
        "date": str(first_day()), "hours": "4", "credit_class": "lecture",
    }  # fmt: skip
    response = me.post("/api/v1/me/training/", log, content_type=JSON)
    assert response.status_code == 201, response.content
    assert ExternalTraining.objects.get(pk=response.json()["id"]).teacher_id == a1.teachers[0].pk
    response = me.post(
        "/api/v1/me/training/", log | {"teacher": a1.teachers[1].pk}, content_type=JSON
    )
    assert response.status_code == 400 and "teacher" in response.json()
    future = str(today() + dt.timedelta(days=2))
    response = me.post("/api/v1/me/training/", log | {"date": future}, content_type=JSON)
    assert response.status_code == 400 and "培训日期不能晚于今天" in response.json()["date"][0]
    # No teacher record: nothing to log against.
    admin = client_for("A.admin")
    assert admin.get("/api/v1/me/training/").json()["records"] == []
    assert admin.post("/api/v1/me/training/", log, content_type=JSON).status_code == 404


# --------------------------------------------------------------------------- query counts


LISTS = [
    "training-activities/",
    "external-training/",
    "ledger/",
    "credits/",
    "archive-entries/",
]


def _queries(client: Any, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(captured)


def test_training_api_lists_do_not_grow_with_rows(training_world: World, client_for: Any) -> None:
    sd = training_world.schools["A1"]
    activity = school_rows(sd).activity
    paths = [api(sd, p) for p in LISTS] + [
        api(sd, f"training-activities/{activity.pk}/attendance/"),
    ]
    leader, teacher = client_for("A1.leader"), client_for("A1.teacher")
    for path in paths:
        _queries(leader, path)
    _queries(teacher, "/api/v1/me/training/")
    client_for("A1.leader").post(
        api(sd, "credits/"), {"school_year": YEAR, "semester": 1}, content_type=JSON
    )
    grow(training_world, "A1", 5)
    few = {path: _queries(leader, path) for path in paths}
    few_me = _queries(teacher, "/api/v1/me/training/")
    grow(training_world, "A1", 40)
    client_for("A1.leader").post(
        api(sd, "credits/"), {"school_year": YEAR, "semester": 1}, content_type=JSON
    )
    many = {path: _queries(leader, path) for path in paths}
    # a list that outgrew its first page adds the one COUNT its page links need
    # (apps.core.api.CheapCountPaginator), and no more however many rows
    grown = {p for p in paths if many[p] != few[p]}
    assert grown <= {api(sd, "ledger/")}, grown
    assert all(many[p] == few[p] + 1 for p in grown), (few, many)
    assert _queries(teacher, "/api/v1/me/training/") == few_me


@pytest.mark.parametrize("path", LISTS)
def test_training_api_is_read_only_for_the_district_and_closed_to_teachers(
    path: str, training_world: World, client_for: Any
) -> None:
    sd = training_world.schools["A1"]
    school_rows(sd)
    assert client_for("A.reviewer").get(api(sd, path)).status_code == 200
    assert client_for("B.admin").get(api(sd, path)).status_code == 404
    assert client_for("A1.teacher").get(api(sd, path)).status_code == 404
    assert client_for("anon").get(api(sd, path)).status_code in (401, 403)
