"""Teacher self-service hours end to end, in a real browser with a real Celery worker
(issue #4 §3, §10; XH26-A2-3 on the demo district's xuhui-2026 pack):

hj_teacher, on a 390×844 phone, logs 8 h of external training → hj_leader verifies it in
the 学时审定 queue (学时审定) → the hours enter the ledger, the teacher's /me/ progress
shows them → the automatic (debounced) recompute gives the school a new XH26-A2-3 result
whose explanation names the teacher's credits after the change, not before.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import Page, expect

from apps.core.schoolyear import current_school_year, semester_of, today
from apps.evidence.demo import DEMO_PDF
from apps.people.models import Teacher
from apps.training import selectors, services
from apps.training.models import CreditAssignment, CreditClass, LedgerEntry

from .conftest import PHONE, Demo, login, page_widths, path_is

pytestmark = [pytest.mark.browser, pytest.mark.worker]

RECOMPUTE_TIMEOUT_MS = 30_000
TITLE = "市级班主任专题培训：学生心理危机识别"


def _credits_line(page: Page, name: str) -> str:
    """The explanation's line for the teacher (empty when they are not short)."""
    missing = page.get_by_test_id("explain-missing")
    if missing.count() == 0:
        return ""
    for item in missing.locator("li").all_text_contents():
        if item.startswith(f"{name}："):
            return item
    return ""


def _open_cell(page: Page, district_id: int, school_name: str) -> str:
    """Open the dashboard cell of the school's XH26-A2-3 result; its URL."""
    page.goto(f"/d/{district_id}/compliance/")
    cell = page.locator(f"table.heatmap a[title^='{school_name} · XH26-A2-3 · ']")
    expect(cell).to_have_count(1)
    href = cell.get_attribute("href")
    assert href
    page.goto(href)
    return href


def _wait_for_line(page: Page, district_id: int, school: Any, name: str, wanted: str) -> None:
    """Reopen the cell (a recompute gives it a new result) until the teacher's line is as
    wanted (the recompute runs in the worker, debounced)."""
    waited, line = 0, None
    while waited < RECOMPUTE_TIMEOUT_MS:
        _open_cell(page, district_id, school.name)
        line = _credits_line(page, name)
        if (line.startswith(wanted) and wanted) or (not wanted and not line):
            return
        page.wait_for_timeout(500)
        waited += 500
    raise AssertionError(f"XH26-A2-3 still says {line!r}, wanted {wanted!r}")


def _expected_line(teacher: Teacher) -> str:
    """The start of the line training.credit_completion writes for the teacher (credits
    as the officer assigned them, else converted per semester); "" once they reach the
    designated credits (then they are not listed as short)."""
    progress = selectors.teacher_progress(teacher=teacher, school_year=current_school_year())
    if progress["credit_target"] is not None and progress["credits"] >= progress["credit_target"]:
        return ""
    return f"{teacher.name}：{progress['credits']} 学分"


