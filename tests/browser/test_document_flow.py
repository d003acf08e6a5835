"""The document flow end to end in a real browser with a real Celery worker (issue #3,
POLICY §6 "document" evaluators; XH26-A1-2 the school's selection procedure):

a school leader sees XH26-A1-2 unmet on the self-check, uploads the procedure → after the
automatic (debounced) recompute the self-check says 待审核 → the district reviewer finds
it in the review queue and accepts it → after the recompute the district dashboard's
cell for that school and indicator is 达标, and its explanation cites the document.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from apps.evidence.demo import DEMO_PDF

from .conftest import Demo, login, path_is

pytestmark = [pytest.mark.browser, pytest.mark.worker]

RECOMPUTE_TIMEOUT_MS = 30_000


def reload_until(
    page: Page, locator_text: tuple[str, str], timeout_ms: int = RECOMPUTE_TIMEOUT_MS
) -> None:
    """Reload until the element shows the text (the recompute runs in the worker)."""
    selector, text = locator_text
    waited = 0
    while waited < timeout_ms:
        if text in (page.locator(selector).first.text_content() or ""):
            return
        page.wait_for_timeout(500)
        waited += 500
        page.reload()
    expect(page.locator(selector).first).to_contain_text(text)


def test_upload_review_and_recompute_turn_the_cell_green(
    page: Page, demo: Demo, celery_worker_thread: object, settings: Any, tmp_path: Any
) -> None:
    settings.COMPLIANCE_RECOMPUTE_DEBOUNCE_SECONDS = 1
    district = demo.districts["huijing"]
    school = demo.schools["hj-p1"]  # the demo has no XH26-A1-2 document for this school

    login(page, "hj_leader")
    page.goto(f"/s/{school.pk}/compliance/")
    row = page.get_by_test_id("row-XH26-A1-2")
    expect(row).to_contain_text("未达标")
    expect(row).to_contain_text("尚未提交：《校本班主任选聘办法》")
    row.get_by_role("link", name="提交材料").click()

    pdf = tmp_path / "选聘办法.pdf"
    pdf.write_bytes(DEMO_PDF)
    page.get_by_label("材料标题").fill("汇景实验小学班主任选聘办法（2026年修订）")
    page.get_by_label("上传文件").set_input_files(pdf)
    page.get_by_role("button", name="提交", exact=True).click()
    expect(page.get_by_text("汇景实验小学班主任选聘办法（2026年修订）").first).to_be_visible()

    page.goto(f"/s/{school.pk}/compliance/")
    reload_until(page, ("[data-testid='row-XH26-A1-2'] summary", "待审核"))

    page.context.clear_cookies()
    login(page, "hj_reviewer")
    page.goto(f"/d/{district.pk}/evidence/")
    page.get_by_role("link", name="汇景实验小学班主任选聘办法（2026年修订）").click()
    page.get_by_role("button", name="通过").click()  # XH26-A1-2: the parts are not ticked yet
    expect(page.get_by_text("尚未勾选“选聘条件、选聘程序、任职期限”")).to_be_visible()
    for part in ("选聘条件", "选聘程序", "任职期限"):
        page.get_by_label(part).check()
    page.get_by_role("button", name="通过").click()
    expect(page).to_have_url(path_is(f"/d/{district.pk}/evidence/"))

    page.goto(f"/d/{district.pk}/compliance/")
    cell = f"table.heatmap a[title='{school.name} · XH26-A1-2 · 达标']"
    waited = 0
    while page.locator(cell).count() == 0 and waited < RECOMPUTE_TIMEOUT_MS:
        page.wait_for_timeout(500)
        waited += 500
        page.reload()
    expect(page.locator(cell)).to_have_count(1)
    page.locator(cell).click()
    explanation = page.get_by_test_id("explanation")
    expect(explanation.get_by_test_id("explain-status")).to_have_text("达标")
    expect(explanation).to_contain_text("汇景实验小学班主任选聘办法（2026年修订）")
    expect(explanation.get_by_test_id("explain-source")).to_contain_text("选聘办法")
