"""Every list's 导出 Excel (issue 12 §1): the roster, the district's evidence queue, the
school's 学时审定 queue, the school list, the accounts and the activity lists export the
rows the filters select — every one, not a page — of the tenant's own only, typed, and
logged as a hand-over."""

from __future__ import annotations

import io
from typing import Any

from django.urls import reverse
from openpyxl import load_workbook

from apps.core.access_log import DataAccessLog
from apps.core.schoolyear import current_school_year, school_year_of
from apps.training.models import Cohort, RecordStatus, Survey
from tests.personas import World
from tests.training.rows import district_activity, school_rows


def _sheet(response: Any, title: str) -> Any:
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(response.content))[title]


def test_the_roster_exports_the_filtered_teachers_of_the_school(
    world: World, client_for: Any
) -> None:
    sd = world.schools["A1"]
    url = reverse("people:teacher_list", args=[sd.school.pk])
    sheet = _sheet(client_for("A1.leader").get(f"{url}?status=all&format=xlsx"), "教师名册")
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert {r[0] for r in rows} == {t.employee_no for t in sd.teachers}
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref
    one = sd.teachers[1]
    searched = _sheet(client_for("A1.leader").get(f"{url}?q={one.employee_no}&format=xlsx"),
                      "教师名册")  # fmt: skip
    assert [r[0] for r in searched.iter_rows(min_row=2, values_only=True)] == [one.employee_no]
    assert DataAccessLog.objects.filter(what="教师名册导出", school_id=sd.school.pk).count() == 2
    assert client_for("A2.leader").get(f"{url}?format=xlsx").status_code == 404


def test_the_evidence_queue_exports_the_districts_items_only(world: World, client_for: Any) -> None:
    district = world.districts["A"]
    url = reverse("evidence:review_queue", args=[district.pk])
    sheet = _sheet(client_for("A.reviewer").get(f"{url}?status=all&format=xlsx"), "材料审核")
    schools = {r[0] for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert schools == {world.schools["A1"].school.name, world.schools["A2"].school.name}
    assert client_for("B.reviewer").get(f"{url}?format=xlsx").status_code == 404


def test_the_hours_review_queue_exports_its_records(world: World, client_for: Any) -> None:
    sd = world.schools["A1"]
    record = school_rows(sd).external
    url = reverse("training:external_queue", args=[sd.school.pk])
    status = record.status if record.status in RecordStatus.values else "all"
    sheet = _sheet(client_for("A1.leader").get(f"{url}?status={status}&format=xlsx"), "学时审定")
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[2]) for r in rows] == [(record.teacher.employee_no, record.title)]
    assert rows[0][6] == float(record.hours) and sheet["F2"].is_date


