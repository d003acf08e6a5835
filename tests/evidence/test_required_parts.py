"""XH26-A1-2 (issue 13 §5): the school's 选聘办法 is accepted only when the reviewer has
ticked each required part the pack lists (选聘条件、选聘程序、任职期限); a part left
unticked is named and nothing changes; the ticked parts are kept on the item."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from apps.evidence import services
from apps.evidence.models import EvidenceStatus
from tests.personas import World

from .helpers import district_url

pytestmark = pytest.mark.usefixtures("packs")
PARTS = ["选聘条件", "选聘程序", "任职期限"]


def test_xh26_a1_2_an_unticked_part_is_named_and_nothing_changes(world: World) -> None:
    item = world.schools["A1"].evidence
    with pytest.raises(ValidationError) as refused:
        services.evidence_review(
            item=item, reviewer=world.user("A.reviewer"), accept=True, checked_parts=PARTS[:2]
        )
    assert "尚未勾选“任职期限”" in refused.value.message_dict["checked_parts"][0]
    item.refresh_from_db()
    assert (item.status, item.checked_parts) == (EvidenceStatus.SUBMITTED, [])


def test_xh26_a1_2_all_parts_ticked_accepts_and_keeps_them(world: World) -> None:
    item = world.schools["A1"].evidence
    services.evidence_review(
        item=item, reviewer=world.user("A.reviewer"), accept=True, checked_parts=PARTS
    )
    item.refresh_from_db()
    assert (item.status, item.checked_parts) == (EvidenceStatus.ACCEPTED, PARTS)


def test_xh26_a1_2_returning_needs_no_ticks(world: World) -> None:
    item = world.schools["A1"].evidence
    services.evidence_review(
        item=item, reviewer=world.user("A.reviewer"), accept=False, comment="缺少任职期限条款。"
    )
    item.refresh_from_db()
    assert item.status == EvidenceStatus.RETURNED


def test_xh26_a1_2_the_review_page_asks_for_each_part(world: World, client_for: Any) -> None:
    item = world.schools["A1"].evidence
    client = client_for("A.reviewer")
    url = district_url("review_detail", world, "A", item.pk)
    body = client.get(url).content.decode()
    assert "材料要件核对" in body and all(f'value="{part}"' in body for part in PARTS)
    refused = client.post(url, {"decision": "accept", "checked_parts": ["选聘条件"]})
    assert refused.status_code == 200
    assert "尚未勾选“选聘程序、任职期限”" in refused.content.decode()
    accepted = client.post(url, {"decision": "accept", "checked_parts": PARTS})
    assert accepted.status_code == 302
    item.refresh_from_db()
    assert item.status == EvidenceStatus.ACCEPTED


def test_xh26_a1_2_the_api_takes_the_ticked_parts(world: World, client_for: Any) -> None:
    item = world.schools["A1"].evidence
    client = client_for("A.reviewer")
    api = f"/api/v1/districts/{world.districts['A'].pk}/evidence/{item.pk}/review/"
    refused = client.post(api, {"decision": "accept"}, content_type="application/json")
    assert refused.status_code == 400
    assert "任职期限" in refused.content.decode()
    ok = client.post(
        api, {"decision": "accept", "checked_parts": PARTS}, content_type="application/json"
    )
    assert ok.status_code == 200, ok.content
