"""/api/v1/schools/<id>/evidence/ and /api/v1/districts/<id>/evidence/: the same rules and
messages as the pages, in JSON."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from apps.evidence.models import EvidenceItem, EvidenceStatus
from tests.evidence.helpers import A1_2_PARTS
from tests.personas import World

from .helpers import PDF, YEAR, submit_form, upload

pytestmark = pytest.mark.usefixtures("packs")


def _school_api(world: World, key: str, suffix: str = "") -> str:
    return f"/api/v1/schools/{world.schools[key].school.pk}/evidence/{suffix}"


def _district_api(world: World, key: str, suffix: str = "") -> str:
    return f"/api/v1/districts/{world.districts[key].pk}/evidence/{suffix}"


def test_leader_submits_a_document_as_multipart(world: World, client_for: Any) -> None:
    """XH26-A1-2 (POLICY §6 "document") through the API."""
    response = client_for("A1.leader").post(
        _school_api(world, "A1"), submit_form(file=upload("选聘办法.pdf", PDF))
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["indicator_code"] == "XH26-A1-2"
    assert (data["file_type"], data["file_size"]) == ("pdf", len(PDF))
    assert data["status"] == "submitted" and data["status_display"] == "待审核"
    assert [e["action"] for e in data["events"]] == ["submitted"]
    assert EvidenceItem.objects.get(pk=data["id"]).school == world.schools["A1"].school


def test_attestation_as_json_and_missing_statement_is_400(world: World, client_for: Any) -> None:
    """XH26-A2-4 takes an attestation: a statement, no file."""
    client = client_for("A1.leader")
    payload = {"indicator_code": "XH26-A2-4", "school_year": YEAR, "kind": "attestation"}
    bad = client.post(
        _school_api(world, "A1"), payload | {"title": "说明"}, content_type="application/json"
    )
    assert bad.status_code == 400
    assert bad.json() == {"statement": ["请填写情况说明。"]}
    good = client.post(
        _school_api(world, "A1"),
        payload | {"title": "说明", "statement": "每学期两次联合研讨。"},
        content_type="application/json",
    )
    assert good.status_code == 201
    assert good.json()["file_name"] == ""


def test_list_filters(world: World, client_for: Any) -> None:
    client = client_for("A1.leader")
    client.post(
        _school_api(world, "A1"),
        {
            "indicator_code": "XH26-A2-4",
            "school_year": YEAR - 1,
            "kind": "attestation",
            "title": "去年说明",
            "statement": "说明",
        },
        content_type="application/json",
    )

    def titles(query: str) -> list[str]:
        return [
            row["title"] for row in client.get(_school_api(world, "A1") + query).json()["results"]
        ]

    assert titles(f"?school_year={YEAR}") == ["MK-A1-校本班主任选聘办法"]
    assert titles(f"?school_year={YEAR - 1}") == ["去年说明"]
    assert titles("?indicator_code=XH26-A2-4") == ["去年说明"]
    assert titles("?status=accepted") == []
    assert len(titles("")) == 2


def test_retrieve_and_file(world: World, client_for: Any) -> None:
    item = world.schools["A1"].evidence
    client = client_for("A.reviewer")
    data = client.get(_school_api(world, "A1", f"{item.pk}/")).json()
    assert data["title"] == item.title
    assert data["events"][0]["action_display"] == "提交"
    download = client.get(_school_api(world, "A1", f"{item.pk}/file/"))
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment;")
    assert download.content.startswith(b"%PDF-")


def test_withdraw_then_withdraw_again_is_400(world: World, client_for: Any) -> None:
    item = world.schools["A1"].evidence
    client = client_for("A1.leader")
    url = _school_api(world, "A1", f"{item.pk}/withdraw/")
    first = client.post(url)
    assert first.status_code == 200
    assert first.json()["status"] == "withdrawn"
    again = client.post(url)
    assert again.status_code == 400
    assert again.json() == {"status": ["只有待审核的材料可以撤回。"]}


def test_reviewer_cannot_submit_or_withdraw(world: World, client_for: Any) -> None:
    client = client_for("A.reviewer")
    item = world.schools["A1"].evidence
    assert (
        client.post(_school_api(world, "A1"), submit_form(file=upload("a.pdf", PDF))).status_code
        == 404
    )
    assert client.post(_school_api(world, "A1", f"{item.pk}/withdraw/")).status_code == 404
    item.refresh_from_db()
    assert item.status == EvidenceStatus.SUBMITTED


def test_district_list_waiting_oldest_first_and_filters(world: World, client_for: Any) -> None:
    a1, a2 = world.schools["A1"], world.schools["A2"]
    EvidenceItem.objects.filter(pk=a1.evidence.pk).update(
        created_at=timezone.now() - dt.timedelta(days=1)
    )
    EvidenceItem.objects.filter(pk=a2.evidence.pk).update(
        created_at=timezone.now() - dt.timedelta(days=3)
    )
    client = client_for("A.reviewer")

    def ids(query: str) -> list[int]:
        return [
            row["id"] for row in client.get(_district_api(world, "A") + query).json()["results"]
        ]

    assert ids("?status=submitted") == [a2.evidence.pk, a1.evidence.pk]
    assert ids(f"?school={a1.school.pk}") == [a1.evidence.pk]
    assert ids("?indicator_code=XH26-A4-1") == []
    assert client.get(_district_api(world, "A") + "?status=bogus").status_code == 400


def test_review_accept_and_return(world: World, client_for: Any) -> None:
    a1, a2 = world.schools["A1"].evidence, world.schools["A2"].evidence
    client = client_for("A.reviewer")
    accepted = client.post(
        _district_api(world, "A", f"{a1.pk}/review/"),
        {"decision": "accept", "checked_parts": A1_2_PARTS},
        content_type="application/json",
    )
    assert accepted.status_code == 200
    assert accepted.json()["status"] == "accepted"
    assert accepted.json()["reviewed_by_name"] == "用户A_reviewer"
    no_comment = client.post(
        _district_api(world, "A", f"{a2.pk}/review/"),
        {"decision": "return", "comment": ""},
        content_type="application/json",
    )
    assert no_comment.status_code == 400
    assert no_comment.json() == {"comment": ["退回时请填写意见，说明需要如何修改。"]}
    returned = client.post(
        _district_api(world, "A", f"{a2.pk}/review/"),
        {"decision": "return", "comment": "缺少任职期限"},
        content_type="application/json",
    )
    assert returned.status_code == 200
    assert [e["action"] for e in returned.json()["events"]] == ["submitted", "returned"]
    twice = client.post(
        _district_api(world, "A", f"{a1.pk}/review/"),
        {"decision": "return", "comment": "再看看"},
        content_type="application/json",
    )
    assert twice.status_code == 400
    assert "不能再审核" in twice.json()["decision"][0]


def test_bad_decision_is_400(world: World, client_for: Any) -> None:
    item = world.schools["A1"].evidence
    response = client_for("A.admin").post(
        _district_api(world, "A", f"{item.pk}/review/"),
        {"decision": "maybe"},
        content_type="application/json",
    )
    assert response.status_code == 400
    item.refresh_from_db()
    assert item.status == EvidenceStatus.SUBMITTED