def test_the_school_list_exports_the_districts_open_schools(world: World, client_for: Any) -> None:
    district = world.districts["A"]
    url = reverse("tenancy:schools", args=[district.pk])
    sheet = _sheet(client_for("A.admin").get(f"{url}?format=xlsx"), "学校名单")
    codes = {r[0] for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert codes == {world.schools["A1"].school.code, world.schools["A2"].school.code}
    assert client_for("A.reviewer").get(f"{url}?format=xlsx").status_code == 404
    assert DataAccessLog.objects.filter(what="学校名单导出", district_id=district.pk).exists()


def test_the_account_list_exports_the_districts_staff(world: World, client_for: Any) -> None:
    district = world.districts["A"]
    url = reverse("accounts:staff_list", args=[district.pk])
    sheet = _sheet(client_for("A.admin").get(f"{url}?format=xlsx"), "账号")
    users = {r[1] for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert world.user("A.reviewer").username in users
    assert world.user("B.reviewer").username not in users
    assert client_for("B.admin").get(f"{url}?format=xlsx").status_code == 404


def test_the_activity_lists_export_the_years_activities(world: World, client_for: Any) -> None:
    sd = world.schools["A1"]
    activity = school_rows(sd).activity
    own = district_activity("A", world)
    school_url = reverse("training:activity_list", args=[sd.school.pk])
    query = f"?year={school_year_of(activity.date)}&format=xlsx"
    sheet = _sheet(client_for("A1.leader").get(school_url + query), "研修活动")
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [r[1] for r in rows] == [activity.title] and sheet["A2"].is_date
    district_url = reverse("training:district_activity_list", args=[world.districts["A"].pk])
    district_query = f"?year={school_year_of(own.date)}&format=xlsx"
    sheet = _sheet(client_for("A.admin").get(district_url + district_query), "研修活动")
    assert [r[1] for r in sheet.iter_rows(min_row=2, values_only=True)] == [own.title]
    assert client_for("A2.leader").get(school_url + query).status_code == 404


def test_the_schools_evidence_and_archive_lists_export_their_rows(
    world: World, client_for: Any
) -> None:
    sd = world.schools["A1"]
    rows = school_rows(sd)
    evidence_url = reverse("evidence:school_list", args=[sd.school.pk])
    query = f"?year={sd.evidence.school_year}&format=xlsx"
    sheet = _sheet(client_for("A1.leader").get(evidence_url + query), "佐证材料")
    assert [r[2] for r in sheet.iter_rows(min_row=2, values_only=True)] == [sd.evidence.title]
    assert client_for("A2.leader").get(evidence_url + query).status_code == 404
    archive_url = reverse("training:archive_list", args=[sd.school.pk])
    sheet = _sheet(client_for("A1.leader").get(f"{archive_url}?format=xlsx"), "实绩与荣誉")
    assert [r[5] for r in sheet.iter_rows(min_row=2, values_only=True)] == [rows.archive.title]
    assert DataAccessLog.objects.filter(what="发展档案导出", school_id=sd.school.pk).exists()


def test_the_class_and_assignment_lists_export_the_years_rows(
    world: World, client_for: Any
) -> None:
    sd = world.schools["A1"]
    year = sd.classes[0].school_year
    classes = reverse("people:class_list", args=[sd.school.pk])
    sheet = _sheet(client_for("A1.leader").get(f"{classes}?year={year}&format=xlsx"), "班级")
    assert {r[0] for r in sheet.iter_rows(min_row=2, values_only=True)} == {
        str(c) for c in sd.classes
    }
    assignments = reverse("people:assignment_list", args=[sd.school.pk])
    sheet = _sheet(client_for("A1.leader").get(f"{assignments}?year={year}&format=xlsx"), "任职")
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(sd.assignments)
    assert {r[1] for r in rows} == {a.teacher.employee_no for a in sd.assignments}
    assert client_for("A2.leader").get(f"{classes}?format=xlsx").status_code == 404


def test_the_cohort_and_survey_lists_export_their_rows(world: World, client_for: Any) -> None:
    district, sd = world.districts["A"], world.schools["A1"]
    cohort = Cohort.objects.create(district=district, programme="xuhang", required_hours=8,
                                   school_year=current_school_year(), name="续航班A")  # fmt: skip
    survey = Survey.objects.create(
        district=district, school=sd.school, title="本校研修需求调研",
        created_by=world.user("A1.leader"),
        questions=[{"text": "最需要的研修内容", "choices": ["班集体管理"], "multiple": False}],
    )  # fmt: skip
    cohorts = reverse("training:cohort_list", args=[district.pk])
    sheet = _sheet(client_for("A.admin").get(f"{cohorts}?format=xlsx"), "培养班次")
    assert [r[2] for r in sheet.iter_rows(min_row=2, values_only=True)] == [cohort.name]
    surveys = reverse("training:school_survey_list", args=[sd.school.pk])
    sheet = _sheet(client_for("A1.leader").get(f"{surveys}?format=xlsx"), "需求调研")
    assert [r[0] for r in sheet.iter_rows(min_row=2, values_only=True)] == [survey.title]
    assert client_for("B.admin").get(f"{cohorts}?format=xlsx").status_code == 404
