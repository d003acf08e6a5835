"""The probation's sections of the reports (issue 13): the school report (PDF and Excel)
lists the school's trainees with their buckets, assessments, stage and next step; the
district report counts them per school. XH26-PROB-HOURS, XH26-PROB-ASSESS."""

from __future__ import annotations

import pytest

from apps.compliance import services as compliance
from apps.reports.models import ReportKind
from tests.personas import World
from tests.probation.support import YEAR, all_hours, on_xuhui, overdue_trainee, trainee
from tests.reports.helpers import pdf_text, rendered, workbook


@pytest.fixture
def reported(world: World) -> World:
    on_xuhui(world)
    short = trainee(world, "A1", 1)
    all_hours(world, short, micro="30")
    overdue_trainee(world, "A2", 1)
    for district in world.districts.values():
        run = compliance.run_start(district=district, school_year=YEAR, force=True)
        compliance.run_execute(run_id=run.pk)
    return world


def test_the_school_report_lists_its_trainees_with_what_they_still_need(reported: World) -> None:
    sd = reported.schools["A1"]
    _job, data = rendered(district=sd.school.district, kind=ReportKind.SCHOOL, fmt="xlsx",
                          year=YEAR, school=sd.school)  # fmt: skip
    sheet = workbook(data)["见习班主任（8+32+X）"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("见习班主任", "指导教师", "见习期")
    (row,) = rows[1:]
    assert row[0] == "见习A11（MK-A1-T1）" and row[3:6] == ("8/8", "30/32", "0/0")
    assert row[9] == "见习中" and "专项微专业培训 30/32 学时" in row[10]
    _job, pdf = rendered(district=sd.school.district, kind=ReportKind.SCHOOL, fmt="pdf",
                         year=YEAR, school=sd.school)  # fmt: skip
    text = pdf_text(pdf)
    assert "见习班主任（8+32+X）" in text and "见习A11" in text
    assert "见习A21" not in text  # another school's trainee


def test_the_district_report_counts_trainees_per_school(reported: World) -> None:
    district = reported.districts["A"]
    _job, data = rendered(district=district, kind=ReportKind.DISTRICT, fmt="xlsx", year=YEAR)
    rows = list(workbook(data)["见习班主任（各校）"].iter_rows(values_only=True))
    counts = {row[0]: row[2:] for row in rows[1:]}
    assert counts == {"school-a1": (1, 0, 0, 0, 0), "school-a2": (1, 0, 0, 0, 1)}


def test_the_reports_count_deputies_reserve_and_home_visits(reported: World) -> None:
    """XH26-DEPUTY / XH26-RESERVE / LS15-HOMEVISIT: the persona school's training-track
    deputy is counted in its own report and in the district's row for it."""
    sd = reported.schools["A1"]
    _job, data = rendered(district=sd.school.district, kind=ReportKind.SCHOOL, fmt="xlsx",
                          year=YEAR, school=sd.school)  # fmt: skip
    rows = list(workbook(data)["副班主任、后备人才与家访"].iter_rows(values_only=True))
    assert rows[0][0] == "培养型副班主任" and rows[1][0] == 1
    _job, data = rendered(district=sd.school.district, kind=ReportKind.DISTRICT, fmt="xlsx",
                          year=YEAR)  # fmt: skip
    district = list(workbook(data)["副班主任、后备人才与家访（各校）"].iter_rows(values_only=True))
    assert {row[0]: row[2] for row in district[1:]} == {"school-a1": 1, "school-a2": 1}
