"""Tasks sent by name after commit (apps/core/queue.py): nothing is sent before the rows
are committed, nothing at all when the transaction rolls back, and a countdown is kept."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction

from apps.core import tasks
from apps.core.queue import enqueue_on_commit, task_named


def test_a_task_is_found_by_its_name() -> None:
    assert task_named("core.run_import").name == "core.run_import"
    assert task_named("compliance.execute_run").name == "compliance.execute_run"


@pytest.mark.django_db(transaction=True)
def test_sent_after_commit_and_never_after_a_rollback(monkeypatch: pytest.MonkeyPatch) -> None:
    sent: list[tuple[Any, ...]] = []
    monkeypatch.setattr(tasks.run_import, "delay", lambda *args: sent.append(args))
    monkeypatch.setattr(
        tasks.run_import, "apply_async", lambda args, countdown: sent.append((*args, countdown))
    )
    with transaction.atomic():
        enqueue_on_commit("core.run_import", "people.rosterimport", 1)
        enqueue_on_commit("core.run_import", "people.rosterimport", 2, countdown=30)
        assert sent == []
    assert sent == [("people.rosterimport", 1), ("people.rosterimport", 2, 30)]
    sent.clear()

    def failing_write() -> None:
        with transaction.atomic():
            enqueue_on_commit("core.run_import", "people.rosterimport", 3)
            raise RuntimeError("the write failed")

    with pytest.raises(RuntimeError):
        failing_write()
    assert sent == []
