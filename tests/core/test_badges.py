"""core.badges: sources registered by apps above answer for many teachers at once."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from apps.core import badges
from apps.core.badges import Badge, register_teacher_badges, teacher_badges


def test_badges_of_every_source_are_merged_per_teacher(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(badges, "_SOURCES", {})

    def rung(ids: Sequence[int]) -> dict[int, list[Badge]]:
        return {i: [Badge(f"职级{i}")] for i in ids if i != 3}

    def title(ids: Sequence[int]) -> dict[int, list[Badge]]:
        return {1: [Badge("市特级班主任", "2024-09-10")]}

    register_teacher_badges("rung", rung)
    register_teacher_badges("title", title)
    found = teacher_badges([3, 1, 2, 1])
    assert found == {1: [Badge("职级1"), Badge("市特级班主任", "2024-09-10")], 2: [Badge("职级2")]}
    assert teacher_badges([]) == {}
