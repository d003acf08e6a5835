"""Evidence across tenants (ARCHITECTURE §4): another district's or school's items are
"not found", never shown, never changed. The route-by-route sweep over every persona is
in tests/tenancy/test_matrix.py; these are the cases a reviewer would ask about by name."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from apps.evidence.models import EvidenceEvent, EvidenceItem, EvidenceStatus
from apps.tenancy.models import District, DistrictLevel, Membership, Role
from tests.personas import World

from .helpers import district_url, school_url


def _state(item: EvidenceItem) -> tuple[str, Any, int]:
    item.refresh_from_db()
    return item.status, item.updated_at, EvidenceEvent.objects.filter(item=item).count()


# --------------------------------------------------------------------------- district review


def test_reviewer_of_a_gets_404_for_everything_of_district_b(world: World, client_for: Any) -> None:
    client = client_for("A.reviewer")
    b_item = world.schools["B1"].evidence
    before = _state(b_item)
    for name in ("review_detail", "review_file"):
        # under B's district id, and under A's own id
        for district in ("B", "A"):
            assert client.get(district_url(name, world, district, b_item.pk)).status_code == 404
    assert client.get(district_url("review_queue", world, "B")).status_code == 404
    for district in ("B", "A"):
        response = client.post(
            district_url("review_detail", world, district, b_item.pk),
            {"decision": "accept", "comment": ""},
        )
        assert response.status_code == 404
    api = f"/api/v1/districts/{world.districts['A'].pk}/evidence/{b_item.pk}/review/"
    assert client.post(api, {"decision": "accept"}).status_code == 404
    assert _state(b_item) == before


@pytest.mark.parametrize("status", ["submitted", "accepted", "returned", "withdrawn", "all"])
def test_district_b_items_never_appear_in_a_queue(
    status: str, world: World, client_for: Any
) -> None:
    for key in ("A1", "B1", "B2"):  # one item of every status in each school
        item = world.schools[key].evidence
        for other in ("accepted", "returned", "withdrawn"):
            EvidenceItem.objects.create(
                school=item.school,
                district_id=item.district_id,
                indicator_code=item.indicator_code,
                pack_code=item.pack_code,
                school_year=item.school_year,
                kind=item.kind,
                title=f"{item.title}-{other}",
                status=other,
                submitted_by=item.submitted_by,
            )
    client = client_for("A.reviewer")
    page = client.get(district_url("review_queue", world, "A") + f"?status={status}")
    body = page.content.decode()
    assert "MK-A1-" in body
    assert "MK-B1-" not in body and "MK-B2-" not in body
    query = "" if status == "all" else f"?status={status}"  # the API: no filter = all
    api = client.get(f"/api/v1/districts/{world.districts['A'].pk}/evidence/{query}")
    schools = {row["school"] for row in api.json()["results"]}
    assert schools <= {world.schools["A1"].school.pk, world.schools["A2"].school.pk}
    assert schools
    # Filtering by a school of district B gives nothing, not B's items.
    b_school = world.schools["B1"].school.pk
    filtered = client.get(
        district_url("review_queue", world, "A") + f"?status={status}&school={b_school}"
    )
    assert "MK-B1-" not in filtered.content.decode()
    api_filtered = client.get(
        f"/api/v1/districts/{world.districts['A'].pk}/evidence/?school={b_school}"
    )
    assert api_filtered.json()["results"] == []


@pytest.mark.parametrize("persona", ["B.reviewer", "B.admin", "A1.leader", "A1.teacher", "anon"])
def test_review_post_by_a_foreign_persona_changes_nothing(
    persona: str, world: World, client_for: Any
) -> None:
    item = world.schools["A1"].evidence
    before = _state(item)
    client = client_for(persona)
    page = client.post(
        district_url("review_detail", world, "A", item.pk), {"decision": "accept", "comment": ""}
    )
    api = client.post(
        f"/api/v1/districts/{world.districts['A'].pk}/evidence/{item.pk}/review/",
        {"decision": "accept"},
        content_type="application/json",
    )
    if persona == "anon":
        assert page.status_code == 302 and "/accounts/login/" in page["Location"]
        assert api.status_code in (401, 403)
    else:
        assert page.status_code == 404
        assert api.status_code == 404
    assert _state(item) == before
    assert before[0] == EvidenceStatus.SUBMITTED


def test_a_city_role_reads_a_district_queue_but_does_not_review(
    world: World, client_for: Any
) -> None:
    """Reviewing needs a reviewer or admin membership at the district itself; a city's
    roles read the districts under it (access_district) but do not act for them."""
    city = District.objects.create(code="city", name="某市", level=DistrictLevel.CITY)
    District.objects.filter(pk=world.districts["A"].pk).update(parent=city)
    user = world.user("B2.teacher")
    Membership.objects.create(user=user, district=city, role=Role.DISTRICT_REVIEWER)
    client = client_for("B2.teacher")
    item = world.schools["A1"].evidence
    before = _state(item)
    queue = client.get(district_url("review_queue", world, "A"))
    assert queue.status_code == 200
    assert "MK-A1-" in queue.content.decode()
    detail = client.get(district_url("review_detail", world, "A", item.pk))
    assert detail.status_code == 200
    assert 'data-testid="review-form"' not in detail.content.decode()
    response = client.post(
        district_url("review_detail", world, "A", item.pk), {"decision": "accept", "comment": ""}
    )
    assert response.status_code == 404
    api = client.post(
        f"/api/v1/districts/{world.districts['A'].pk}/evidence/{item.pk}/review/",
        {"decision": "accept"},
        content_type="application/json",
    )
    assert api.status_code == 404
    assert _state(item) == before


# --------------------------------------------------------------------------- schools


def test_a_school_leader_cannot_open_another_schools_items(world: World, client_for: Any) -> None:
    client = client_for("A1.leader")
    a2_item = world.schools["A2"].evidence
    for name in ("school_detail", "school_file"):
        # the other school's URL, and the other school's item under one's own school
        assert client.get(school_url(name, world, "A2", a2_item.pk)).status_code == 404
        assert client.get(school_url(name, world, "A1", a2_item.pk)).status_code == 404
    assert client.get(school_url("school_list", world, "A2")).status_code == 404
    school = world.schools["A1"].school.pk
    assert client.get(f"/api/v1/schools/{school}/evidence/{a2_item.pk}/").status_code == 404
    assert client.get(f"/api/v1/schools/{school}/evidence/{a2_item.pk}/file/").status_code == 404


def test_an_a2_leader_cannot_withdraw_an_a1_item(world: World, client_for: Any) -> None:
    client = client_for("A2.leader")
    a1_item = world.schools["A1"].evidence
    before = _state(a1_item)
    for url in (
        school_url("school_withdraw", world, "A1", a1_item.pk),
        school_url("school_withdraw", world, "A2", a1_item.pk),  # own school id, foreign item
        f"/api/v1/schools/{world.schools['A1'].school.pk}/evidence/{a1_item.pk}/withdraw/",
        f"/api/v1/schools/{world.schools['A2'].school.pk}/evidence/{a1_item.pk}/withdraw/",
    ):
        assert client.post(url).status_code == 404, url
    assert _state(a1_item) == before


def test_district_roles_read_but_do_not_write_a_schools_evidence(
    world: World, client_for: Any
) -> None:
    client = client_for("A.reviewer")
    item = world.schools["A1"].evidence
    before = _state(item)
    assert client.get(school_url("school_detail", world, "A1", item.pk)).status_code == 200
    assert client.get(school_url("school_new", world, "A1")).status_code == 404
    assert client.post(school_url("school_withdraw", world, "A1", item.pk)).status_code == 404
    assert _state(item) == before


def test_a_teacher_sees_no_school_evidence(world: World, client_for: Any) -> None:
    client = client_for("A1.teacher")
    item = world.schools["A1"].evidence
    assert client.get(school_url("school_list", world, "A1")).status_code == 404
    assert client.get(school_url("school_detail", world, "A1", item.pk)).status_code == 404
    assert client.get(reverse("evidence:review_queue", args=[item.district_id])).status_code == 404


def test_api_body_cannot_choose_the_school(world: World, client_for: Any, packs: None) -> None:
    own, foreign = world.schools["A1"].school, world.schools["B1"].school
    response = client_for("A1.leader").post(
        f"/api/v1/schools/{own.pk}/evidence/",
        {
            "indicator_code": "XH26-A2-4",
            "school_year": world.schools["A1"].evidence.school_year,
            "kind": "attestation",
            "title": "越权",
            "statement": "说明",
            "school": foreign.pk,
        },
        content_type="application/json",
    )
    assert response.status_code == 201
    created = EvidenceItem.objects.get(title="越权")
    assert (created.school_id, created.district_id) == (own.pk, own.district_id)
