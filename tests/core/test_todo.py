"""The 待办 registry (apps/core/todo.py): a source is asked only for holdings of its roles,
once for all of them, and items come soonest due first."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from apps.core import todo
from apps.core.todo import DueItem, due_items, register_due_source


@dataclass
class FakeHolding:
    user_id: int
    role: str
    district_id: int = 1
    school_id: int | None = None


@pytest.fixture
def clean_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(todo, "_SOURCES", {})


def test_each_source_is_asked_once_for_the_holdings_of_its_roles(clean_registry: None) -> None:
    calls: list[list[int]] = []

    def queue(*, holdings: list[Any], today: dt.date) -> list[DueItem]:
        calls.append([h.user_id for h in holdings])
        return [
            DueItem(h.user_id, f"q:{h.user_id}", "todo", "待审核", "", "/q/", 1, due_on=today)
            for h in holdings
        ]

    def dates(*, holdings: list[Any], today: dt.date) -> list[DueItem]:
        return [DueItem(7, "d:1", "due", "截止", "", "/d/", 1, due_on=today - dt.timedelta(1))]

    register_due_source("kit.queue", queue, roles={"reviewer"})
    register_due_source("kit.dates", dates, roles={"leader"})
    holdings = [FakeHolding(1, "reviewer"), FakeHolding(2, "reviewer"), FakeHolding(3, "teacher")]
    today = dt.date(2026, 3, 20)
    items = due_items(holdings=holdings, today=today)
    assert calls == [[1, 2]]  # once, both reviewers; the teacher's holding was not passed
    assert [i.key for i in items] == ["q:1", "q:2"]
    items = due_items(holdings=[*holdings, FakeHolding(7, "leader")], today=today)
    assert [i.key for i in items] == ["d:1", "q:1", "q:2"]  # the earlier date first


def test_one_name_cannot_be_claimed_by_two_sources(clean_registry: None) -> None:
    def one(**_: Any) -> list[DueItem]:
        return []

    def two(**_: Any) -> list[DueItem]:
        return []

    register_due_source("kit.x", one, roles={"a"})
    register_due_source("kit.x", one, roles={"a"})  # the same again (a reload) is fine
    with pytest.raises(ValueError, match="twice"):
        register_due_source("kit.x", two, roles={"a"})
