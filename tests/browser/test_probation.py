"""A probation end to end, in a real browser with a real Celery worker (issue 13 §9–11;
XH26-PROB-HOURS, XH26-PROB-ASSESS, XH26-PROB-MENTOR on the demo district's xuhui-2026):

hj_leader registers a new teacher as a trainee on the board → tries to appoint too
early and reads the refusal naming the missing bucket → the ledger gets the trainee's
8/32/X hours → the leader records the school's two assessments and sends the trainee on
→ hj_reviewer records 区级结业考核 合格 in the queue → the leader appoints the trainee to
a class and the board shows 已正式聘任 → the trainee, on a 390×844 phone, sees their
completed buckets.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import Page, expect

from apps.core.schoolyear import current_school_year, school_year
from apps.people.demo import DEMO_PASSWORD
from apps.people.models import SchoolClass, Teacher
from apps.tenancy.models import District, Membership, Role, School
from apps.training import services
from apps.training.models import CreditClass, ProbationBucket

from .conftest import PHONE, Demo, login, page_widths, path_is

pytestmark = [pytest.mark.browser, pytest.mark.worker]

X_HOURS = Decimal(4)


def _trainee_login(school: School, district: District) -> Teacher:
    """A new teacher of the school (never a homeroom teacher) with a login of their own;
    past the pack's deputy age (XH26-DEPUTY), so no deputy practice is asked of them."""
    user = get_user_model().objects.create_user(
        username="hj_trainee", password=DEMO_PASSWORD, full_name="见习教师"
    )
    Membership.objects.create(user=user, district=district, school=school, role=Role.TEACHER)
    return Teacher.objects.create(
        school=school, district=district, employee_no="PROB-001", name="林见习", gender="F",
        birth_date=dt.date(1985, 5, 1), teaching_since=dt.date(2021, 9, 1), user=user,
    )  # fmt: skip


def _hours(school: School, district: District, teacher: Teacher, start: dt.date) -> None:
    """The trainee's 8 + 32 + X hours, recorded through the services (attendance; an
    activity is at most a day's hours, so the 32 are two days of 16)."""
    leader = get_user_model().objects.get(username="hj_leader")
    for days, bucket, hours in (
        (0, ProbationBucket.DISTRICT, Decimal(8)),
        (1, ProbationBucket.MICRO, Decimal(16)),
        (2, ProbationBucket.MICRO, Decimal(16)),
        (3, ProbationBucket.SCHOOL, X_HOURS),
    ):
        activity = services.activity_create(
            district=district, school=school, actor=leader, title=f"见习培训{bucket}{days}",
            topic="见习班主任岗前培训", date=start + dt.timedelta(days=days), hours=hours,
            form="lecture",
            credit_class=CreditClass.LECTURE, probation_bucket=bucket,
        )  # fmt: skip
        services.attendance_record(activity=activity, teachers=[teacher], actor=leader)


def _assess(page: Page, level: str) -> None:
    form = page.get_by_test_id("assess-form")
    form.get_by_label("考核类别").select_option(label=level)
    form.get_by_label("考核人").fill("学校考核组")
    form.get_by_label("合格", exact=True).check()
    form.get_by_role("button", name="登记考核结果").click()
    expect(page.locator(".alert-success")).to_contain_text(f"已登记{level}：合格")


def _appoint(page: Page, class_label: str) -> None:
    form = page.get_by_test_id("appoint-form")
    form.get_by_label("聘任的班级").select_option(label=class_label)
    form.get_by_role("button", name="正式聘任").click()


