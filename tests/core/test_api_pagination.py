"""List APIs count only when they must and resolve the caller's tenancy once (issue 9
§5): the page is read with one row more than it holds, so a list that fits on its page
(or its last page) needs no COUNT; the response keeps its shape (count, next, previous,
results)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.core.api import StandardPagination
from apps.people.models import Teacher
from apps.tenancy.models import School
from tests.personas import World

PAGE = StandardPagination.page_size


def _teachers(school: School, total: int) -> None:
    """Top the school up to `total` teachers."""
    have = Teacher.objects.filter(school=school).count()
    Teacher.objects.bulk_create(
        Teacher(school=school, district_id=school.district_id, employee_no=f"P{n:04d}",
                name=f"分页{n}", gender="F", birth_date=dt.date(1990, 1, 1))
        for n in range(have, total)
    )  # fmt: skip


def _get(client: Any, url: str) -> tuple[Any, list[str]]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return response, [q["sql"] for q in captured.captured_queries]


def _counts(sqls: list[str]) -> int:
    return sum("COUNT(" in sql.upper() for sql in sqls)


def test_a_list_that_fits_on_its_page_needs_no_count(world: World, client_for: Any) -> None:
    school = world.schools["A1"].school
    _teachers(school, PAGE)  # exactly one full page
    url = reverse("api:teacher-list", kwargs={"school_id": school.pk})
    client = client_for("A1.leader")
    client.get(url)
    response, sqls = _get(client, url)
    body = response.json()
    assert response.status_code == 200
    assert body["count"] == PAGE == len(body["results"])
    assert body["next"] is None and body["previous"] is None
    assert _counts(sqls) == 0
    # session, user, memberships (once, not again for the row security), school, rows
    assert len(sqls) <= 5, sqls


def test_a_longer_list_counts_on_its_first_page_but_not_on_its_last(
    world: World, client_for: Any
) -> None:
    school = world.schools["A1"].school
    _teachers(school, PAGE + 7)
    url = reverse("api:teacher-list", kwargs={"school_id": school.pk})
    client = client_for("A1.leader")
    first, first_sqls = _get(client, url)
    assert first.json()["count"] == PAGE + 7 and first.json()["next"]
    assert _counts(first_sqls) == 1
    last, last_sqls = _get(client, f"{url}?page=2")
    assert last.json()["count"] == PAGE + 7 and last.json()["next"] is None
    assert len(last.json()["results"]) == 7 and last.json()["previous"]
    assert _counts(last_sqls) == 0
    names = {r["name"] for page in (first, last) for r in page.json()["results"]}
    assert len(names) == PAGE + 7  # the two pages together: every teacher once
    assert client.get(f"{url}?page=3").status_code == 404
    assert client.get(f"{url}?page=0").status_code == 404
    assert client.get(f"{url}?page=abc").status_code == 404


def test_the_foreign_school_list_is_404_whatever_the_page(world: World, client_for: Any) -> None:
    url = reverse("api:teacher-list", kwargs={"school_id": world.schools["B1"].school.pk})
    client = client_for("A1.leader")
    for page in ("", "?page=1", "?page=2"):
        assert client.get(url + page).status_code == 404
