"""Roster import end to end: template download, upload, a real Celery worker, the progress
page polled by htmx, and the result in the roster.

The worker (`celery_worker_thread`, tests/conftest.py) runs in a thread of this process
against the test Redis; like the live server thread it has its own database connection,
so both fixtures need the transactional database — `live_server` asks for it through
pytest-django's `_live_server_helper` and `celery_worker_thread` requests it itself: one
database, committed rows, emptied after the test.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from apps.core.schoolyear import current_school_year
from apps.people.models import SchoolClass, Teacher
from apps.people.roster_import import CLASS_SHEET, TEACHER_SHEET, build_template

from .conftest import Demo, login, path_is

pytestmark = [pytest.mark.browser, pytest.mark.worker]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
IMPORT_TIMEOUT_MS = 30_000


def fill_template(template: bytes, sheets: dict[str, list[dict[str, Any]]]) -> bytes:
    """The template with rows appended under its header row, by header (without the *)."""
    workbook = load_workbook(io.BytesIO(template))
    for title, rows in sheets.items():
        sheet = workbook[title]
        headers = [str(cell.value or "").rstrip("*") for cell in sheet[1]]
        for row in rows:
            unknown = set(row) - set(headers)
            assert not unknown, f"not a column of {title}: {unknown}"
            sheet.append([row.get(header) for header in headers])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def open_import_page(page: Page, demo: Demo) -> int:
    school = demo.schools["hj-p1"]
    login(page, "hj_leader")
    page.locator("#mainnav").get_by_role("link", name="名册导入").click()
    expect(page).to_have_url(path_is(f"/s/{school.pk}/imports/"))
    return school.pk


def upload(page: Page, path: Path) -> None:
    page.get_by_label("名册文件（.xlsx）").set_input_files(path)
    page.get_by_role("button", name="上传并导入").click()


def test_roster_import_from_the_downloaded_template(
    page: Page, demo: Demo, celery_worker_thread: object, tmp_path: Path, screens: Path
) -> None:
    """The leader downloads the template (a real .xlsx with the 教师 and 班级 sheets),
    fills it, uploads it; the job runs on a Celery worker while the page polls, reaches
    已完成 with a summary, and the new teachers, classes and homeroom assignments are in
    the portal (apps/people/roster_import.py: upsert by 工号 and 学年+年级+班级名称)."""
    school_id = open_import_page(page, demo)
    link = page.get_by_test_id("template-link")

    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    template_path = tmp_path / "template.xlsx"
    download.save_as(template_path)
    template = template_path.read_bytes()
    assert template[:4] == b"PK\x03\x04"  # an OOXML zip …
    workbook = load_workbook(template_path, read_only=True)
    assert {TEACHER_SHEET, CLASS_SHEET} <= set(workbook.sheetnames)  # … with our sheets
    assert next(workbook[TEACHER_SHEET].values)[:3] == ("工号*", "姓名*", "性别*")
    workbook.close()
    response = page.request.get(link.get_attribute("href") or "")
    assert response.ok
    assert response.headers["content-type"] == XLSX

    year = current_school_year()
    filled = tmp_path / "汇景实验小学-新教师.xlsx"
    filled.write_bytes(
        fill_template(
            template,
            {
                TEACHER_SHEET: [
                    {
                        "工号": "IMP001",
                        "姓名": "导入甲",
                        "性别": "女",
                        "出生日期": "1990-05-12",
                        "参加教育工作时间": "2012-09",
                        "职称": "一级教师",
                        "心理健康教育证书": "C级",
                    },
                    {
                        "工号": "IMP002",
                        "姓名": "导入乙",
                        "性别": "男",
                        "出生日期": "1998-01-03",
                        "参加教育工作时间": "2021-09",
                        "是否德育干部": "否",
                    },
                    {"工号": "IMP003", "姓名": "导入丙", "性别": "女"},
                ],
                CLASS_SHEET: [
                    {
                        "学年": year,
                        "年级": "一年级",
                        "班级名称": "9班",
                        "学生人数": 35,
                        "班主任工号": "IMP001",
                        "副班主任工号": "IMP002",
                        "副班主任类型": "培养型",
                    },
                    {
                        "学年": year,
                        "年级": "二年级",
                        "班级名称": "9班",
                        "学生人数": 33,
                        "班主任工号": "IMP003",
                    },
                ],
            },
        )
    )
    upload(page, filled)

    expect(page).to_have_url(re.compile(rf"/s/{school_id}/imports/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"导入：{filled.name}")
    expect(page.get_by_test_id("import-state")).to_have_text("已完成", timeout=IMPORT_TIMEOUT_MS)
    expect(page.get_by_test_id("import-message")).to_have_text(
        "导入成功：新增教师 3 人、更新 0 人；新增班级 2 个、更新 0 个；任职 3 条。"
    )
    expect(page.get_by_test_id("import-errors")).to_have_count(0)
    page.screenshot(path=screens / "import-succeeded.png", full_page=True)

    page.locator("#mainnav").get_by_role("link", name="教师名册").click()
    page.get_by_placeholder("按姓名或工号搜索").fill("IMP")
    page.get_by_role("button", name="筛选").click()
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(3)
    for name in ("导入甲", "导入乙", "导入丙"):
        expect(page.get_by_role("link", name=name)).to_be_visible()

    page.locator("#mainnav").get_by_role("link", name="班级").click()
    first_grade = page.locator("table tbody tr").filter(has_text="一年级9班")
    expect(first_grade).to_contain_text("导入甲")
    expect(first_grade).to_contain_text("导入乙（培养型）")


def test_roster_import_with_a_bad_row_lists_it_and_saves_nothing(
    page: Page, demo: Demo, celery_worker_thread: object, tmp_path: Path, screens: Path
) -> None:
    """A file with bad rows is refused as a whole: the job ends 未通过校验, the page lists
    every problem with its sheet, row and column and how to fix it, and not even the good
    rows are saved (apps/people/roster_import.py step 4: "if there is any error, save
    nothing")."""
    school_id = open_import_page(page, demo)
    teachers_before = Teacher.objects.filter(school_id=school_id).count()
    classes_before = SchoolClass.objects.filter(school_id=school_id).count()
    bad = tmp_path / "有错误的名册.xlsx"
    bad.write_bytes(
        fill_template(
            build_template(),
            {
                TEACHER_SHEET: [
                    {"工号": "IMP101", "姓名": "正确的行", "性别": "男"},
                    {"工号": "IMP102", "姓名": "性别写错", "性别": "未知"},
                ],
                CLASS_SHEET: [
                    {
                        "学年": current_school_year(),
                        "年级": "三年级",
                        "班级名称": "9班",
                        "班主任工号": "NOPE99",
                    },
                ],
            },
        )
    )
    upload(page, bad)

    expect(page).to_have_url(re.compile(rf"/s/{school_id}/imports/\d+/$"))
    expect(page.get_by_test_id("import-state")).to_have_text(
        "未通过校验", timeout=IMPORT_TIMEOUT_MS
    )
    expect(page.get_by_test_id("import-message")).to_have_text(
        "发现 2 处错误，文件未保存任何数据。请修改后重新上传。"
    )
    rows = page.get_by_test_id("import-errors").locator("tbody tr")
    expect(rows).to_have_count(2)
    cells = [row.locator("td").all_inner_texts() for row in rows.all()]
    assert cells[0][:3] == [TEACHER_SHEET, "3", "性别"]
    assert "未知" in cells[0][3]
    assert "男、女" in cells[0][3]
    assert cells[1][:3] == [CLASS_SHEET, "2", "班主任工号"]
    assert "NOPE99" in cells[1][3]
    page.screenshot(path=screens / "import-failed.png", full_page=True)

    page.locator("#mainnav").get_by_role("link", name="教师名册").click()
    page.get_by_placeholder("按姓名或工号搜索").fill("IMP1")
    page.get_by_role("button", name="筛选").click()
    expect(page.get_by_text("没有符合条件的教师。")).to_be_visible()
    assert Teacher.objects.filter(school_id=school_id).count() == teachers_before
    assert SchoolClass.objects.filter(school_id=school_id).count() == classes_before
