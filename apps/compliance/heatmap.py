"""The district dashboard's heatmap at any school count (issue 9 §4).

A district of 2,000 schools has ~60,000 current results; rendering them all as template
cells took over a minute. The page shows one page of schools (`PAGE_SIZE`) and works
from a compact snapshot:

1. **Markers**, one query: the newest finished run of the district and year (its id and
   finish time — a run's results are committed with its finish), the district's schools
   (count, newest change) and the newest version of its packs. With the user's
   memberships (the allowed scope) and the year they make the snapshot's cache key. The
   same query reads the header's latest district-wide run.
2. **Snapshot** (cached under that key): every school as (id, code, name, type) and the
   current (status, result id) of each (school, indicator) — plain tuples, two queries
   on a miss, read through `selectors`.
3. **Page** (cached under the snapshot's key plus the filters, the search, the sort and
   the page number): the filtered and sorted schools, the page's rows with their cells
   already written as HTML (labels and links built here once, not per cell in the
   template), the columns, the counts per category and the district's own indicators.
   A warm page costs the markers' query and no other of its own.

Nothing in a key can be shared by two tenants: the district id and the user's
memberships are part of every key, so a page cached for one district's user is never
served for another district or another role.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from html import escape
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Max, QuerySet, Subquery
from django.urls import reverse

from apps.core.models import JobState
from apps.tenancy.access import memberships_of
from apps.tenancy.models import District, SchoolType

from . import selectors
from .models import Indicator, ResultStatus

PAGE_SIZE = 50
CACHE_SECONDS = 15 * 60
SORTS = {"code": "按学校代码", "name": "按学校名称", "unmet": "未达标最多在前"}
_PLACEHOLDER = 987654321  # an id no reverse() sees, split out of a reversed URL
# Read once: a choices class's `.values` builds its list anew at every access.
STATUSES = tuple(ResultStatus.values)
SCHOOL_TYPES = frozenset(SchoolType.values)
NOT_MET, PARTLY_MET = str(ResultStatus.NOT_MET), str(ResultStatus.PARTLY_MET)


@dataclass(frozen=True)
class Filters:
    year: int
    category: str = ""
    school_type: str = ""
    status: str = ""
    q: str = ""
    sort: str = "code"
    page: int = 1


@dataclass(frozen=True)
class Column:
    """An indicator as the page shows it (a header cell, a district row)."""

    code: str
    title_zh: str
    category_zh: str


@dataclass(frozen=True)
class PackShown:
    code: str
    version: int


@dataclass
class Page:
    """Everything the page shows from the snapshot, for one set of filters."""

    rows: list[tuple[str, str, str]]  # (school link, school name, the row's cells as HTML)
    columns: list[Column]  # the school indicators shown, in order
    categories: list[str]  # every category of the district's packs (the filter's choices)
    packs: list[PackShown]
    interpreted: set[str]  # codes whose target is a reading of the text (解)
    counts: dict[str, dict[str, int]]  # {category: {status: n}} over the filtered schools
    district_rows: list[tuple[Column, dict[str, Any] | None]]  # the district's own, + result
    total: int  # schools matching the filters, all pages
    page: int
    pages: int
    has_results: bool
    page_numbers: list[int] = field(default_factory=list)


def _url_parts(name: str, district_id: int) -> tuple[str, str]:
    prefix, suffix = reverse(name, args=[district_id, _PLACEHOLDER]).split(str(_PLACEHOLDER))
    return prefix, suffix


def _scope(user: Any, district: District) -> str:
    """The user's allowed scope as a key part: their memberships and the district."""
    held = sorted(f"{m.role}@{m.district_id}/{m.school_id}" for m in memberships_of(user))
    return f"{district.pk}|{';'.join(held)}"


@dataclass(frozen=True)
class Markers:
    """What says whether the cached heatmap still holds, read in one query, and the
    header's latest district-wide run (read live: its state changes while it runs)."""

    key: str
    latest_run: dict[str, Any] | None


def _newest(queryset: QuerySet[Any], field_name: str) -> Subquery:
    return Subquery(queryset.values(field_name)[:1])


_MARKER_FIELDS = (
    *("run_id", "run_at", "schools_n", "schools_at", "pack_id"),
    *("latest_id", "latest_state", "latest_created", "latest_finished"),
)


