"""Production settings (issue #8 §5): `check --deploy --fail-level WARNING` is clean, and
startup is refused with a missing, short or placeholder secret key — each in a fresh
interpreter, since settings are read once per process."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
CHECK = (
    "import django; django.setup();"
    "from django.core.management import call_command;"
    "call_command('check', deploy=True, fail_level='WARNING')"
)
START = "import django; django.setup(); print('started')"


def _run(code: str, secret_key: str) -> subprocess.CompletedProcess[str]:
    """`code` in a fresh interpreter on production settings, with none of the test
    process's environment (DJANGO_ALLOW_ASYNC_UNSAFE, test database …)."""
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": os.environ.get("HOME", str(ROOT)),
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": secret_key,
        "DJANGO_ALLOWED_HOSTS": "homeroom.example.edu.cn",
        "LOG_LEVEL": "WARNING",
    }
    return subprocess.run(  # noqa: S603 - our own interpreter, fixed code
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_is_clean_with_production_settings() -> None:
    result = _run(CHECK, secrets.token_urlsafe(50))
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout + result.stderr


def _compose_secret() -> str:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    return str(compose["x-app"]["environment"]["DJANGO_SECRET_KEY"])


@pytest.mark.parametrize(
    ("key", "says"),
    [
        ("", "DJANGO_SECRET_KEY 未设置"),
        ("x7Gq2", "太短（5 个字符，至少 50 个）"),
        ("CHANGE-ME-placeholder-secret-key-do-not-use-in-production", "占位值"),  # compose's old
    ],
)
def test_production_refuses_to_start_with_a_weak_secret_key(key: str, says: str) -> None:
    result = _run(START, key)
    assert result.returncode != 0
    assert "started" not in result.stdout
    assert "ImproperlyConfigured" in result.stderr
    assert says in result.stderr
    assert "secrets.token_urlsafe(50)" in result.stderr  # the message names the fix


WEAK_KEYS = {
    secrets.token_urlsafe(30): "太短",
    "change-me-" + secrets.token_urlsafe(50): "占位值",
    "insecure-" + secrets.token_urlsafe(50): "占位值",
    "django-insecure-" + secrets.token_urlsafe(50): "占位值",  # startproject's prefix
    "dev-insecure-key-change-me" + "-" * 30: "占位值",  # base.py's development default
    "ab" * 40: "不够随机",
    secrets.token_urlsafe(50): "",  # a good one passes
}
TABLE = f"""
import django; django.setup()
from django.core.exceptions import ImproperlyConfigured
from config.settings.production import refuse_weak_secret_key
for key, says in {WEAK_KEYS!r}.items():
    try:
        refuse_weak_secret_key(key)
    except ImproperlyConfigured as error:
        assert says and says in str(error), (key, says, error)
    else:
        assert not says, (key, "accepted")
print("table ok")
"""


def test_the_key_check_refuses_every_kind_of_weak_key() -> None:
    result = _run(TABLE, secrets.token_urlsafe(50))
    assert result.returncode == 0, result.stderr
    assert "table ok" in result.stdout


def test_production_starts_with_a_long_random_key() -> None:
    result = _run(START, secrets.token_urlsafe(50))
    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout


def test_the_compose_file_carries_no_usable_secret() -> None:
    """The key is required from the shell or .env (`${VAR:?message}`), with no default."""
    value = _compose_secret()
    assert re.fullmatch(r"\$\{DJANGO_SECRET_KEY:\?[^}]+\}", value), value