@pytest.mark.usefixtures("celery_worker_thread")  # a real worker runs the recompute
def test_teacher_logs_hours_on_a_phone_leader_verifies_and_xh26_a2_3_changes(
    phone_page: Page, page: Page, demo: Demo, settings: Any, screens: Path
) -> None:
    settings.COMPLIANCE_RECOMPUTE_DEBOUNCE_SECONDS = 1
    district = demo.districts["huijing"]
    school = demo.schools["hj-p1"]
    teacher = Teacher.objects.select_related("school", "district").get(user__username="hj_teacher")
    year, term = semester_of(today())
    assert not CreditAssignment.objects.filter(teacher=teacher, school_year=year).exists()

    # Set-up: bring the teacher's lecture hours this semester to 2 past a whole credit, so
    # that 8 more hours cross the next one (XH26-A2-3 counts whole credits: floor).
    lecture = sum(
        LedgerEntry.objects.filter(
            teacher=teacher, school_year=year, semester=term, credit_class=CreditClass.LECTURE
        ).values_list("hours", flat=True),
        Decimal(0),
    )
    top_up = (Decimal(2) - lecture % 10 + 10) % 10
    if top_up:
        leader = get_user_model().objects.get(username="hj_leader")
        activity = services.activity_create(
            district=district, school=school, actor=leader, title="校本研修：班级冲突调解",
            topic="班级冲突调解", date=today(), hours=top_up, form="case",
            credit_class=CreditClass.LECTURE,
        )  # fmt: skip
        services.attendance_record(activity=activity, teachers=[teacher], actor=leader)
    before_line = _expected_line(teacher)
    hours_before = selectors.teacher_progress(teacher=teacher, school_year=year)["hours"]

    desk = page
    login(desk, "hj_admin")
    _wait_for_line(desk, district.pk, school, teacher.name, before_line)
    desk.screenshot(path=screens / "training-xh26-a2-3-before.png", full_page=True)

    # 1. The teacher logs 8 h on the phone.
    phone = phone_page
    login(phone, "hj_teacher")
    expect(phone).to_have_url(path_is("/me/"))
    phone.get_by_role("link", name="登记校外培训").click()
    expect(phone).to_have_url(path_is("/me/training/new/"))
    phone.get_by_label("培训名称").fill(TITLE)
    phone.get_by_label("主办单位").fill("市师资培训中心")
    phone.get_by_label("主办层级").select_option(label="市级")
    phone.get_by_label("学时").fill("8")
    certificate = screens / "结业证书.pdf"
    certificate.write_bytes(DEMO_PDF)
    phone.get_by_label("证明材料").set_input_files(certificate)
    scroll_width, inner_width = page_widths(phone)
    assert scroll_width <= inner_width == PHONE["width"], "the form scrolls sideways"
    phone.screenshot(path=screens / "training-log-phone.png", full_page=True)
    phone.get_by_role("button", name="提交审定").click()
    expect(phone).to_have_url(path_is("/me/training/"))
    record = phone.locator("[data-testid^='my-record-']").filter(has_text=TITLE)
    expect(record.get_by_test_id("record-status")).to_have_text("待审定")
    assert page_widths(phone)[0] <= PHONE["width"]
    phone.screenshot(path=screens / "training-my-records-phone.png", full_page=True)

    # 2. The school leader verifies it in the queue.
    desk.context.clear_cookies()
    login(desk, "hj_leader")
    desk.goto(f"/s/{school.pk}/training/hours-review/")
    card = desk.locator("[data-testid^='record-']").filter(has_text=TITLE)
    expect(card).to_contain_text("8.0 学时")
    expect(card.get_by_role("link", name=re.compile("结业证书"))).to_be_visible()
    desk.screenshot(path=screens / "training-review-queue.png", full_page=True)
    card.get_by_role("button", name="审定通过").click()
    expect(desk.locator(".alert-success")).to_contain_text("已审定，8.0 学时计入台账")

    # 3. The teacher's progress shows the hours.
    after = hours_before + 8
    phone.goto("/me/")
    expect(phone.get_by_test_id("hours").first).to_contain_text(f"{after} ")
    assert page_widths(phone)[0] <= PHONE["width"]
    phone.screenshot(path=screens / "training-home-after-phone.png", full_page=True)

    # 4. The automatic recompute changes the school's XH26-A2-3 explanation.
    after_line = _expected_line(teacher)
    assert after_line != before_line
    desk.context.clear_cookies()
    login(desk, "hj_admin")
    _wait_for_line(desk, district.pk, school, teacher.name, after_line)
    assert not _credits_line(desk, teacher.name).startswith(before_line + "，")
    desk.screenshot(path=screens / "training-xh26-a2-3-after.png", full_page=True)


SCHOOL_PAGES = [
    ("activities", "training/activities/"),
    ("activity-new", "training/activities/new/"),
    ("activity", "training/activities/{activity}/"),
    ("review", "training/hours-review/?status=all"),
    ("ledger", "training/ledger/"),
    ("ledger-teacher", "training/ledger/teachers/{teacher}/"),
    ("credits", "training/credits/"),
    ("archive", "training/archive/"),
    ("archive-teacher", "training/archive/{teacher}/"),
    ("archive-print", "training/archive/{teacher}/print/"),
]
ME_PAGES = [
    ("me", "/me/"),
    ("my-training", "/me/training/"),
    ("my-ledger", "/me/training/ledger/"),
    ("my-archive", "/me/archive/"),
    ("my-archive-print", "/me/archive/print/"),
]


