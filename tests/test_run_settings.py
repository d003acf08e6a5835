"""`make run` is a demo, not a debugger (issue #11 §16): it serves with DEBUG off, so a
wrong URL shows the product's 404 and not Django's route map, while the pages still get
their stylesheets; `make dev` is the one with DEBUG on. Each check runs the local settings
in a fresh interpreter (settings are read once per process) against the test database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
PROBE = """
import json, django
django.setup()
from django.conf import settings
from django.test import Client
client = Client()
missing = client.get("/no-such-page/")
css = client.get("/static/css/error.css")
docs = client.get("/api/docs/")
print(json.dumps({
    "debug": settings.DEBUG,
    "missing": missing.status_code,
    "route_map": "URLconf" in missing.content.decode(),
    "css": css.status_code,
    "docs": docs.status_code,
}))
"""


def _probe(debug: str) -> dict[str, object]:
    db = connection.settings_dict
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": os.environ.get("HOME", str(ROOT)),
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DJANGO_DEBUG": debug,
        "DATABASE_URL": f"postgres://postgres@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "LOG_LEVEL": "WARNING",
    }
    result = subprocess.run(  # noqa: S603 - our own interpreter, fixed code
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    answer: dict[str, object] = json.loads(result.stdout.strip().splitlines()[-1])
    return answer


def _make_dry_run(target: str) -> str:
    result = subprocess.run(  # noqa: S603 - make, fixed arguments
        ["make", "-n", target],  # noqa: S607
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    return result.stdout


@pytest.mark.django_db(transaction=True)
def test_the_demo_serves_with_debug_off_and_its_static_files() -> None:
    answer = _probe("false")
    assert answer["debug"] is False
    assert answer["missing"] == 404
    assert answer["route_map"] is False  # the product's 404, not Django's URL patterns
    assert answer["css"] == 200  # WhiteNoise serves the app's static files without DEBUG
    assert answer["docs"] == 302  # the API docs ask for a login


@pytest.mark.django_db(transaction=True)
def test_make_run_turns_debug_off_and_make_dev_on() -> None:
    assert "DJANGO_DEBUG=false" in _make_dry_run("run")
    assert "DJANGO_DEBUG=true" in _make_dry_run("dev")
    assert _probe("true")["route_map"] is True  # what make dev shows a developer
