"""Issue 12, Done when: from the demo's district portal a person starts the district
report, watches its progress, downloads a PDF whose Chinese renders (page 1 kept as a
PNG to look at) and the Excel with the same figures; the archive lists both with their
hash. A real Celery worker renders them (`celery_worker_thread`)."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from apps.compliance.selectors import latest_results
from apps.core.schoolyear import current_school_year
from apps.reports.models import ReportJob
from tests.support.pdf import page_png, pdf_fonts, pdf_text

from .conftest import Demo, login, path_is

pytestmark = [pytest.mark.browser, pytest.mark.worker]

RENDER_TIMEOUT_MS = 60_000


def _start(page: Page, fmt_label: str) -> None:
    card = page.locator(".card", has=page.get_by_role("heading", name="区达标情况报告"))
    card.get_by_label("格式").select_option(label=fmt_label)
    card.get_by_role("button", name="生成报告").click()


def test_the_district_report_is_started_watched_downloaded_and_archived(
    page: Page, demo: Demo, celery_worker_thread: object
) -> None:
    district = demo.districts["huijing"]
    login(page, "hj_reviewer")
    page.locator("#mainnav").get_by_role("link", name="报表中心").click()
    expect(page).to_have_url(path_is(f"/d/{district.pk}/reports/"))

    _start(page, "PDF")
    expect(page.get_by_role("progressbar", name="报表生成进度")).to_be_visible()
    expect(page.get_by_test_id("report-state")).to_have_text("已完成", timeout=RENDER_TIMEOUT_MS)
    with page.expect_download() as pdf_download:
        page.get_by_test_id("report-download").click()
    pdf = open(pdf_download.value.path(), "rb").read()  # noqa: SIM115 - a temp file
    text = pdf_text(pdf)
    assert "区班主任队伍建设达标情况报告" in text and district.name in text
    assert any("CJK" in font for font in pdf_fonts(pdf))
    assert page_png(pdf, "district-report-page-1").stat().st_size > 10_000

    page.get_by_role("link", name="返回报表中心").click()
    _start(page, "Excel")
    expect(page.get_by_test_id("report-state")).to_have_text("已完成", timeout=RENDER_TIMEOUT_MS)
    with page.expect_download() as xlsx_download:
        page.get_by_test_id("report-download").click()
    book = load_workbook(io.BytesIO(open(xlsx_download.value.path(), "rb").read()))  # noqa: SIM115
    raw = list(book["原始结果"].iter_rows(min_row=2, values_only=True))
    results = latest_results(district=district, school_year=current_school_year())
    assert len(raw) == results.count()
    # the summary ranks the schools; the district's own indicators (XB23-COHORT …) are in
    # the raw sheet only
    met = sum(1 for r in results if r.status == "met" and r.school_id is not None)
    assert sum(row[3] for row in book["学校汇总"].iter_rows(min_row=2, values_only=True)) == met

    page.get_by_role("link", name="返回报表中心").click()
    archive = page.get_by_test_id("report-archive")
    for job in ReportJob.objects.filter(district=district, kind="district", state="succeeded"):
        expect(archive).to_contain_text(job.sha256[:10])
    expect(archive).to_contain_text("PDF")
    expect(archive).to_contain_text("Excel")
