"""Logging in, landing on one's portal, switching roles, and other tenants' pages — seen
through a real browser."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from apps.people.models import Teacher

from .conftest import Demo, login, path_is

pytestmark = pytest.mark.browser

# username → (portal, district code, school code or None)
DEMO_LOGINS = {
    "hj_admin": ("district", "huijing", None),
    "hj_reviewer": ("district", "huijing", None),
    "hj_leader": ("school", "huijing", "hj-p1"),
    "hj_teacher": ("teacher", "huijing", "hj-p1"),
    "xq_admin": ("district", "xinqiao", None),
    "xq_reviewer": ("district", "xinqiao", None),
    "xq_leader": ("school", "xinqiao", "xq-p1"),
    "xq_teacher": ("teacher", "xinqiao", "xq-p1"),
}


@pytest.mark.parametrize("username", list(DEMO_LOGINS))
def test_demo_login_lands_on_its_portal_home(
    page: Page, demo: Demo, screens: Path, username: str
) -> None:
    """Each demo login signs in through the real form and lands on its own portal home
    (apps/tenancy/portals.py, "where each role lands"): district roles on /d/<id>/ with
    their district's schools and no other district's (ARCHITECTURE §4 tenancy; a district
    role reads its district, apps/tenancy/access.py), the school leader on /s/<id>/, a
    teacher on /me/ with their own record only."""
    portal, district_code, school_code = DEMO_LOGINS[username]
    login(page, username)

    if portal == "district":
        district = demo.districts[district_code]
        expect(page).to_have_url(path_is(f"/d/{district.pk}/"))
        expect(page.get_by_role("heading", level=1)).to_contain_text(district.name)
        table = page.get_by_test_id("school-table")
        expect(table).to_be_visible()
        names = table.locator("tbody tr td:first-child a").all_inner_texts()
        assert sorted(names) == sorted(demo.school_names(district_code))
    elif portal == "school":
        school = demo.schools[school_code]
        expect(page).to_have_url(path_is(f"/s/{school.pk}/"))
        expect(page.get_by_role("heading", level=1)).to_have_text(school.name)
        expect(page.get_by_text("在职教师", exact=True)).to_be_visible()
    else:
        record = Teacher.objects.get(user__username=username)
        expect(page).to_have_url(path_is("/me/"))
        expect(page.get_by_role("heading", level=1)).to_have_text("我的空间")
        # the record's heading (the 待办 card above it has a heading of its own)
        own = page.get_by_role("heading", level=2).filter(has_text=record.name)
        expect(own).to_contain_text(record.name)
        expect(own).to_contain_text(record.school.name)
        expect(page.get_by_text("任职记录")).to_be_visible()

    page.screenshot(path=screens / f"home-{username}.png", full_page=True)


def test_wrong_password_is_refused_in_chinese(page: Page, demo: Demo) -> None:
    """A wrong password keeps the person on the login page with a Chinese message that
    says what to do (apps/accounts/forms.py LoginForm), and logs nobody in."""
    login(page, "hj_admin", "not-the-password")

    expect(page).to_have_url(path_is("/accounts/login/"))
    expect(page.get_by_role("alert").filter(has_text="用户名或密码不正确")).to_be_visible()
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/$"))


def test_role_switcher_takes_the_leader_to_the_teacher_space(page: Page, demo: Demo) -> None:
    """hj_leader is school leader and a teacher of 汇景实验小学: the navbar's role switcher
    lists both roles and switching lands on that role's portal home (apps/tenancy/views.py
    switch_role → portal_home_url); the menu follows the active role."""
    school = demo.schools["hj-p1"]
    record = Teacher.objects.get(user__username="hj_leader")
    login(page, "hj_leader")
    expect(page).to_have_url(path_is(f"/s/{school.pk}/"))
    switcher = page.get_by_test_id("role-switcher")
    expect(switcher).to_contain_text("学校德育负责人")

    switcher.click()
    page.get_by_role("button", name=f"{school.name} · 班主任/教师").click()

    expect(page).to_have_url(path_is("/me/"))
    expect(page.get_by_role("alert")).to_contain_text(f"已切换为：{school.name} · 班主任/教师")
    expect(page.get_by_role("heading", level=1)).to_have_text("我的空间")
    expect(page.get_by_role("heading", level=2).filter(has_text=record.name)).to_be_visible()
    expect(page.get_by_test_id("role-switcher")).to_contain_text("班主任/教师")
    nav = page.locator("#mainnav")
    expect(nav.get_by_role("link", name="我的空间")).to_be_visible()
    expect(nav.get_by_role("link", name="教师名册")).to_have_count(0)

    # …and back: the choice is kept in the session until switched again.
    page.get_by_test_id("role-switcher").click()
    page.get_by_role("button", name=f"{school.name} · 学校德育负责人").click()
    expect(page).to_have_url(path_is(f"/s/{school.pk}/"))
    page.goto("/")
    expect(page).to_have_url(path_is(f"/s/{school.pk}/"))


def test_other_districts_pages_are_a_404(page: Page, demo: Demo, screens: Path) -> None:
    """A 汇景区 district admin opening 新桥区's pages by URL gets the same 404 page as for
    a page that does not exist — ARCHITECTURE §4 "not yours is a 404" (apps/tenancy/
    access.py, the one door): nothing tells them the school or district exists."""
    other_district = demo.districts["xinqiao"]
    other_school = demo.schools["xq-p1"]
    own_school = demo.schools["hj-p1"]
    login(page, "hj_admin")
    expect(page).to_have_url(path_is(f"/d/{demo.districts['huijing'].pk}/"))

    for path in (
        f"/s/{other_school.pk}/",
        f"/d/{other_district.pk}/",
        f"/d/{other_district.pk}/schools/{other_school.pk}/",
        "/s/999999999/",  # does not exist at all: the same answer
    ):
        response = page.goto(path)
        assert response is not None
        assert response.status == 404, path
        expect(page.get_by_text("找不到该页面")).to_be_visible()
        body = page.locator("main").inner_text()
        assert other_school.name not in body
        assert other_district.name not in body
    page.screenshot(path=screens / "404-hj_admin-on-xinqiao.png", full_page=True)

    # Control: the admin does read a school of their own district.
    response = page.goto(f"/s/{own_school.pk}/")
    assert response is not None
    assert response.status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text(own_school.name)
