"""The district dashboard at any school count (issue 9 §4): one page of schools at a
time, searched and sorted on the server, from a snapshot cached by run, filters and the
user's scope — and never a school of another district."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.cache import cache
from django.urls import reverse

from apps.compliance import heatmap, services
from apps.compliance.models import Indicator, Obligation, PolicyPack
from apps.core.schoolyear import current_school_year
from apps.people.models import HomeroomAssignment
from apps.tenancy.models import School, SchoolType
from tests.compliance.conftest import XUHUI_INDICATORS as N
from tests.personas import World

YEAR = current_school_year()
MAX_QUERIES = 12  # issue 9 §4: at most 12 queries whatever the number of schools


def _url(world: World, key: str = "A", **params: Any) -> str:
    base = reverse("compliance:dashboard", kwargs={"district_id": world.districts[key].pk})
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return f"{base}?{query}" if query else base


def _add_schools(world: World, count: int, prefix: str, district_key: str = "A") -> None:
    School.objects.bulk_create(
        School(district=world.districts[district_key], code=f"{prefix}{n:03d}",
               name=f"学校{prefix}{n:03d}", school_type=SchoolType.PRIMARY)
        for n in range(count)
    )  # fmt: skip


def _run(world: World, district_key: str = "A") -> None:
    run = services.run_start(district=world.districts[district_key], school_year=YEAR, force=True)
    services.run_execute(run_id=run.pk)


def _school_names(body: str) -> list[str]:
    """The school names of the heatmap's rows, in order."""
    return re.findall(r'<td class="school">\s*<a href="[^"]+">([^<]+)</a>', body)


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    cache.clear()


def test_the_dashboard_query_count_is_the_same_for_few_and_many_schools(
    xuhui_world: World, client_for: Any, django_assert_max_num_queries: Any
) -> None:
    """Cold (after a run) and warm, 4 schools or 64: the same queries, at most 12."""
    client = client_for("A.admin")
    _add_schools(xuhui_world, 2, "f")
    _run(xuhui_world)
    counts = []
    for more in (0, 60):
        _add_schools(xuhui_world, more, "m")
        _run(xuhui_world)
        cache.clear()
        with django_assert_max_num_queries(MAX_QUERIES) as cold:
            assert client.get(_url(xuhui_world)).status_code == 200
        with django_assert_max_num_queries(MAX_QUERIES) as warm:
            response = client.get(_url(xuhui_world))
        counts.append((len(cold), len(warm)))
    assert counts[0] == counts[1]
    # 64 schools: the first page holds 50 rows of N cells, not all 64.
    assert response.content.decode().count('class="cell"') == heatmap.PAGE_SIZE * N


def test_page_two_shows_the_other_schools_and_search_finds_one(
    xuhui_world: World, client_for: Any
) -> None:
    _add_schools(xuhui_world, 58, "p")  # 60 schools in A
    _run(xuhui_world)
    client = client_for("A.admin")
    first = _school_names(client.get(_url(xuhui_world)).content.decode())
    second_body = client.get(_url(xuhui_world, page=2)).content.decode()
    second = _school_names(second_body)
    assert len(first) == heatmap.PAGE_SIZE and len(second) == 60 - heatmap.PAGE_SIZE
    assert not set(first) & set(second)
    assert "共 60 所学校 · 第 2 / 2 页" in second_body
    found = _school_names(client.get(_url(xuhui_world, q="p042")).content.decode())
    assert found == ["学校p042"]
    by_name = _school_names(client.get(_url(xuhui_world, q="学校MK-A1")).content.decode())
    assert by_name == ["学校MK-A1-"]
    nothing = client.get(_url(xuhui_world, q="不存在的学校")).content.decode()
    assert _school_names(nothing) == [] and "没有符合筛选条件的学校。" in nothing


def test_sort_by_unmet_puts_the_school_with_most_not_met_first(
    xuhui_world: World, client_for: Any
) -> None:
    """A school with no homeroom teacher at all (XH26-A1-4 and those that count them
    not met) comes first when sorted by 未达标最多在前, and last by code."""
    _add_schools(xuhui_world, 3, "s")
    HomeroomAssignment.objects.filter(school=xuhui_world.schools["A2"].school).delete()
    _run(xuhui_world)
    client = client_for("A.admin")
    by_code = _school_names(client.get(_url(xuhui_world)).content.decode())
    body = client.get(_url(xuhui_world, sort="unmet")).content.decode()
    not_met = {
        name: len(re.findall(rf'title="{re.escape(name)} · [^"]+ · 未达标"', body))
        for name in by_code
    }
    unmet_order = _school_names(body)
    assert sorted(unmet_order) == sorted(by_code)
    counts = [not_met[name] for name in unmet_order]
    assert counts == sorted(counts, reverse=True) and counts[0] > counts[-1]


