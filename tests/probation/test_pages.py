"""Probation pages (issue 13 §9, XH26-PROB-HOURS, XH26-PROB-ASSESS, XH26-PROB-MENTOR) as
the school leader, the district and the trainee use them: the board's rows and export,
registering a trainee, the trainee's actions with their Chinese refusals, the district's
queue, the trainee's own page and the certificate; list pages in a fixed number of
queries."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from apps.core.access_log import DataAccessLog
from apps.core.schoolyear import today
from apps.people.models import HomeroomAssignment, Teacher
from apps.probation.models import Assessment, Trainee, TraineeStatus
from tests.personas import World
from tests.support.pdf import pdf_text

from .rows import new_teacher, open_trainee, school_probation


def url(name: str, *args: Any) -> str:
    return reverse(f"probation:{name}", args=args)


@pytest.fixture
def rows(world: World) -> Any:
    return school_probation(world.schools["A1"])


def test_xh26_prob_hours_board_lists_the_schools_trainees_with_buckets(
    world: World, rows: Any, client_for: Any
) -> None:
    school_probation(world.schools["A2"])
    sd = world.schools["A1"]
    response = client_for("A1.leader").get(url("board", sd.school.pk))
    assert response.status_code == 200
    body = response.content.decode()
    for trainee in (rows.running, rows.ready, rows.appointed):
        assert trainee.teacher.name in body
    assert "MK-A2-" not in body  # the sibling school's trainees are not here
    assert "区级集中培训" in body and "0/8 学时" in body  # the running trainee's bucket
    assert "8/8 学时" in body and "32/32 学时" in body
    assert "已正式聘任" in body and "待区级结业考核" in body
    assert "尚缺：区级集中培训 0/8 学时" in body  # the next step names what is missing
    assert "担任班主任满 5 年（解释" in body  # the mentor rule's reading, marked


def test_the_board_reads_in_a_fixed_number_of_queries(
    world: World, rows: Any, client_for: Any, django_assert_max_num_queries: Any
) -> None:
    sd = world.schools["A1"]
    client = client_for("A1.leader")
    client.get(url("board", sd.school.pk))
    with django_assert_max_num_queries(30):
        client.get(url("board", sd.school.pk))
    for number in range(10, 16):
        open_trainee(sd, new_teacher(sd, number))
    with django_assert_max_num_queries(30):
        response = client.get(url("board", sd.school.pk))
    assert response.content.decode().count('data-testid="trainee-') == 12


def test_the_board_filters_by_status_and_search(world: World, rows: Any, client_for: Any) -> None:
    sd = world.schools["A1"]
    client = client_for("A1.leader")
    body = client.get(url("board", sd.school.pk), {"status": "deferred"}).content.decode()
    assert rows.deferred.teacher.name in body and rows.running.teacher.name not in body
    body = client.get(
        url("board", sd.school.pk), {"q": rows.ready.teacher.employee_no}
    ).content.decode()
    assert rows.ready.teacher.name in body and rows.deferred.teacher.name not in body


def test_the_board_export_holds_only_the_schools_rows(
    world: World, rows: Any, client_for: Any
) -> None:
    school_probation(world.schools["A2"])
    sd = world.schools["A1"]
    response = client_for("A.admin").get(url("board", sd.school.pk), {"format": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    numbers = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert sorted(numbers) == sorted(f"MK-A1-P{n}" for n in range(1, 7))
    assert DataAccessLog.objects.filter(what="见习看板导出", rows=6).exists()


def test_xh26_prob_mentor_registering_a_trainee_with_an_unqualified_mentor_is_refused(
    world: World, client_for: Any
) -> None:
    sd = world.schools["A1"]
    young = new_teacher(sd, 20)  # never a homeroom teacher: not a mentor
    data = {"teacher": sd.teachers[2].pk, "started_on": today(), "school_hours_target": "4",
            "mentor": young.pk}  # fmt: skip
    response = client_for("A1.leader").post(url("board", sd.school.pk), data)
    assert response.status_code == 200
    assert "请从列表中选择指导教师" in response.content.decode()
    assert not Trainee.objects.exists()
    data["mentor"] = sd.teachers[0].pk
    response = client_for("A1.leader").post(url("board", sd.school.pk), data)
    assert response.status_code == 302
    trainee = Trainee.objects.get(teacher=sd.teachers[2])
    assert trainee.planned_end_on == today().replace(year=today().year + 1)


def test_xh26_prob_assess_appointment_refused_names_each_missing_piece(
    world: World, rows: Any, client_for: Any
) -> None:
    sd = world.schools["A1"]
    data = {"school_class": sd.classes[1].pk, "appointed_on": today()}
    response = client_for("A1.leader").post(url("appoint", sd.school.pk, rows.running.pk), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "不能正式聘任为班主任" in body
    assert "专项微专业培训 0/32 学时" in body and "区级结业考核尚未完成" in body
    assert not HomeroomAssignment.objects.filter(teacher=rows.running.teacher).exists()


def test_xh26_prob_assess_the_complete_trainee_is_appointed(
    world: World, rows: Any, client_for: Any
) -> None:
    sd = world.schools["A1"]
    data = {"school_class": sd.classes[1].pk, "appointed_on": today()}
    response = client_for("A1.leader").post(url("appoint", sd.school.pk, rows.complete.pk), data)
    assert response.status_code == 302
    rows.complete.refresh_from_db()
    assert rows.complete.status == TraineeStatus.APPOINTED
    body = client_for("A1.leader").get(url("board", sd.school.pk)).content.decode()
    assert body.count("已正式聘任") >= 2


def test_xh26_prob_assess_failed_without_comment_names_the_field(
    world: World, rows: Any, client_for: Any
) -> None:
    sd = world.schools["A1"]
    data = {"level": "school_process", "assessed_on": today(), "assessor_name": "王老师",
            "result": "failed", "comment": ""}  # fmt: skip
    response = client_for("A1.leader").post(
        url("assessment_add", sd.school.pk, rows.running.pk), data
    )
    assert response.status_code == 200
    assert "评定为不合格时请填写考核意见" in response.content.decode()
    assert not Assessment.objects.filter(trainee=rows.running).exists()


def test_xh26_prob_assess_school_steps_then_send_then_district_queue(
    world: World, rows: Any, client_for: Any
) -> None:
    sd = world.schools["A1"]
    leader = client_for("A1.leader")
    response = leader.post(url("send", sd.school.pk, rows.ready.pk))
    assert response.status_code == 302
    rows.ready.refresh_from_db()
    assert rows.ready.status == TraineeStatus.AWAITING
    district = sd.school.district_id
    body = client_for("A.reviewer").get(url("queue", district)).content.decode()
    assert rows.ready.teacher.name in body and rows.awaiting.teacher.name in body
    assert rows.running.teacher.name not in body
    data = {"assessed_on": today(), "assessor_name": "区德研室", "result": "passed"}
    response = client_for("A.reviewer").post(
        url("graduation_record", district, rows.ready.pk), data
    )
    assert response.status_code == 302
    assert Assessment.objects.filter(trainee=rows.ready, level="district_graduation").exists()


def test_sending_too_early_says_what_is_missing(world: World, rows: Any, client_for: Any) -> None:
    sd = world.schools["A1"]
    response = client_for("A1.leader").post(url("send", sd.school.pk, rows.running.pk))
    assert response.status_code == 200
    assert "尚不能报送区级结业考核" in response.content.decode()


def test_a_deferred_trainee_retries_in_a_new_attempt(
    world: World, rows: Any, client_for: Any
) -> None:
    sd = world.schools["A1"]
    response = client_for("A1.leader").post(url("retry", sd.school.pk, rows.deferred.pk))
    assert response.status_code == 302
    rows.deferred.refresh_from_db()
    assert rows.deferred.attempt == 2 and rows.deferred.status == TraineeStatus.IN_PROBATION
    body = client_for("A1.leader").get(url("trainee_detail", sd.school.pk, rows.deferred.pk))
    assert "第 1 轮" in body.content.decode() and "班会设计需加强" in body.content.decode()


def test_the_trainee_detail_shows_buckets_history_and_logs(
    world: World, rows: Any, client_for: Any
) -> None:
    sd = world.schools["A1"]
    client = client_for("A1.leader")
    response = client.post(
        url("mentor_log_add", sd.school.pk, rows.ready.pk),
        {"date": today(), "topic": "听课并指导班会设计"},
    )
    assert response.status_code == 302
    body = client.get(url("trainee_detail", sd.school.pk, rows.ready.pk)).content.decode()
    assert "听课并指导班会设计" in body
    assert "见习培训micro" in body  # the ledger row counted in the micro bucket
    assert "学校过程考核" in body and "合格" in body


def test_the_district_overview_counts_per_school(world: World, rows: Any, client_for: Any) -> None:
    school_probation(world.schools["A2"])
    response = client_for("A.admin").get(url("district_overview", world.districts["A"].pk))
    body = response.content.decode()
    assert response.status_code == 200
    assert world.schools["A1"].school.name in body and world.schools["A2"].school.name in body
    export = client_for("A.admin").get(
        url("district_overview", world.districts["A"].pk), {"format": "xlsx"}
    )
    sheet = load_workbook(io.BytesIO(export.content)).active
    assert sheet.max_row == 13


def test_the_trainee_sees_their_own_probation_on_the_phone_page(
    world: World, rows: Any, client_for: Any
) -> None:
    sd = world.schools["A1"]
    assert client_for("A1.teacher").get(url("my_probation")).status_code == 404
    Teacher.objects.filter(pk=sd.teachers[0].pk).update(user=None)
    Teacher.objects.filter(pk=rows.ready.teacher_id).update(user=world.user("A1.teacher"))
    body = client_for("A1.teacher").get(url("my_probation")).content.decode()
    assert "8/8 学时" in body and "我的见习" in body
    assert sd.school.name in body


def test_the_certificate_is_for_an_appointed_trainee_only(
    world: World, rows: Any, client_for: Any
) -> None:
    sd = world.schools["A1"]
    client = client_for("A1.leader")
    assert client.get(url("certificate", sd.school.pk, rows.running.pk)).status_code == 404
    response = client.get(url("certificate", sd.school.pk, rows.appointed.pk))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert rows.appointed.teacher.name in text and "区级结业考核" in text
    assert DataAccessLog.objects.filter(what="见习结业证明PDF").exists()


def test_xh26_prob_assess_nobody_assesses_their_own_probation(
    world: World, rows: Any, client_for: Any
) -> None:
    """The kit's own-record check answers on the page in Chinese, not as a 403."""
    sd = world.schools["A1"]
    Teacher.objects.filter(pk=rows.running.teacher_id).update(user=world.user("A1.leader"))
    data = {"level": "school_process", "assessed_on": today(), "assessor_name": "王老师",
            "result": "passed"}  # fmt: skip
    response = client_for("A1.leader").post(
        url("assessment_add", sd.school.pk, rows.running.pk), data
    )
    assert response.status_code == 200
    assert "不能评定本人的见习考核" in response.content.decode()
    assert not Assessment.objects.filter(trainee=rows.running).exists()


def test_the_district_pages_read_in_a_fixed_number_of_queries(
    world: World, rows: Any, client_for: Any, django_assert_max_num_queries: Any
) -> None:
    district = world.districts["A"].pk
    client = client_for("A.reviewer")
    for name in ("queue", "district_overview"):
        client.get(url(name, district))
    with django_assert_max_num_queries(30):
        client.get(url("queue", district))
    with django_assert_max_num_queries(30):
        client.get(url("district_overview", district))
    school_probation(world.schools["A2"])
    with django_assert_max_num_queries(30):
        body = client.get(url("queue", district)).content.decode()
    assert body.count('data-testid="candidate-') == 4
    with django_assert_max_num_queries(30):
        client.get(url("district_overview", district))
