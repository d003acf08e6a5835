"""A composition rule in a real browser (issue 15 item 5; XB-TEAM-SIZE on 新桥区's
xinbei-2023): xq_admin opens the growth room whose approved applicant would be a third
member from one school, presses 确定名单, sees the refusal naming XB-TEAM-SIZE, and the
applicant stays unconfirmed."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from apps.backbone.models import AdmissionStatus, GrowthMember

from .conftest import Demo, login

pytestmark = [pytest.mark.browser]


def test_xb_team_size_a_third_member_from_one_school_is_refused_in_the_browser(
    page: Page, demo: Demo
) -> None:
    district = demo.districts["xinqiao"]
    waiting = GrowthMember.objects.select_related("team", "school").get(
        district=district, status=AdmissionStatus.APPROVED
    )
    login(page, "xq_admin")
    page.goto(f"/d/{district.pk}/backbone/teams/")
    page.get_by_role("link", name=waiting.team.name).click()
    expect(page.get_by_test_id("team-name")).to_have_text(waiting.team.name)
    page.get_by_test_id(f"confirm-{waiting.pk}").click()
    expect(page.get_by_text("XB-TEAM-SIZE：同一单位成员不超过2人")).to_be_visible()
    expect(page.get_by_text(f"{waiting.school.name}已有2名成员")).to_be_visible()
    assert GrowthMember.objects.get(pk=waiting.pk).status == AdmissionStatus.APPROVED
    expect(page.get_by_test_id(f"queue-{waiting.pk}")).to_contain_text("行政审核")