def test_training_pages_on_desktop_and_phone(
    page: Page, phone_page: Page, demo: Demo, screens: Path
) -> None:
    """Every training page renders for its users (screenshots for a look), and the
    teacher's pages and the leader's 学时审定 queue fit a phone without sideways scrolling."""
    district = demo.districts["huijing"]
    school = demo.schools["hj-p1"]
    leader = get_user_model().objects.get(username="hj_leader")
    teacher = Teacher.objects.select_related("school").get(user__username="hj_teacher")
    activity = services.activity_create(
        district=district, school=school, actor=leader, title="学生冲突案例研讨",
        topic="青春期学生同伴冲突的成因与干预", date=today(), hours=Decimal(2), form="case",
        credit_class=CreditClass.LECTURE, is_research_session=True, module="class_collective",
        minutes="围绕班级中学生同伴冲突的成因展开研讨，三位班主任分享案例并形成干预方案。",
    )  # fmt: skip
    services.attendance_record(activity=activity, teachers=[teacher], actor=leader)
    entry = LedgerEntry.objects.get(activity=activity, teacher=teacher)
    services.ledger_reverse(entry=entry, actor=leader, reason="误记出勤，当天请假")
    services.attendance_record(
        activity=services.activity_create(
            district=district, school=school, actor=leader, title="班级活动设计工作坊",
            topic="主题班会设计", date=today(), hours=Decimal(3), form="drill",
            credit_class=CreditClass.PRACTICE,
        ),
        teachers=[teacher],
        actor=leader,
    )  # fmt: skip
    services.external_submit(
        teacher=teacher, actor=teacher.user, title="网络研修：家校沟通", organiser="市师资培训中心",
        organiser_level="city", date=today(), hours=Decimal(4), credit_class=CreditClass.LECTURE,
    )  # fmt: skip
    services.archive_entry_create(
        teacher=teacher, actor=leader, kind="paper", level="city", title="班级冲突调解的实践研究",
        date=today(), description="发表于《上海教育》",
    )  # fmt: skip
    values = {"activity": activity.pk, "teacher": teacher.pk}

    login(page, "hj_leader")
    for name, path in SCHOOL_PAGES:
        page.goto(f"/s/{school.pk}/{path.format(**values)}")
        expect(page.locator("main")).to_be_visible()
        page.screenshot(path=screens / f"training-{name}.png", full_page=True)
    page.context.clear_cookies()
    login(page, "hj_admin")
    page.goto(f"/d/{district.pk}/training/activities/new/")
    page.get_by_label("活动名称").fill("区级班主任集中培训")
    page.get_by_label("学时").fill("3")
    page.get_by_label("研修主题（研究的问题）").fill("班级建设的难点与对策")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_test_id("sign-in")).to_be_visible()
    page.screenshot(path=screens / "training-district-activity.png", full_page=True)
    page.goto(f"/d/{district.pk}/training/activities/")
    page.screenshot(path=screens / "training-district-activities.png", full_page=True)

    login(phone_page, "hj_teacher")
    for name, path in ME_PAGES:
        phone_page.goto(path)
        scroll_width, inner_width = page_widths(phone_page)
        assert scroll_width <= inner_width, f"{path} scrolls sideways on a phone"
        phone_page.screenshot(path=screens / f"training-{name}-phone.png", full_page=True)
    phone_page.context.clear_cookies()
    login(phone_page, "hj_leader")
    phone_page.goto(f"/s/{school.pk}/training/hours-review/")
    assert page_widths(phone_page)[0] <= PHONE["width"], "the queue scrolls sideways"
    phone_page.screenshot(path=screens / "training-review-phone.png", full_page=True)
