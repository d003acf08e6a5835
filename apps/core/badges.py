"""Badges on a teacher's pages, from apps above the one that shows them.

The development archive (apps.training) shows what a teacher is besides their training —
e.g. the career ladder's rung (apps.backbone) — without importing the apps that know it:
an app registers a source in its `AppConfig.ready` (`register_teacher_badges(name, fn)`,
`fn(teacher_ids) -> {teacher id: [Badge]}`, answering for many teachers in a few
queries) and the page asks `teacher_badges(teacher_ids)`."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Badge:
    label: str  # short, shown as the badge: "职级：骨干"
    detail: str = ""  # what it rests on, shown beside or as its title


BadgeSource = Callable[[Sequence[int]], dict[int, list[Badge]]]
_SOURCES: dict[str, BadgeSource] = {}


def register_teacher_badges(name: str, source: BadgeSource) -> None:
    """Register (or replace, under the same name) a source of badges."""
    _SOURCES[name] = source


def teacher_badges(teacher_ids: Iterable[int]) -> dict[int, list[Badge]]:
    """{teacher id: badges} from every registered source, in registration order."""
    ids = sorted(set(teacher_ids))
    found: dict[int, list[Badge]] = defaultdict(list)
    if not ids:
        return {}
    for source in _SOURCES.values():
        for teacher_id, badges in source(ids).items():
            found[teacher_id].extend(badges)
    return dict(found)


__all__ = ["Badge", "BadgeSource", "register_teacher_badges", "teacher_badges"]