@pytest.mark.usefixtures("celery_worker_thread")
def test_xh26_prob_assess_a_trainee_from_registration_to_appointment(
    page: Page, phone_page: Page, demo: Demo, screens: Path
) -> None:
    district = demo.districts["huijing"]
    school = demo.schools["hj-p1"]
    teacher = _trainee_login(school, district)
    pilot = SchoolClass.objects.create(
        school=school, district=district, school_year=current_school_year(), grade=1,
        name="见习试点班",
    )  # fmt: skip
    start = school_year(current_school_year()).start

    # 1. The leader registers the trainee on the board.
    desk = page
    login(desk, "hj_leader")
    desk.goto(f"/s/{school.pk}/probation/")
    form = desk.get_by_test_id("register-form")
    form.get_by_label("见习教师").select_option(label=f"{teacher.name}（{teacher.employee_no}）")
    form.get_by_label("见习开始日期").fill(start.isoformat())
    form.get_by_label("校级跟岗培训学时（X）").fill(str(X_HOURS))
    mentors = form.get_by_label("指导教师")
    expect(form).to_contain_text("担任班主任满")
    if mentors.locator("option").count() > 1:
        mentors.select_option(index=1)
    form.get_by_role("button", name="登记").click()
    expect(desk.locator(".alert-success")).to_contain_text(f"已登记见习班主任：{teacher.name}")
    detail = desk.url

    # 2. Too early: the appointment is refused, naming the missing bucket.
    _appoint(desk, str(pilot))
    refusal = desk.get_by_test_id("appoint-form-error")
    expect(refusal).to_contain_text("不能正式聘任为班主任")
    expect(refusal).to_contain_text("区级集中培训 0/8 学时")
    desk.screenshot(path=screens / "probation-refused.png", full_page=True)

    # 3. The ledger gets the hours; the school's two assessments; sent on.
    _hours(school, district, teacher, start)
    desk.goto(detail)
    expect(desk.get_by_test_id("bucket-micro")).to_contain_text("32/32 学时")
    _assess(desk, "学校过程考核")
    _assess(desk, "上岗技能考核")
    desk.get_by_role("button", name="报送区级结业考核").click()
    expect(desk.locator(".alert-success")).to_contain_text("已报送")

    # 4. The district's reviewer records 区级结业考核 合格 in the queue.
    desk.context.clear_cookies()
    login(desk, "hj_reviewer")
    desk.goto(f"/d/{district.pk}/probation/queue/")
    card = desk.locator("[data-testid^='candidate-']").filter(has_text=teacher.name)
    card.get_by_label("考核人").fill("区德研室")
    card.get_by_label("合格", exact=True).check()
    desk.screenshot(path=screens / "probation-queue.png", full_page=True)
    card.get_by_role("button", name="登记区级结业考核").click()
    expect(desk.locator(".alert-success")).to_contain_text("区级结业考核：合格")

    # 5. The leader appoints the trainee; the board shows 已正式聘任.
    desk.context.clear_cookies()
    login(desk, "hj_leader")
    desk.goto(detail)
    _appoint(desk, str(pilot))
    expect(desk.locator(".alert-dismissible.alert-success")).to_contain_text("已正式聘任为")
    desk.goto(f"/s/{school.pk}/probation/?q={teacher.employee_no}")
    row = desk.locator("[data-testid^='trainee-']").filter(has_text=teacher.name)
    expect(row.get_by_test_id("status")).to_have_text("已正式聘任")
    desk.screenshot(path=screens / "probation-board.png", full_page=True)

    # 6. The trainee on the phone sees their completed buckets.
    phone = phone_page
    login(phone, "hj_trainee")
    phone.goto("/me/probation/")
    expect(phone).to_have_url(path_is("/me/probation/"))
    expect(phone.get_by_test_id("bucket-district")).to_contain_text("8/8 学时")
    expect(phone.get_by_test_id("bucket-micro")).to_contain_text("32/32 学时")
    expect(phone.get_by_test_id("bucket-school")).to_contain_text("4/4 学时")
    expect(phone.get_by_test_id("status")).to_have_text("已正式聘任")
    scroll_width, inner_width = page_widths(phone)
    assert scroll_width <= inner_width == PHONE["width"], "the page scrolls sideways"
    phone.screenshot(path=screens / "probation-mine-phone.png", full_page=True)
