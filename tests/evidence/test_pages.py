"""Evidence pages as a school leader and a district reviewer use them."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from urllib.parse import quote

import pytest
from django.utils import timezone

from apps.accounts.models import User
from apps.evidence import services
from apps.evidence.models import EvidenceAction, EvidenceItem, EvidenceStatus
from tests.evidence.helpers import A1_2_PARTS
from tests.personas import World

from .helpers import PDF, YEAR, district_url, field_errors, school_url, submit_form, upload

pytestmark = pytest.mark.usefixtures("packs")


def _options(body: str, select_id: str) -> list[str]:
    select = re.search(rf'<select[^>]*id="{select_id}"[^>]*>(.*?)</select>', body, re.DOTALL)
    assert select, select_id
    return re.findall(r'<option value="([^"]*)"', select.group(1))


def _submitted(world: World, key: str, **overrides: Any) -> EvidenceItem:
    school = world.schools[key].school
    data: dict[str, Any] = {
        "indicator_code": "XH26-A1-2",
        "school_year": YEAR,
        "kind": "document",
        "title": f"{key} 选聘办法",
        "file_name": "选聘办法.pdf",
        "data": PDF,
    } | overrides
    return services.evidence_submit(school=school, actor=world.user(f"{key}.leader"), **data)


# --------------------------------------------------------------------------- school list


def test_only_the_leader_sees_the_submit_button(world: World, client_for: Any) -> None:
    url = school_url("school_list", world, "A1")
    new = school_url("school_new", world, "A1")
    leader = client_for("A1.leader").get(url).content.decode()
    reviewer = client_for("A.reviewer").get(url).content.decode()
    assert new in leader and "提交材料" in leader
    assert new not in reviewer
    for body in (leader, reviewer):
        assert "MK-A1-校本班主任选聘办法" in body
        assert "XH26-A1-2" in body
        assert "制定并严格执行校本班主任选聘办法" in body  # the indicator's title
        assert "待审核" in body


def test_list_shows_the_reviewers_comment_on_a_returned_item(world: World, client_for: Any) -> None:
    item = world.schools["A1"].evidence
    services.evidence_review(
        item=item, reviewer=world.user("A.reviewer"), accept=False, comment="缺少任职期限条款"
    )
    body = client_for("A1.leader").get(school_url("school_list", world, "A1")).content.decode()
    assert "已退回" in body
    assert "缺少任职期限条款" in body


def test_list_is_per_school_year(world: World, client_for: Any) -> None:
    url = school_url("school_list", world, "A1")
    body = client_for("A1.leader").get(f"{url}?year={YEAR - 1}").content.decode()
    assert "MK-A1-校本班主任选聘办法" not in body
    assert f"{YEAR - 1}学年还没有提交材料" in body


# --------------------------------------------------------------------------- submitting


def test_new_form_shows_the_indicators_guidance(world: World, client_for: Any) -> None:
    """?indicator=XH26-A1-2: its title and next step as guidance; the document kind only."""
    url = school_url("school_new", world, "A1") + f"?indicator=XH26-A1-2&year={YEAR}"
    body = client_for("A1.leader").get(url).content.decode()
    assert 'data-testid="guidance"' in body
    assert "制定并严格执行校本班主任选聘办法" in body
    assert "上传经校长办公会审议通过的《校本班主任选聘办法》" in body  # next_step_zh
    assert _options(body, "id_kind") == ["document"]
    assert re.search(r'<option value="XH26-A1-2" selected>', body)


def test_an_attestation_indicator_takes_a_statement_only(world: World, client_for: Any) -> None:
    """XH26-A2-4 (joint study with ideology teachers) is evaluated by "attestation"."""
    url = school_url("school_new", world, "A1") + "?indicator=XH26-A2-4"
    body = client_for("A1.leader").get(url).content.decode()
    assert _options(body, "id_kind") == ["attestation"]


def test_indicator_choices_are_the_evidence_indicators_that_apply(
    world: World, client_for: Any
) -> None:
    """Computed indicators (XH26-A1-1) are not offered; a featured-project indicator
    (XH26-A2P-1.1, dual-track deputies) only to a school that opted into the project."""
    url = school_url("school_new", world, "A1")
    codes = _options(client_for("A1.leader").get(url).content.decode(), "id_indicator_code")
    assert {"XH26-A1-2", "XH26-A2-1", "XH26-A2-4", "XH26-A4-1"} <= set(codes)
    assert "XH26-A1-1" not in codes
    assert "XH26-A2P-1.1" not in codes
    school = world.schools["A1"].school
    school.featured_projects = ["dual_track_deputy"]
    school.save(update_fields=["featured_projects"])
    codes = _options(client_for("A1.leader").get(url).content.decode(), "id_indicator_code")
    assert "XH26-A2P-1.1" in codes


def test_submit_redirects_to_the_item_with_a_message(world: World, client_for: Any) -> None:
    client = client_for("A1.leader")
    response = client.post(
        school_url("school_new", world, "A1"),
        submit_form(title="2025版选聘办法", file=upload("选聘办法.pdf", PDF)),
        follow=True,
    )
    item = EvidenceItem.objects.get(title="2025版选聘办法")
    assert response.redirect_chain[-1][0] == school_url("school_detail", world, "A1", item.pk)
    body = response.content.decode()
    assert "材料“2025版选聘办法”已提交，等待区审核。" in body
    assert (item.submitted_by, item.status) == (world.user("A1.leader"), EvidenceStatus.SUBMITTED)


def test_an_attestation_without_statement_names_the_field(world: World, client_for: Any) -> None:
    before = EvidenceItem.objects.count()
    response = client_for("A1.leader").post(
        school_url("school_new", world, "A1"),
        submit_form(indicator="XH26-A2-4", kind="attestation", title="联合教研说明"),
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "请填写情况说明。" in field_errors(body, "statement")
    assert EvidenceItem.objects.count() == before


def test_a_kind_the_indicator_does_not_take_is_refused(world: World, client_for: Any) -> None:
    before = EvidenceItem.objects.count()
    response = client_for("A1.leader").post(
        school_url("school_new", world, "A1"),
        submit_form(kind="attestation", statement="只写了说明"),
    )
    assert "该指标不接受这种材料" in field_errors(response.content.decode(), "kind")
    assert EvidenceItem.objects.count() == before


def test_an_unknown_indicator_is_refused(world: World, client_for: Any) -> None:
    before = EvidenceItem.objects.count()
    response = client_for("A1.leader").post(
        school_url("school_new", world, "A1"),
        submit_form(indicator="XH26-NOPE", file=upload("a.pdf", PDF)),
    )
    assert "请从列表中选择适用于本校的指标" in field_errors(
        response.content.decode(), "indicator_code"
    )
    assert EvidenceItem.objects.count() == before


# --------------------------------------------------------------------------- detail, file


def test_detail_shows_the_full_history(world: World, client_for: Any) -> None:
    item = _submitted(world, "A1")
    services.evidence_review(
        item=item, reviewer=world.user("A.reviewer"), accept=False, comment="请补充任职期限"
    )
    body = client_for("A1.leader").get(school_url("school_detail", world, "A1", item.pk))
    text = body.content.decode()
    history = re.search(r'data-testid="history">(.*?)</ol>', text, re.DOTALL)
    assert history
    assert [a for a in ("提交", "退回") if a in history.group(1)] == ["提交", "退回"]
    assert "用户A1_leader" in history.group(1) and "用户A_reviewer" in history.group(1)
    assert "请补充任职期限" in history.group(1)
    assert school_url("school_file", world, "A1", item.pk) in text
    assert "重新提交" in text  # the leader may resubmit a returned item


def test_file_download_is_an_attachment_with_the_real_type(world: World, client_for: Any) -> None:
    item = world.schools["A1"].evidence
    for client, url in (
        (client_for("A1.leader"), school_url("school_file", world, "A1", item.pk)),
        (client_for("A.reviewer"), district_url("review_file", world, "A", item.pk)),
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["X-Content-Type-Options"] == "nosniff"
        disposition = response["Content-Disposition"]
        assert disposition.startswith("attachment;")
        assert f"filename*=UTF-8''{quote(item.file_name)}" in disposition
        assert f'filename="evidence-{item.pk}.pdf"' in disposition
        assert response.content.startswith(b"%PDF-") and b"MK-A1-" in response.content


def test_header_injection_in_a_file_name_is_neutralised(world: World, client_for: Any) -> None:
    item = _submitted(world, "A1", file_name='a"\r\nX-Evil: 1;.pdf')
    response = client_for("A1.leader").get(school_url("school_file", world, "A1", item.pk))
    assert "X-Evil" not in response
    assert "\r" not in response["Content-Disposition"]
    assert "%0D%0AX-Evil" in response["Content-Disposition"]


def test_an_item_without_a_file_has_no_download(world: World, client_for: Any) -> None:
    item = _submitted(
        world,
        "A1",
        indicator_code="XH26-A2-4",
        kind="attestation",
        statement="每学期联合研讨两次。",
        file_name="",
        data=None,
    )
    client = client_for("A1.leader")
    assert client.get(school_url("school_file", world, "A1", item.pk)).status_code == 404
    detail = client.get(school_url("school_detail", world, "A1", item.pk)).content.decode()
    assert "无附件" in detail and "每学期联合研讨两次。" in detail


# --------------------------------------------------------------------------- withdrawing


def test_leader_withdraws_a_waiting_item_once(world: World, client_for: Any) -> None:
    item = world.schools["A1"].evidence
    client = client_for("A1.leader")
    url = school_url("school_withdraw", world, "A1", item.pk)
    response = client.post(url, follow=True)
    assert "已撤回" in response.content.decode()
    item.refresh_from_db()
    assert item.status == EvidenceStatus.WITHDRAWN
    assert item.events.last().action == EvidenceAction.WITHDRAWN  # type: ignore[union-attr]
    again = client.post(url, follow=True)
    assert "只有待审核的材料可以撤回" in again.content.decode()
    assert item.events.count() == 2


def test_withdraw_is_post_only(world: World, client_for: Any) -> None:
    item = world.schools["A1"].evidence
    url = school_url("school_withdraw", world, "A1", item.pk)
    assert client_for("A1.leader").get(url).status_code == 405
    item.refresh_from_db()
    assert item.status == EvidenceStatus.SUBMITTED


# --------------------------------------------------------------------------- review queue


def _age(item: EvidenceItem, days: int) -> None:
    EvidenceItem.objects.filter(pk=item.pk).update(
        created_at=timezone.now() - dt.timedelta(days=days)
    )


def _queue_titles(body: str) -> list[str]:
    table = re.search(r'data-testid="queue-table">(.*?)</table>', body, re.DOTALL)
    assert table
    return re.findall(r"MK-A\d-[^<\s]+", table.group(1))


def test_queue_shows_waiting_items_oldest_first(world: World, client_for: Any) -> None:
    _age(world.schools["A1"].evidence, 1)
    _age(world.schools["A2"].evidence, 5)
    body = client_for("A.reviewer").get(district_url("review_queue", world, "A")).content
    assert _queue_titles(body.decode()) == ["MK-A2-校本班主任选聘办法", "MK-A1-校本班主任选聘办法"]


def test_queue_filters_by_status_school_and_indicator(world: World, client_for: Any) -> None:
    a1, a2 = world.schools["A1"], world.schools["A2"]
    services.evidence_review(
        item=a1.evidence, reviewer=world.user("A.reviewer"), accept=True, checked_parts=A1_2_PARTS
    )
    client = client_for("A.reviewer")
    url = district_url("review_queue", world, "A")
    assert _queue_titles(client.get(url).content.decode()) == ["MK-A2-校本班主任选聘办法"]
    accepted = client.get(f"{url}?status=accepted").content.decode()
    assert _queue_titles(accepted) == ["MK-A1-校本班主任选聘办法"]
    every = client.get(f"{url}?status=all&school={a1.school.pk}").content.decode()
    assert _queue_titles(every) == ["MK-A1-校本班主任选聘办法"]
    other = client.get(f"{url}?status=all&indicator=XH26-A4-1").content.decode()
    assert _queue_titles(other) == []
    both = client.get(f"{url}?status=all&indicator=XH26-A1-2").content.decode()
    assert sorted(_queue_titles(both)) == [
        f"{a1.marker}校本班主任选聘办法",
        f"{a2.marker}校本班主任选聘办法",
    ]


def test_queue_is_paginated(world: World, client_for: Any) -> None:
    template = world.schools["A1"].evidence
    EvidenceItem.objects.bulk_create(
        EvidenceItem(
            school_id=template.school_id,
            district_id=template.district_id,
            indicator_code="XH26-A1-2",
            pack_code="xuhui-2026",
            school_year=YEAR,
            kind="document",
            title=f"MK-A1-extra-{n}",
            submitted_by=template.submitted_by,
        )
        for n in range(40)
    )
    client = client_for("A.reviewer")
    url = district_url("review_queue", world, "A")
    first = client.get(url).content.decode()
    assert len(_queue_titles(first)) == 30
    assert "第 1 / 2 页，共 42 条" in first
    assert len(_queue_titles(client.get(f"{url}?page=2").content.decode())) == 12


# --------------------------------------------------------------------------- reviewing


def test_accept_redirects_to_the_queue_with_a_message(world: World, client_for: Any) -> None:
    item = world.schools["A1"].evidence
    response = client_for("A.admin").post(
        district_url("review_detail", world, "A", item.pk),
        {"decision": "accept", "comment": "", "checked_parts": A1_2_PARTS},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == district_url("review_queue", world, "A")
    assert "已通过" in response.content.decode()
    item.refresh_from_db()
    assert (item.status, item.reviewed_by) == (EvidenceStatus.ACCEPTED, world.user("A.admin"))


def test_return_needs_a_comment(world: World, client_for: Any) -> None:
    item = world.schools["A1"].evidence
    response = client_for("A.reviewer").post(
        district_url("review_detail", world, "A", item.pk), {"decision": "return", "comment": " "}
    )
    assert response.status_code == 200
    assert "退回时请填写意见" in field_errors(response.content.decode(), "comment")
    item.refresh_from_db()
    assert item.status == EvidenceStatus.SUBMITTED
    assert item.events.count() == 1


def test_a_decided_item_cannot_be_decided_again(world: World, client_for: Any) -> None:
    item = world.schools["A1"].evidence
    services.evidence_review(
        item=item, reviewer=world.user("A.admin"), accept=True, checked_parts=A1_2_PARTS
    )
    client = client_for("A.reviewer")
    url = district_url("review_detail", world, "A", item.pk)
    assert 'data-testid="review-form"' not in client.get(url).content.decode()
    response = client.post(url, {"decision": "return", "comment": "改"})
    assert "不能再审核" in response.content.decode()
    item.refresh_from_db()
    assert item.status == EvidenceStatus.ACCEPTED


def test_review_detail_shows_item_file_and_form(world: World, client_for: Any) -> None:
    item = world.schools["A1"].evidence
    body = client_for("A.reviewer").get(district_url("review_detail", world, "A", item.pk))
    text = body.content.decode()
    assert 'data-testid="review-form"' in text
    assert district_url("review_file", world, "A", item.pk) in text
    assert "学校MK-A1-" in text
    assert 'value="accept"' in text and 'value="return"' in text


# --------------------------------------------------------------------------- menu


def test_menus_link_to_the_evidence_pages(world: World, client_for: Any) -> None:
    leader = client_for("A1.leader").get(school_url("school_list", world, "A1")).content.decode()
    assert f'href="{school_url("school_list", world, "A1")}">佐证材料</a>' in leader
    reviewer = client_for("A.reviewer").get(district_url("review_queue", world, "A"))
    assert f'href="{district_url("review_queue", world, "A")}">材料审核</a>' in (
        reviewer.content.decode()
    )


def test_a_long_file_name_keeps_its_extension_on_download(world: World, client_for: Any) -> None:
    """The service stores at most 200 characters of the name, shortening the stem so the
    extension survives; the download names the file with it."""
    item = _submitted(world, "A1", file_name=f"{'选聘办法' * 60}.pdf")
    assert item.file_name.endswith(".pdf")
    assert len(item.file_name) == 200
    response = client_for("A1.leader").get(school_url("school_file", world, "A1", item.pk))
    assert response["Content-Disposition"].endswith(quote(".pdf"))


def test_admin_shows_items_read_only(world: World, client: Any) -> None:
    client.force_login(User.objects.create_superuser("root", password="x"))
    item = world.schools["A1"].evidence
    assert client.get("/admin/evidence/evidenceitem/").status_code == 200
    change = client.get(f"/admin/evidence/evidenceitem/{item.pk}/change/")
    assert change.status_code == 200
    assert "MK-A1-校本班主任选聘办法" in change.content.decode()
    assert client.post(f"/admin/evidence/evidenceitem/{item.pk}/delete/").status_code == 403
