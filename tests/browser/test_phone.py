"""The teacher's space on a phone: most teachers will open it there."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from apps.people.models import HomeroomAssignment, Teacher

from .conftest import PHONE, Demo, login, page_widths, path_is

pytestmark = pytest.mark.browser


def test_teacher_space_fits_a_phone(phone_page: Page, demo: Demo, screens: Path) -> None:
    """On a 390×844 phone the teacher logs in and sees their own assignments on /me/
    without scrolling sideways (templates/base.html: `width=device-width`; the navbar
    collapses behind its toggler)."""
    page = phone_page
    record = Teacher.objects.get(user__username="hj_teacher")
    assignments = HomeroomAssignment.objects.filter(teacher=record).select_related("school_class")
    assert assignments, "the demo teacher should hold at least one assignment"

    page.goto("/accounts/login/")
    scroll_width, inner_width = page_widths(page)
    assert inner_width == PHONE["width"]
    assert scroll_width <= inner_width, "the login page scrolls sideways on a phone"
    login(page, "hj_teacher")

    expect(page).to_have_url(path_is("/me/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("我的空间")
    expect(page.get_by_role("heading", level=2).filter(has_text=record.name)).to_be_visible()
    items = page.locator(".card").filter(has_text="任职记录").locator(".list-group-item")
    expect(items).to_have_count(len(assignments))
    for assignment in assignments:
        item = items.filter(has_text=f"{assignment.school_year}学年 · {assignment.school_class}")
        expect(item).to_contain_text(assignment.get_role_display())
        box = item.bounding_box()
        assert box is not None
        assert box["x"] >= 0
        assert box["x"] + box["width"] <= inner_width
    scroll_width, inner_width = page_widths(page)
    assert scroll_width <= inner_width, (
        f"/me/ is {scroll_width}px wide on a {inner_width}px phone: it scrolls sideways"
    )
    page.screenshot(path=screens / "home-hj_teacher-phone.png", full_page=True)

    # The collapsed menu opens and leads back to the same space.
    expect(page.get_by_role("link", name="我的空间")).to_be_hidden()
    page.get_by_role("button", name="菜单").click()
    expect(page.get_by_role("link", name="我的空间")).to_be_visible()
