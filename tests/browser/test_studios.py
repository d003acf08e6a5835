"""A studio lead's quarter, in a real browser (issue 14; XH26-STUDIO-MONTHLY, XB23-BRIEF on
the demo district's packs):

hj_studio, the host of 汇景区's district studio, logs in on a 390×844 phone and lands on
their studios (the district's they lead, their school's they take part in), opens the
district's → records a research session whose attendees are members from two schools
and sees them both on the session → files this quarter's brief before the 28th and sees
it 按时 → hj_reviewer's board of every studio and workshop shows the 院校合作 workshop's
last-quarter brief 逾期 (filed four days after its due day).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from apps.core.schoolyear import today
from apps.studios.models import Brief, Team
from apps.studios.selectors import brief_due

from .conftest import PHONE, Demo, login, page_widths

pytestmark = [pytest.mark.browser]

MINUTES = (
    "围绕“沉默型学生的发现与支持”，三所学校的成员各带一个真实案例，分析成因、"
    "商定观察与谈话的步骤，下月回访实施效果。"
)


def _this_quarter() -> tuple[int, int]:
    now = today()
    return now.year, (now.month - 1) // 3 + 1


def test_xb23_brief_a_studio_lead_records_a_session_and_files_the_brief_on_time(
    page: Page, phone_page: Page, demo: Demo, screens: Path
) -> None:
    district = demo.districts["huijing"]
    studio = Team.objects.get(district=district, school=None, name="区班主任带头人工作室")

    # 1. The lead logs in on the phone and lands on the studio.
    phone = phone_page
    login(phone, "hj_studio")
    expect(phone.get_by_role("heading", name="我的工作室")).to_be_visible()  # /studio/
    # they lead the district studio and take part in their own school's: both are listed
    phone.get_by_role("link", name=studio.name).click()
    expect(phone.get_by_role("heading", name=studio.name)).to_be_visible()
    members = phone.get_by_test_id("members")
    schools = {m.school.name for m in studio.members.select_related("school")}
    for name in schools:
        expect(members).to_contain_text(name)

    # 2. A session with members from two schools.
    phone.get_by_role("link", name="登记活动").click()
    phone.get_by_label("活动名称").fill("沉默型学生的发现与支持")
    phone.get_by_label("研究的问题").fill("沉默型学生的早期识别与支持")
    phone.get_by_label("活动日期").fill(today().isoformat())
    phone.get_by_label("学时").fill("2")
    phone.get_by_label("研修主题模块").select_option(label="学生发展指导")
    phone.get_by_label("活动纪要").fill(MINUTES)
    cards = phone.get_by_test_id("attendees").locator(".card")
    ticked = []
    for index in range(2):  # the first member of two school groups
        card = cards.nth(index)
        ticked.append(card.locator(".card-header").inner_text().strip())
        card.locator("input[type=checkbox]").first.check()
    phone.get_by_role("button", name="保存").click()
    attendees = phone.get_by_test_id("attendees")
    for school in ticked:
        expect(attendees).to_contain_text(school)
    phone.screenshot(path=screens / "studio-session-phone.png", full_page=True)

    # 3. This quarter's brief, filed before its due moment: 按时.
    year, quarter = _this_quarter()
    phone.goto(f"/studio/teams/{studio.pk}/briefs/")
    card = phone.get_by_test_id(f"quarter-{year}-{quarter}")
    expect(card.get_by_test_id(f"chip-{year}-{quarter}")).to_have_text("未到期")
    card.get_by_role("link", name="提交简报").click()
    phone.get_by_label("标题").fill(f"{year}年第{quarter}季度项目简报")
    phone.get_by_label("项目实施与进展").fill("本季度开展三次主题研修，完成案例集初稿。")
    phone.get_by_test_id("submit").click()
    on_time = timezone.now() <= brief_due(year, quarter, 28)
    chip = phone.get_by_test_id(f"chip-{year}-{quarter}")
    expect(chip).to_have_text("按时" if on_time else "逾期")
    assert Brief.objects.filter(team=studio, year=year, quarter=quarter).exists()
    scroll_width, inner_width = page_widths(phone)
    assert scroll_width <= inner_width == PHONE["width"], "the page scrolls sideways"
    phone.screenshot(path=screens / "studio-briefs-phone.png", full_page=True)

    # 4. The district's board: the institute workshop's last brief came late.
    late = Brief.objects.get(team__district=district, team__name="院校合作·班级心理辅导工作坊")
    login(page, "hj_reviewer")
    page.goto(f"/d/{district.pk}/studios/briefs/?year={late.year}")
    row = page.get_by_test_id(f"team-{late.team_id}")
    expect(row.get_by_test_id(f"chip-{late.year}-{late.quarter}")).to_have_text("逾期")
    own = page.get_by_test_id(f"team-{studio.pk}")
    expect(own).to_be_visible()
    page.screenshot(path=screens / "studio-brief-board.png", full_page=True)
