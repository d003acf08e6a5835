"""Evidence lists use a number of queries that does not grow with the rows (CONVENTIONS:
"never a query per row") — above all the district's review queue."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.accounts.models import User
from apps.evidence.models import EvidenceAction, EvidenceEvent, EvidenceItem
from apps.tenancy.models import School
from tests.personas import World

from .helpers import YEAR

pytestmark = pytest.mark.usefixtures("packs")


def _grow(schools: list[School], per_school: int) -> None:
    """Add waiting items, each by its own submitter with a history event."""
    for school in schools:
        base = EvidenceItem.objects.filter(school=school).count()
        users = User.objects.bulk_create(
            User(username=f"sub-{school.pk}-{base + n}", full_name=f"提交人{n}")
            for n in range(per_school)
        )
        items = EvidenceItem.objects.bulk_create(
            EvidenceItem(
                school=school,
                district_id=school.district_id,
                indicator_code="XH26-A1-2",
                pack_code="xuhui-2026",
                school_year=YEAR,
                kind="document",
                title=f"增{base + n}",
                submitted_by=user,
            )
            for n, user in enumerate(users)
        )
        EvidenceEvent.objects.bulk_create(
            EvidenceEvent(item=item, action=EvidenceAction.SUBMITTED, actor=item.submitted_by)
            for item in items
        )


def _queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


DISTRICT_PAGES = [
    ("evidence:review_queue", "?status=submitted"),
    ("evidence:review_queue", "?status=all"),
    ("api:district-evidence-list", "?status=submitted"),
]
SCHOOL_PAGES = [("evidence:school_list", ""), ("api:school-evidence-list", "")]


@pytest.mark.parametrize(("name", "query"), DISTRICT_PAGES)
def test_review_queue_does_not_grow_with_items(
    name: str, query: str, world: World, client_for: Any
) -> None:
    url = reverse(name, kwargs={"district_id": world.districts["A"].pk}) + query
    schools = [world.schools["A1"].school, world.schools["A2"].school]
    client = client_for("A.reviewer")
    _queries(client, url)  # warm caches (session, content types)
    few = _queries(client, url)
    _grow(schools, 12)  # 26 items: still one page
    many = _queries(client, url)
    assert many == few, f"{name}: {few} queries with 2 items, {many} with 26"


@pytest.mark.parametrize(("name", "query"), SCHOOL_PAGES)
def test_school_lists_do_not_grow_with_items(
    name: str, query: str, world: World, client_for: Any
) -> None:
    school = world.schools["A1"].school
    url = reverse(name, kwargs={"school_id": school.pk}) + query
    client = client_for("A1.leader")
    _queries(client, url)
    few = _queries(client, url)
    _grow([school], 25)
    many = _queries(client, url)
    assert many == few, f"{name}: {few} queries with 1 item, {many} with 26"
