"""The Excel import of assessment results (issue 13 §11, XH26-PROB-ASSESS): a good file
saves every row through the service; a file with bad rows reports each and saves
nothing; the district imports 区级结业考核 by 学校代码 + 工号."""

from __future__ import annotations

import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from apps.core.access_log import DataAccessLog
from apps.core.jobs import import_run
from apps.core.schoolyear import today
from apps.probation.excel.assessments import SHEET, build_assessment_template
from apps.probation.models import Assessment, AssessmentImport
from apps.probation.services.imports import (
    district_assessment_import_start,
    school_assessment_import_start,
)
from tests.personas import World

from .rows import school_probation


def filled(rows: list[list[Any]], *, district_wide: bool = False) -> bytes:
    workbook = load_workbook(io.BytesIO(build_assessment_template(district_wide=district_wide)))
    for row in rows:
        workbook[SHEET].append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def run(job: AssessmentImport) -> AssessmentImport:
    import_run(model_label=AssessmentImport._meta.label_lower, job_id=job.pk)
    job.refresh_from_db()
    return job


def test_xh26_prob_assess_a_good_school_file_saves_every_row(world: World) -> None:
    sd = world.schools["A1"]
    school_probation(sd)
    day = today().isoformat()
    data = filled([
        [f"{sd.marker}P1", "学校过程考核", day, "王老师", "合格", 92, None],
        [f"{sd.marker}P1", "上岗技能考核", day, "李老师", "不合格", None, "班会组织需加强"],
    ])  # fmt: skip
    job = school_assessment_import_start(
        school=sd.school, actor=world.user("A1.leader"), file_name="结果.xlsx", data=data
    )
    job = run(job)
    assert job.state == "succeeded", job.errors
    assert job.summary == {"recorded": 2, "passed": 1, "failed": 1}
    assert Assessment.objects.filter(trainee__teacher__employee_no=f"{sd.marker}P1").count() == 2


def test_xh26_prob_assess_two_bad_rows_are_both_reported_and_nothing_saved(
    world: World,
) -> None:
    sd = world.schools["A1"]
    school_probation(sd)
    before = Assessment.objects.count()
    day = today().isoformat()
    data = filled([
        [f"{sd.marker}P1", "学校过程考核", day, "王老师", "合格", None, None],
        ["NOPE-1", "学校过程考核", day, "王老师", "合格", None, None],
        [f"{sd.marker}P1", "上岗技能考核", day, "李老师", "不合格", None, None],
    ])  # fmt: skip
    job = school_assessment_import_start(
        school=sd.school, actor=world.user("A1.leader"), file_name="结果.xlsx", data=data
    )
    job = run(job)
    assert job.state == "failed"
    rows = sorted((e["row"], e["column"]) for e in job.errors)
    assert rows == [(3, "工号"), (4, "考核意见")]
    assert "NOPE-1" in job.errors[0]["message"]
    assert Assessment.objects.count() == before


def test_the_district_imports_graduation_by_school_code(world: World) -> None:
    sd = world.schools["A1"]
    rows = school_probation(sd)
    data = filled(
        [[sd.school.code, f"{sd.marker}P4", "区级结业考核", today().isoformat(), "区德研室",
          "合格", None, None],
         [sd.school.code, f"{sd.marker}P1", "区级结业考核", today().isoformat(), "区德研室",
          "合格", None, None]],
        district_wide=True,
    )  # fmt: skip
    job = district_assessment_import_start(
        district=sd.school.district, actor=world.user("A.reviewer"), file_name="结业.xlsx",
        data=data,
    )  # fmt: skip
    job = run(job)
    assert job.state == "failed"  # P1 is still in probation: not sent on
    assert [e["row"] for e in job.errors] == [3]
    assert "学校报送后" in job.errors[0]["message"]
    assert not Assessment.objects.filter(trainee=rows.awaiting, level="district_graduation")


def test_the_job_page_shows_progress_and_hands_out_the_error_report(
    world: World, client_for: Any
) -> None:
    sd = world.schools["A1"]
    school_probation(sd)
    data = filled([["NOPE-1", "学校过程考核", today().isoformat(), "王老师", "合格", None, None]])
    client = client_for("A1.leader")
    response = client.post(
        reverse("probation:import", args=[sd.school.pk]),
        {"file": SimpleUploadedFile("结果.xlsx", data)},
    )
    assert response.status_code == 302
    job = run(AssessmentImport.objects.get())
    page = client.get(response["Location"])
    assert 'role="progressbar"' in page.content.decode() and "NOPE-1" in page.content.decode()
    report = client.get(response["Location"], {"format": "xlsx"})
    assert report.status_code == 200
    assert job.errors and DataAccessLog.objects.filter(what="导入错误报告").exists()
