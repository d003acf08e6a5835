"""A report fetches nothing but the app's own static files (issue 12 §3): text a person
typed that looks like markup is printed as text, and a URL that reaches WeasyPrint
anyway — file://, the loopback Redis port, any host — is refused without a connection."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator

import pytest
from weasyprint import HTML

from apps.core.pdf import BASE_URL, RefusedURLError, StaticOnlyFetcher, render_pdf
from apps.reports.models import ReportKind
from tests.personas import World

from .conftest import YEAR
from .helpers import pdf_text, rendered


@pytest.fixture
def listener() -> Iterator[tuple[int, list[bytes]]]:
    """A TCP port on 127.0.0.1 that records every connection made to it."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.settimeout(0.2)
    seen: list[bytes] = []
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except TimeoutError:
                continue
            seen.append(conn.recv(100))
            conn.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield server.getsockname()[1], seen
    stop.set()
    thread.join(2)
    server.close()


def test_markup_in_the_data_is_printed_as_text_and_fetches_nothing(
    evaluated: World, listener: tuple[int, list[bytes]]
) -> None:
    port, seen = listener
    school = evaluated.schools["A1"].school
    school.name = f'<img src="file:///etc/passwd"><img src="http://127.0.0.1:{port}/x">校'
    assert len(school.name) <= 100
    school.save(update_fields=["name"])
    _job, data = rendered(district=school.district, kind=ReportKind.SCHOOL, fmt="pdf",
                          year=YEAR, school=school)  # fmt: skip
    assert '<imgsrc="file:///etc/passwd">' in pdf_text(data)  # shown, not loaded
    assert "root:x:0:0" not in pdf_text(data)
    assert seen == []


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1:6379/",
        "https://example.com/logo.png",
        f"{BASE_URL}static/../../config/settings/base.py",
        f"{BASE_URL}media/evidence/1.pdf",
        "data:text/html,<b>x</b>",
    ],
)
def test_the_fetcher_refuses_everything_but_static_files(url: str) -> None:
    fetcher = StaticOnlyFetcher()
    with pytest.raises(RefusedURLError):
        fetcher.fetch(url)
    assert fetcher.refused == [url]


def test_the_fetcher_serves_the_reports_own_stylesheet() -> None:
    response = StaticOnlyFetcher().fetch(f"{BASE_URL}static/css/pdf.css")
    assert response.status == 200 and b"thead { display: table-header-group; }" in response.read()


def test_a_template_asking_for_the_network_gets_nothing(
    listener: tuple[int, list[bytes]],
) -> None:
    port, seen = listener
    result = render_pdf(
        "pdf/base.html",
        {"title": "测试", "district": {"name": "区"}, "period": "2026学年", "report_id": "x"},
    )
    assert result.refused == [] and seen == []  # the stylesheet came from static files
    html = f'<img src="http://127.0.0.1:{port}/leak">'
    fetcher = StaticOnlyFetcher()
    HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).write_pdf()
    assert seen == [] and fetcher.refused == [f"http://127.0.0.1:{port}/leak"]
