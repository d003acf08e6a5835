"""Issue 10, done when: from an empty database and the documented commands, a person
creates a district (`create_district`, docs/operations.md 新区开通), imports its schools,
creates a school leader, logs in as that leader, creates a teacher login from the roster
and logs in as the teacher — each first login forced through the password change.

One journey on the live server, with a real Celery worker for the school-list import.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from apps.tenancy.models import School
from tests.support.xlsx import school_list_file, school_row

from .conftest import path_is

pytestmark = [pytest.mark.browser, pytest.mark.worker]

IMPORT_TIMEOUT_MS = 30_000


def first_login(page: Page, username: str, password: str, new_password: str) -> None:
    """Log in with a one-time password: the password page comes first, then the portal."""
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="登录", exact=True).click()
    expect(page).to_have_url(re.compile(r"/accounts/password/"))
    expect(page.get_by_text("请先设置您自己的密码")).to_be_visible()
    page.locator("#id_old_password").fill(password)
    page.locator("#id_new_password1").fill(new_password)
    page.locator("#id_new_password2").fill(new_password)
    with page.expect_navigation():
        page.get_by_role("button", name="保存新密码").click()
    expect(page.get_by_text("密码已设置，欢迎使用。")).to_be_visible()


def issued_password(page: Page) -> tuple[str, str]:
    username = page.get_by_test_id("issued-username").inner_text().strip()
    password = page.get_by_test_id("issued-password").inner_text().strip()
    assert re.fullmatch(r"[A-Za-z0-9]{12}", password)
    return username, password


def test_a_bureau_starts_from_an_empty_database(
    page: Page, celery_worker_thread: object, tmp_path: Path
) -> None:
    # 1. the operator: one command, the admin's one-time password printed once
    out = io.StringIO()
    call_command(
        "create_district", "--code", "xinqiao", "--name", "新桥区", "--packs", "xuhui-2026",
        stdout=out,
    )  # fmt: skip
    admin_password = re.search(r"one-time password: (\S+)", out.getvalue())
    assert admin_password
    first_login(page, "xinqiao.admin", admin_password.group(1), "Xq-admin-2026")

    # 2. the district admin imports the school list from Excel
    page.locator("#mainnav").get_by_role("button", name="区管理", exact=True).click()
    page.locator("#mainnav").get_by_role("link", name="学校管理", exact=True).click()
    page.get_by_role("link", name="导入学校名单").click()
    filled = tmp_path / "新桥区学校名单.xlsx"
    filled.write_bytes(school_list_file([school_row(n) for n in range(1, 31)]))
    page.get_by_label("学校名单（.xlsx）").set_input_files(filled)
    page.get_by_role("button", name="上传并导入").click()
    expect(page.get_by_test_id("import-state")).to_have_text("已完成", timeout=IMPORT_TIMEOUT_MS)
    assert School.objects.filter(district__code="xinqiao").count() == 30
    school = School.objects.get(district__code="xinqiao", code="XQ001")

    # 3. … and creates the school's leader; the page shows the node the role applies to
    page.locator("#mainnav").get_by_role("button", name="区管理", exact=True).click()
    page.locator("#mainnav").get_by_role("link", name="账号管理", exact=True).click()
    page.get_by_role("link", name="新建账号").click()
    page.get_by_label("用户名").fill("xq001.leader")
    page.get_by_label("姓名").fill("陈德育")
    page.get_by_label("角色与范围").select_option(label=f"学校德育负责人 · {school.name}")
    page.get_by_role("button", name="创建账号").click()
    leader, leader_password = issued_password(page)

    # 4. the leader's first login, a teacher on the roster, and the teacher's login
    first_login(page, leader, leader_password, "Xq-leader-2026")
    expect(page).to_have_url(path_is(f"/s/{school.pk}/"))
    page.goto(f"/s/{school.pk}/teachers/new/")
    page.get_by_label("工号").fill("XQ001-T01")
    page.get_by_label("姓名").fill("林老师")
    page.get_by_label("性别").select_option(label="女")
    page.get_by_role("button", name="保存").click()
    page.locator("#mainnav").get_by_role("link", name="教师账号", exact=True).click()
    page.get_by_role("checkbox", name="选择 林老师").check()
    page.get_by_role("button", name="为所选教师创建账号").click()
    _teacher, teacher_password = issued_password(page)

    # 5. the teacher logs in with the staff number (工号) and changes the password
    first_login(page, "XQ001-T01", teacher_password, "Xq-teacher-2026")
    expect(page.get_by_text("林老师").first).to_be_visible()
