"""The school leader's 添加教师 form: a service error shown on its field, then a save."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from apps.core.schoolyear import today
from apps.people.models import Teacher

from .conftest import Demo, login, path_is

pytestmark = pytest.mark.browser


def test_future_birth_date_is_refused_on_its_field_then_the_fixed_teacher_is_listed(
    page: Page, demo: Demo, screens: Path
) -> None:
    """The date rules live in one place (apps/people/validation.py, shared by forms, API
    and import); the service raises them keyed by field and the form shows them on that
    field in Chinese, naming the field and the limit (apps/people/services.py: "a message
    in Chinese that names the fix"). A refused form saves nothing and keeps what was typed."""
    school = demo.schools["hj-p1"]
    now = today()
    future = dt.date(now.year + 1, 3, 15)
    login(page, "hj_leader")
    page.locator("#mainnav").get_by_role("link", name="教师名册").click()
    expect(page).to_have_url(path_is(f"/s/{school.pk}/teachers/"))
    page.get_by_role("link", name="添加教师").click()
    expect(page).to_have_url(path_is(f"/s/{school.pk}/teachers/new/"))

    page.get_by_label("工号", exact=True).fill("T900")
    page.get_by_label("姓名", exact=True).fill("欧阳未来")
    page.get_by_label("性别", exact=True).select_option(label="女")
    birth = page.get_by_label("出生日期", exact=True)
    birth.fill(future.isoformat())
    page.get_by_role("button", name="保存").click()

    expect(page).to_have_url(path_is(f"/s/{school.pk}/teachers/new/"))
    error = page.locator(".errorlist")
    expect(error).to_have_count(1)
    expect(error).to_have_text(re.compile(rf"出生日期.*不能晚于今天（{now:%Y-%m-%d}）"))
    expect(page.get_by_role("alert").filter(has_text="请修改下面标红的 1 处")).to_be_visible()
    expect(birth).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("姓名", exact=True)).to_have_value("欧阳未来")
    assert not Teacher.objects.filter(school=school, employee_no="T900").exists()
    page.screenshot(path=screens / "teacher-form-error.png", full_page=True)

    birth.fill("1990-04-18")
    page.get_by_role("button", name="保存").click()

    expect(page.get_by_role("alert").filter(has_text="教师已添加。")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text("欧阳未来")
    expect(page.get_by_text("1990-04-18")).to_be_visible()

    page.locator("#mainnav").get_by_role("link", name="教师名册").click()
    page.get_by_placeholder("按姓名或工号搜索").fill("欧阳")
    page.get_by_role("button", name="筛选").click()
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("T900")
    expect(rows.first.get_by_role("link", name="欧阳未来")).to_be_visible()
