"""The school and district compliance reports as files (issue 12 §1, §3, §4): the PDF
embeds a CJK font, says the Chinese title and the figures, numbers its pages 第 N 页 /
共 M 页; the Excel has the same figures with typed cells."""

from __future__ import annotations

from collections import Counter

from apps.compliance.models import ResultStatus
from apps.compliance.selectors import latest_results
from apps.core.xlsx import PERCENT
from apps.reports.models import ReportKind
from tests.personas import World

from .conftest import YEAR
from .helpers import page_png, pdf_fonts, pdf_pages, pdf_text, rendered, workbook

MET = str(ResultStatus.MET)


def test_a_school_report_pdf_embeds_a_chinese_font_and_numbers_its_pages(
    evaluated: World,
) -> None:
    sd = evaluated.schools["A1"]
    job, data = rendered(district=sd.school.district, kind=ReportKind.SCHOOL, fmt="pdf",
                         year=YEAR, school=sd.school)  # fmt: skip
    assert data.startswith(b"%PDF")
    assert any("CJK" in font for font in pdf_fonts(data)), pdf_fonts(data)
    text = pdf_text(data)
    assert "学校班主任队伍建设达标情况报告" in text
    assert sd.school.name in text and "学校盖章" in text and "负责人签字" in text
    pages = pdf_pages(data)
    assert pages == job.pages and pages >= 2
    assert text.count("报表编号") == pages  # the cover's line and the header of pages 2…
    assert f"第1页/共{pages}页" in text and f"第{pages}页/共{pages}页" in text
    assert text.count(f"/共{pages}页") == pages  # every page has its footer
    # The figures: the school's count of 达标 results is printed in its summary.
    results = latest_results(district=sd.school.district, school_year=YEAR, school=sd.school)
    statuses = Counter(results.values_list("status", flat=True))
    assert f"达标{statuses[MET]}项" in text
    assert job.run is not None and f"达标评估#{job.run.pk}" in text
    assert page_png(data, "school-report-page-1").stat().st_size > 10_000


def test_a_district_report_pdf_has_the_heatmap_the_ranking_and_every_school(
    evaluated: World,
) -> None:
    district = evaluated.districts["A"]
    job, data = rendered(district=district, kind=ReportKind.DISTRICT, fmt="pdf", year=YEAR)
    text = pdf_text(data)
    assert "区班主任队伍建设达标情况报告" in text
    for part in ("学校×指标达标热力图", "学校达标率排名", "分类情况", "各校情况"):
        assert part in text
    for key in ("A1", "A2"):
        assert evaluated.schools[key].school.name in text
    assert evaluated.schools["B1"].school.name not in text  # another district's school
    pages = pdf_pages(data)
    assert f"第{pages}页/共{pages}页" in text
    assert text.count("报表编号") >= pages  # the header on every page but the cover
    assert district.name in text and job.sha256 and len(job.sha256) == 64


def test_the_district_excel_has_the_same_figures_as_the_results(evaluated: World) -> None:
    district = evaluated.districts["A"]
    _job, data = rendered(district=district, kind=ReportKind.DISTRICT, fmt="xlsx", year=YEAR)
    book = workbook(data)
    assert book.sheetnames[0] == "学校汇总" and "原始结果" in book.sheetnames
    assert book.sheetnames[-1] == "说明"
    summary = book["学校汇总"]
    headers = [c.value for c in summary[1]]
    assert headers[:3] == ["名次", "学校代码", "学校"] and headers[-1] == "达标率"
    assert summary.freeze_panes == "A2" and summary.auto_filter.ref
    results = latest_results(district=district, school_year=YEAR)
    met = Counter(r.school_id for r in results if r.status == MET)
    by_code = {row[1].value: row for row in summary.iter_rows(min_row=2)}
    for key in ("A1", "A2"):
        school = evaluated.schools[key].school
        row = by_code[school.code]
        assert row[3].value == met[school.pk]
        share = row[7]
        assert share.value is None or (share.number_format == PERCENT and 0 <= share.value <= 1)
    raw = list(book["原始结果"].iter_rows(min_row=2, values_only=True))
    assert len(raw) == results.count()


def test_the_school_excel_lists_every_indicator_with_its_status(evaluated: World) -> None:
    sd = evaluated.schools["A2"]
    _job, data = rendered(district=sd.school.district, kind=ReportKind.SCHOOL, fmt="xlsx",
                          year=YEAR, school=sd.school)  # fmt: skip
    sheet = workbook(data)["逐项情况"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    results = {r.indicator_code: r.get_status_display() for r in latest_results(
        district=sd.school.district, school_year=YEAR, school=sd.school)}  # fmt: skip
    assert {row[1]: row[3] for row in rows} == results
