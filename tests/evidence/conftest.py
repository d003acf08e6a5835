"""Fixtures for evidence tests: the real policy packs, and Celery in eager mode for one
test. Files and URL helpers are in `tests/evidence/helpers.py`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from apps.compliance.packs import PACK_DIR, PackError, load_all, load_pack_file


@pytest.fixture
def packs(db: None) -> None:
    """The real packs from fixtures/policy/. The persona districts use xuhui-2026; should
    another pack file be mid-edit and fail validation, xuhui-2026 alone is enough here."""
    try:
        load_all()
    except PackError:
        load_pack_file(PACK_DIR / "xuhui-2026.yaml")


@pytest.fixture
def celery_eager(settings: Any) -> Iterator[None]:
    """Run Celery tasks in-process for this test only.

    config/celery.py reads Django's CELERY_* settings through `config_from_object`, and
    Celery looks them up on each access, so the settings override reaches it — unless a
    value was pinned on `app.conf` itself (the `celery_worker_thread` fixture pins
    `task_always_eager = False`), which wins over the settings. So the override is made in
    both places, and the pin is put back as it was afterwards.
    """
    from config.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.COMPLIANCE_RECOMPUTE_DEBOUNCE_SECONDS = 0
    missing = object()
    pinned = app.conf.changes.get("task_always_eager", missing)
    app.conf.task_always_eager = True
    try:
        yield
    finally:
        if pinned is missing:
            app.conf.changes.pop("task_always_eager", None)
        else:
            app.conf.task_always_eager = pinned