def markers(*, district: District, user: Any, year: int) -> Markers:
    """The snapshot's key (run, schools, pack versions, year, scope) in one query."""
    runs = selectors.run_list(district=district, school_year=year).order_by()
    succeeded = runs.filter(state=JobState.SUCCEEDED).order_by("-finished_at", "-id")
    latest = runs.filter(school__isnull=True).order_by("-created_at", "-id")
    schools = selectors.district_schools(district=district).order_by().values("district_id")
    packs = selectors.policy_pack_list().filter(code__in=district.policy_packs).order_by("-pk")
    row = (
        District.objects.filter(pk=district.pk)
        .annotate(
            run_id=_newest(succeeded, "pk"),
            run_at=_newest(succeeded, "finished_at"),
            schools_n=Subquery(schools.annotate(n=Count("id")).values("n")),
            schools_at=Subquery(schools.annotate(at=Max("updated_at")).values("at")),
            pack_id=_newest(packs, "pk"),
            latest_id=_newest(latest, "pk"),
            latest_state=_newest(latest, "state"),
            latest_created=_newest(latest, "created_at"),
            latest_finished=_newest(latest, "finished_at"),
        )
        .values(*_MARKER_FIELDS)
        .get()
    )
    parts = [
        "heatmap",
        str(year),
        f"{row['run_id']}@{row['run_at']}",
        f"{row['schools_n']}@{row['schools_at']}",
        f"{','.join(sorted(district.policy_packs))}@{row['pack_id']}",
        _scope(user, district),
    ]
    latest_run = None
    if row["latest_id"] is not None:
        latest_run = {
            "created_at": row["latest_created"],
            "finished_at": row["latest_finished"],
            "get_state_display": JobState(row["latest_state"]).label,
        }
    return Markers(hashlib.sha256("\n".join(parts).encode()).hexdigest(), latest_run)


def page_key(base: str, filters: Filters) -> str:
    return hashlib.sha256(f"{base}\n{sorted(asdict(filters).items())!r}".encode()).hexdigest()


def _snapshot(district: District, year: int) -> dict[str, Any]:
    schools = list(
        selectors.district_schools(district=district).values_list(
            "id", "code", "name", "school_type"
        )
    )
    cells: dict[int | None, dict[str, tuple[str, int]]] = {}
    for school_id, code, status, pk in selectors.latest_results(
        district=district, school_year=year
    ).values_list("school_id", "indicator_code", "status", "pk"):
        cells.setdefault(school_id, {})[code] = (status, pk)
    return {"schools": schools, "cells": cells}


def _matches(school: tuple[int, str, str, str], filters: Filters) -> bool:
    if filters.school_type in SCHOOL_TYPES and school[3] != filters.school_type:
        return False
    needle = filters.q.strip().lower()
    return not needle or needle in school[1].lower() or needle in school[2].lower()


def _sorted(
    schools: list[tuple[int, str, str, str]],
    cells: dict[int | None, dict[str, tuple[str, int]]],
    codes: list[str],
    sort: str,
) -> list[tuple[int, str, str, str]]:
    if sort == "name":
        return sorted(schools, key=lambda s: (s[2], s[1]))
    if sort == "unmet":

        def unmet(school: tuple[int, str, str, str]) -> tuple[int, int, str]:
            own = cells.get(school[0], {})
            statuses = [own[c][0] for c in codes if c in own]
            return (-statuses.count(NOT_MET), -statuses.count(PARTLY_MET), school[1])

        return sorted(schools, key=unmet)
    return schools  # the selector's order: by code


def _counts(
    schools: list[tuple[int, str, str, str]],
    cells: dict[int | None, dict[str, tuple[str, int]]],
    categories: dict[str, str],
) -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = {c: dict.fromkeys(STATUSES, 0) for c in categories.values()}
    for school in schools:
        for code, (status, _pk) in cells.get(school[0], {}).items():
            if code in categories:
                counts[categories[code]][status] += 1
    return {category: row for category, row in counts.items() if any(row.values())}