def test_a_foreign_districts_school_never_appears_even_with_its_page_cached(
    xuhui_world: World, client_for: Any
) -> None:
    _add_schools(xuhui_world, 55, "b", district_key="B")
    _run(xuhui_world, "A")
    _run(xuhui_world, "B")
    b_admin = client_for("B.admin")
    for page in (1, 2):
        assert b_admin.get(_url(xuhui_world, "B", page=page)).status_code == 200
    a_admin = client_for("A.admin")
    pages = [a_admin.get(_url(xuhui_world, page=p)).content.decode() for p in (1, 2)]
    # A has one page; a page number past the end shows its last page again.
    assert [_school_names(body) for body in pages] == [["学校MK-A1-", "学校MK-A2-"]] * 2
    assert not any("MK-B" in body or "学校b0" in body for body in pages)
    searched = a_admin.get(_url(xuhui_world, q="学校b001")).content.decode()
    assert _school_names(searched) == []
    # A's cached page is no door into A for B's admin.
    assert b_admin.get(_url(xuhui_world, "A")).status_code == 404


def test_the_cache_key_holds_the_scope_the_filters_and_the_run(xuhui_world: World) -> None:
    district = xuhui_world.districts["A"]
    _run(xuhui_world)
    admin = xuhui_world.user("A.admin")
    reviewer = xuhui_world.user("A.reviewer")
    key = heatmap.markers(district=district, user=admin, year=YEAR).key
    assert key != heatmap.markers(district=district, user=reviewer, year=YEAR).key
    filters = heatmap.Filters(year=YEAR)
    assert heatmap.page_key(key, filters) != heatmap.page_key(
        key, heatmap.Filters(year=YEAR, q="A1")
    )
    _run(xuhui_world)
    assert heatmap.markers(district=district, user=admin, year=YEAR).key != key


def test_a_new_run_replaces_the_cached_cells(xuhui_world: World, client_for: Any) -> None:
    """XH26-A1-4: A2 loses its homeroom teachers; after the next run the cached page
    shows its cell as 未达标, not the cell of the run before."""
    client = client_for("A.admin")
    _run(xuhui_world)
    cell = 'title="学校MK-A2- · XH26-A1-4 · 未达标"'
    assert cell not in client.get(_url(xuhui_world)).content.decode()
    HomeroomAssignment.objects.filter(school=xuhui_world.schools["A2"].school).delete()
    assert cell not in client.get(_url(xuhui_world)).content.decode()  # no run yet
    _run(xuhui_world)
    assert cell in client.get(_url(xuhui_world)).content.decode()


def test_readings_marker_and_encouraged_status_stay_on_the_paged_heatmap(
    xuhui_world: World, client_for: Any
) -> None:
    """XH26-A2-1's attendance minimum is a reading of the text (解); XH26-A1-4 read as
    encouraged shows 鼓励项未完成, never 未达标, with the cell's explanation link."""
    newest = PolicyPack.objects.filter(code="xuhui-2026").order_by("-version")[0]
    Indicator.objects.filter(pack=newest, code="XH26-A1-4").update(obligation=Obligation.ENCOURAGED)
    HomeroomAssignment.objects.filter(school=xuhui_world.schools["A1"].school).delete()
    _run(xuhui_world)
    body = client_for("A.admin").get(_url(xuhui_world)).content.decode()
    header = re.search(r'<th title="XH26-A2-1 [^"]*">\s*A2-1(.*?)</th>', body, re.S)
    assert header is not None and "含解释" in header.group(1)
    encouraged = 'title="学校MK-A1- · XH26-A1-4 · 鼓励项未完成"'
    cell = re.search(rf'<a class="st-encouraged" href="([^"]+)"[^>]*{encouraged}', body)
    assert cell is not None
    assert 'title="学校MK-A1- · XH26-A1-4 · 未达标"' not in body
    explanation = client_for("A.admin").get(cell.group(1), HTTP_HX_REQUEST="true")
    assert explanation.status_code == 200 and "不计为未达标" in explanation.content.decode()
