"""Browser fixtures: one headless Chromium for the package, a fresh context and page per test.

The pages are served by pytest-django's `live_server` (a real threaded HTTP server with
static files through django.contrib.staticfiles), so every test here runs on a
transactional database: rows a test creates are committed and visible to the server
thread (and to a Celery worker thread, see `celery_worker_thread` in tests/conftest.py),
and the tables are emptied after each test.

Chromium is Debian's (/usr/bin/chromium, installed by scripts/system_deps.sh):
`playwright install` is never needed.

Playwright and the browser are launched once and shared by every test of this package.
They are package-scoped rather than session-scoped on purpose: Playwright's sync API
leaves an asyncio loop marked as running in the main thread for as long as it lives, and
in that state `asgiref.async_to_sync` (used by Django for async views and async signal
receivers) raises "You cannot use AsyncToSync in the same thread as an async event loop".
Package scope stops Playwright as soon as the last browser test is done, so the tests
collected after tests/browser/ never run under that loop.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright
from pytest_django.live_server_helper import LiveServer

from apps.people.demo import DEMO_PASSWORD, DISTRICTS
from apps.tenancy.models import District, School
from tests.support.demo_snapshot import seeded_demo

CHROMIUM = os.environ.get("BROWSER_TEST_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
SCREENS = Path(os.environ.get("BROWSER_TEST_SCREENS", "/tmp/screens"))  # noqa: S108 - outside the repo on purpose
TIMEOUT_MS = 10_000


# --------------------------------------------------------------------------- browser


@pytest.fixture(scope="package")
def playwright_instance() -> Iterator[Playwright]:
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="package")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    """One headless Chromium for all the browser tests (see the module docstring)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run scripts/system_deps.sh")
    browser = playwright_instance.chromium.launch(
        executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
    )
    yield browser
    browser.close()


class PageProblems:
    """JavaScript errors, failed static assets and Content-Security-Policy violations seen
    by a page, checked at teardown: a page whose CSS or scripts do not load (or are
    blocked) "works" in a test yet is broken for people."""

    def __init__(self) -> None:
        self.items: list[str] = []

    def watch(self, page: Page) -> None:
        page.on("pageerror", lambda error: self.items.append(f"JS error: {error}"))
        # Chromium reports what the Content-Security-Policy blocked as console errors
        # ("Refused to apply inline style because it violates … Content Security Policy").
        page.on(
            "console",
            lambda message: (
                self.items.append(f"CSP: {message.text}")
                if message.type == "error" and "Content Security Policy" in message.text
                else None
            ),
        )
        page.on(
            "response",
            lambda response: (
                self.items.append(f"no Content-Security-Policy: {response.url}")
                if response.request.resource_type == "document"
                and "content-security-policy" not in response.headers
                else None
            ),
        )
        page.on(
            "response",
            lambda response: (
                self.items.append(f"HTTP {response.status}: {response.url}")
                if "/static/" in response.url and response.status >= 400
                else None
            ),
        )
        page.on(
            "requestfailed",
            lambda request: (
                self.items.append(f"request failed: {request.url} ({request.failure})")
                # ERR_ABORTED: the page navigated away before the asset (say, the
                # favicon) finished loading — not a broken asset.
                if "/static/" in request.url and "ERR_ABORTED" not in (request.failure or "")
                else None
            ),
        )


def _new_context(browser: Browser, base_url: str, **options: object) -> BrowserContext:
    context = browser.new_context(
        base_url=base_url, locale="zh-CN", timezone_id="Asia/Shanghai", **options
    )
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    return context


@pytest.fixture
def page_problems() -> PageProblems:
    return PageProblems()


@pytest.fixture
def context(
    browser: Browser, live_server: LiveServer, page_problems: PageProblems
) -> Iterator[BrowserContext]:
    """A desktop-sized context (1280×800) on the live server; downloads accepted."""
    context = _new_context(browser, live_server.url, viewport=DESKTOP, accept_downloads=True)
    context.on("page", page_problems.watch)
    yield context
    context.close()
    assert not page_problems.items, "broken page assets or scripts:\n" + "\n".join(
        page_problems.items
    )


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


@pytest.fixture
def phone_page(
    browser: Browser, live_server: LiveServer, page_problems: PageProblems
) -> Iterator[Page]:
    """A phone-sized page (390×844, touch, device scale 3) on the live server."""
    context = _new_context(
        browser,
        live_server.url,
        viewport=PHONE,
        device_scale_factor=3,
        is_mobile=True,
        has_touch=True,
    )
    context.on("page", page_problems.watch)
    yield context.new_page()
    context.close()
    assert not page_problems.items, "broken page assets or scripts:\n" + "\n".join(
        page_problems.items
    )


@pytest.fixture(scope="session")
def screens() -> Path:
    """Where screenshots go (outside the repository)."""
    SCREENS.mkdir(parents=True, exist_ok=True)
    return SCREENS


# --------------------------------------------------------------------------- data


@dataclass
class Demo:
    """The seeded demo world, looked up by the codes in apps/people/demo.py."""

    districts: dict[str, District] = field(default_factory=dict)  # by code: huijing, xinqiao
    schools: dict[str, School] = field(default_factory=dict)  # by code: hj-p1, xq-p1 …

    def school_names(self, district_code: str) -> list[str]:
        spec = next(d for d in DISTRICTS if d.code == district_code)
        return [s.name for s in spec.schools]


@pytest.fixture
def demo(transactional_db: None) -> Demo:
    """`seed_demo()`: two districts, 16 schools, the 8 demo logins (password demo-2026) —
    seeded once per process and copied back for the later journeys (demo_snapshot)."""
    seeded_demo()
    return Demo(
        districts={
            d.code: d for d in District.objects.filter(code__in=[s.code for s in DISTRICTS])
        },
        schools={s.code: s for s in School.objects.select_related("district")},
    )


# --------------------------------------------------------------------------- helpers


def login(page: Page, username: str, password: str = DEMO_PASSWORD) -> None:
    """Log in through the real form at /accounts/login/ and wait for the next page."""
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="登录", exact=True).click()


def path_is(path: str) -> re.Pattern[str]:
    """A URL pattern for `expect(page).to_have_url`: this path, any host, optional query."""
    return re.compile(rf"^https?://[^/]+{re.escape(path)}(\?.*)?$")


def page_widths(page: Page) -> tuple[int, int]:
    """(scrollWidth, innerWidth) of the document, for "fits the screen" assertions."""
    return page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