class CellWriter:
    """A row's cells as HTML: the status label, the title and the two links per cell
    written with string joins (a template did the same ~1,500 times a page, with a
    `get_status_display` and two `{% url %}` each)."""

    def __init__(self, district_id: int, status_filter: str) -> None:
        self.result = _url_parts("compliance:result_detail", district_id)
        self.school = _url_parts("people:district_school", district_id)
        self.labels = {k: escape(str(v)) for k, v in ResultStatus.choices}
        self.status_filter = status_filter if status_filter in STATUSES else ""

    def result_link(self, result_id: int) -> str:
        return f"{self.result[0]}{result_id}{self.result[1]}"

    def school_link(self, school_id: int) -> str:
        return f"{self.school[0]}{school_id}{self.school[1]}"

    def row(self, name: str, own: dict[str, tuple[str, int]], codes: list[str]) -> str:
        safe_name = escape(name)
        return "".join(self.cell(safe_name, code, own.get(code)) for code in codes)

    def cell(self, safe_name: str, code: str, found: tuple[str, int] | None) -> str:
        if found is None:
            return '<td class="cell"><span class="st-none" title="尚未评估"></span></td>'
        status, pk = found
        href = self.result_link(pk)
        label = self.labels.get(status, escape(status))
        dim = " dimmed" if self.status_filter and status != self.status_filter else ""
        return (
            f'<td class="cell"><a class="st-{escape(status)}{dim}" href="{href}" '
            f'hx-get="{href}" hx-target="#explain-body" data-bs-toggle="offcanvas" '
            f'data-bs-target="#explain" data-status="{escape(status)}" '
            f'title="{safe_name} · {escape(code)} · {label}" '
            f'aria-label="{safe_name} {escape(code)} {label}"></a></td>'
        )


def _page_numbers(page: int, pages: int) -> list[int]:
    """The page links shown: the first, the last and two either side of the current."""
    return sorted({1, pages, *range(max(1, page - 2), min(pages, page + 2) + 1)})


def _district_rows(
    indicators: list[Indicator], cells: dict[str, tuple[str, int]], writer: CellWriter
) -> list[tuple[Column, dict[str, Any] | None]]:
    rows: list[tuple[Column, dict[str, Any] | None]] = []
    for i in indicators:
        if i.scope != "district":
            continue
        found = cells.get(i.code)
        result = None
        if found is not None:
            label = writer.labels.get(found[0], found[0])
            result = {"status": found[0], "label": label, "href": writer.result_link(found[1])}
        rows.append((Column(i.code, i.title_zh, i.category_zh), result))
    return rows


def _build_page(snapshot: dict[str, Any], filters: Filters, district: District) -> Page:
    every = selectors.active_indicators(district=district)
    indicators = [i for i in every if not filters.category or i.category_zh == filters.category]
    cells = snapshot["cells"]
    categories = {i.code: i.category_zh for i in indicators}
    columns = [i for i in indicators if i.scope == "school"]
    codes = [i.code for i in columns]
    schools = [s for s in snapshot["schools"] if _matches(s, filters)]
    counts = _counts(schools, cells, categories)
    if filters.status in STATUSES:
        schools = [
            s
            for s in schools
            if any(cells.get(s[0], {}).get(c, ("",))[0] == filters.status for c in categories)
        ]
    schools = _sorted(schools, cells, codes, filters.sort)
    pages = max(1, -(-len(schools) // PAGE_SIZE))
    page = min(max(1, filters.page), pages)
    writer = CellWriter(district.pk, filters.status)
    shown = schools[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    return Page(
        rows=[
            (writer.school_link(s[0]), s[2], writer.row(s[2], cells.get(s[0], {}), codes))
            for s in shown
        ],
        columns=[Column(i.code, i.title_zh, i.category_zh) for i in columns],
        categories=list(dict.fromkeys(i.category_zh for i in every)),
        packs=[PackShown(p.code, p.version) for p in {i.pack_id: i.pack for i in every}.values()],
        interpreted=selectors.interpreted_codes(indicators=indicators),
        counts=counts,
        district_rows=_district_rows(indicators, cells.get(None, {}), writer),
        total=len(schools),
        page=page,
        pages=pages,
        has_results=bool(cells),
        page_numbers=_page_numbers(page, pages),
    )


def heatmap_page(
    *, district: District, user: Any, filters: Filters
) -> tuple[Page, dict[str, Any] | None]:
    """One page of the heatmap for the filters (from the cache when nothing changed),
    and the header's latest district-wide run."""
    found = markers(district=district, user=user, year=filters.year)
    key = page_key(found.key, filters)
    page: Page | None = cache.get(key)
    if page is None:
        snapshot = cache.get(found.key)
        if snapshot is None:
            snapshot = _snapshot(district, filters.year)
            cache.set(found.key, snapshot, CACHE_SECONDS)
        page = _build_page(snapshot, filters, district)
        cache.set(key, page, CACHE_SECONDS)
    return page, found.latest_run
