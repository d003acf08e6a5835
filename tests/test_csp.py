"""Content-Security-Policy (issue #8 §5): every response carries the policy — our own
files only, no inline script or style, no framing — and the pages give the browser
nothing it would have to refuse: no inline <script>, no style="…", no on…= handler.

Two checks: the template sources (every template, cheap), and the rendered pages of
every GET route of the cross-tenant matrix (tests/tenancy/test_matrix.py's route list)
as a persona who may read them, with the district evaluated so the dashboards have
results to show."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from apps.compliance import services as compliance_services
from apps.compliance.packs import PACK_DIR, load_pack_file
from apps.core.schoolyear import current_school_year
from tests.personas import World
from tests.tenancy.test_matrix import ROUTES, SELF_PAGES

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"

INLINE_CODE = {
    "inline <script>": re.compile(
        r"<script\b(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I
    ),
    "<style> element": re.compile(r"<style\b", re.I),
    "style attribute": re.compile(r"<[a-z][^>]*\sstyle\s*=", re.I),
    "event handler attribute": re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I),
    "javascript: URL": re.compile(r"(?:href|src|action)\s*=\s*[\"']?\s*javascript:", re.I),
}
POLICY = {
    "default-src": {"'self'"},
    "script-src": {"'self'"},
    "style-src": {"'self'"},
    "img-src": {"'self'", "data:"},
    "object-src": {"'none'"},
    "base-uri": {"'self'"},
    "form-action": {"'self'"},
    "frame-ancestors": {"'none'"},
}
DOWNLOAD_POLICY = "default-src 'none'; sandbox"


def inline_code(html: str) -> list[str]:
    """What in `html` a strict policy would block: ["style attribute: <div class=… ", …]."""
    found = []
    for what, pattern in INLINE_CODE.items():
        found += [f"{what}: {m.group(0)[:80]}" for m in pattern.finditer(html)]
    return found


def directives(header: str) -> dict[str, set[str]]:
    parts = (p.split() for p in header.split(";") if p.strip())
    return {name: set(values) for name, *values in parts}


def test_the_checks_catch_inline_code() -> None:
    """The patterns themselves, on samples that must and must not be caught."""
    caught = [
        "<script>alert(1)</script>",
        '<div class="x" style="width: 5%">',
        '<select name="y" onchange="this.form.submit()">',
        "<style>p { color: red }</style>",
        '<a href="javascript:void(0)">',
    ]
    for html in caught:
        assert inline_code(html), html
    allowed = [
        '<script src="/static/js/app.js"></script>',
        '<script id="d" type="application/json">{"a": 1}</script>',
        '<select data-autosubmit class="form-select">',
        '<button data-confirm="确定吗？">',
        "<p>style=ok in text</p>",
    ]
    for html in allowed:
        assert not inline_code(html), html


def _printed(path: Path) -> bool:
    """A PDF template (under a `pdf/` folder): rendered by WeasyPrint on the server, never
    sent to a browser, so the page CSP does not apply to its styles (core.pdf)."""
    return "pdf" in path.relative_to(TEMPLATES).parts[:-1]


def test_no_template_carries_inline_script_style_or_handlers() -> None:
    problems = [
        f"{path.relative_to(TEMPLATES)}: {problem}"
        for path in sorted(TEMPLATES.rglob("*.html"))
        if not _printed(path)
        for problem in inline_code(path.read_text())
    ]
    assert problems == []


def test_pdf_templates_hold_no_script_or_handler_either() -> None:
    """What WeasyPrint renders may style itself inline, but never runs code."""
    printed = [path for path in sorted(TEMPLATES.rglob("*.html")) if _printed(path)]
    assert len(printed) >= 4  # pdf/base.html, the reports' and the archive's
    problems = [
        f"{path.relative_to(TEMPLATES)}: {problem}"
        for path in printed
        for problem in inline_code(path.read_text())
        if not problem.startswith(("style attribute", "<style> element"))
    ]
    assert problems == []


@pytest.fixture
def evaluated_world(world: World) -> World:
    """The persona world with both districts on xuhui-2026, evaluated for last year."""
    load_pack_file(PACK_DIR / "xuhui-2026.yaml")
    for district in world.districts.values():
        district.policy_packs = ["xuhui-2026"]
        district.save(update_fields=["policy_packs"])
        run = compliance_services.run_start(
            district=district, school_year=current_school_year() - 1
        )
        compliance_services.run_execute(run_id=run.pk)
    return world


def _page_urls(world: World) -> list[tuple[str, str]]:
    """(persona, URL) for every GET page of the matrix, as someone who may read it."""
    pages: list[tuple[str, str]] = []
    for name, route in sorted(ROUTES.items()):
        if not route.get or route.api:
            continue
        if route.scope == "school":
            pages.append(("A1.leader", reverse(name, kwargs=route.kwargs(world.schools["A1"]))))
        elif route.scope == "district_object" and route.district_kwargs is not None:
            pages.append(("A.admin", reverse(name, kwargs=route.district_kwargs("A", world))))
    district, school = world.districts["A"].pk, world.schools["A1"].school.pk
    pages += [
        ("A.admin", reverse("people:district_home", kwargs={"district_id": district})),
        (
            "A.admin",
            reverse(
                "people:district_school", kwargs={"district_id": district, "school_id": school}
            ),
        ),
        ("A.admin", "/accounts/totp/"),
        ("anon", reverse("accounts:login")),
        ("A1.leader", reverse("api-docs")),
        ("anon", "/no-such-page/"),
    ]
    for persona in ("A1.teacher", "A1.leader", "A.admin"):
        pages += [(persona, reverse(name)) for name in SELF_PAGES]
    return pages


def _response_problems(where: str, response: Any) -> list[str]:
    header = response.get("Content-Security-Policy")
    if header is None:
        return [f"{where}: no Content-Security-Policy"]
    if header == DOWNLOAD_POLICY:  # a stored file: its own, stricter policy
        return (
            []
            if response.get("Content-Disposition", "").startswith("attachment")
            else [f"{where}: the download policy on a page"]
        )
    got = directives(header)
    problems = [
        f"{where}: {name} is {sorted(got.get(name, set()))}, not {sorted(values)}"
        for name, values in POLICY.items()
        if got.get(name) != values
    ]
    if response.get("Content-Type", "").startswith("text/html"):
        problems += [f"{where}: {p}" for p in inline_code(response.content.decode())]
    return problems


def test_every_page_has_the_policy_and_no_inline_code(
    evaluated_world: World, client_for: Any
) -> None:
    problems: list[str] = []
    seen_html = 0
    for persona, url in _page_urls(evaluated_world):
        response = client_for(persona).get(url, follow=True)
        where = f"{url} as {persona} ({response.status_code})"
        assert response.status_code in (200, 404), where
        problems += _response_problems(where, response)
        seen_html += response.get("Content-Type", "").startswith("text/html")
    assert problems == []
    assert seen_html > 80  # the walk really rendered the portals' pages


def test_a_stored_file_keeps_its_own_stricter_policy(world: World, client_for: Any) -> None:
    sd = world.schools["A1"]
    url = reverse(
        "evidence:school_file", kwargs={"school_id": sd.school.pk, "item_id": sd.evidence.pk}
    )
    response = client_for("A1.leader").get(url)
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == DOWNLOAD_POLICY


def test_the_api_and_the_health_check_carry_the_policy_too(world: World, client_for: Any) -> None:
    for url in ("/api/v1/me/", "/healthz", "/api/schema/"):
        response = client_for("A1.leader").get(url)
        assert directives(response["Content-Security-Policy"])["frame-ancestors"] == {"'none'"}
