"""The 待办 registry: what is waiting for a person, from every app that knows something.

A *due source* answers, for many role holdings at once, what each of them has to do:
the reviewer's queue, a leader's records to verify, a teacher's returned record, a date
within the horizon. The notices (`apps.reports`) ask every source, for one person's home
card or for everybody at once on beat, and never import the apps that register them —
later apps (studios, probation …) add theirs in their `AppConfig.ready`:

    register_due_source("studios.briefs_due", briefs_due, roles={"studio_lead"})

A source takes `holdings` (objects with `user_id`, `role`, `district_id`, `school_id` —
the tenancy memberships) and `today`, and returns its `DueItem`s in a few queries
whatever the number of holdings (never one query per person or per row). Each item's
`key` names the thing it is about (`evidence:17:pending`), the same every time it is
computed, so a notice or a robot message for it is made once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol


class Holding(Protocol):
    user_id: int
    role: str
    district_id: int
    school_id: int | None


@dataclass(frozen=True)
class DueItem:
    """One thing a person has to do or should know. `kind` is the notices' kind
    (`todo`, `due`, `reviewed` …) a person may mute; `district_id`/`school_id` where it
    belongs; `for_district` marks an item the district's robot group may hear about."""

    user_id: int
    key: str
    kind: str
    title: str
    body: str
    link: str
    district_id: int
    school_id: int | None = None
    due_on: dt.date | None = None
    for_district: bool = False


DueSource = Callable[..., Iterable[DueItem]]


@dataclass(frozen=True)
class _Registered:
    name: str
    roles: frozenset[str]
    source: DueSource


_SOURCES: dict[str, _Registered] = {}


def register_due_source(name: str, source: DueSource, *, roles: Iterable[str]) -> None:
    """Add a source for holders of `roles`; registering the same name twice with another
    function is a mistake (two apps claiming one name)."""
    known = _SOURCES.get(name)
    if known is not None and known.source is not source:
        raise ValueError(f"a due source named {name!r} is registered twice")
    _SOURCES[name] = _Registered(name, frozenset(roles), source)


def due_items(*, holdings: Sequence[Any], today: dt.date) -> list[DueItem]:
    """Every source's items for these holdings (each source sees only the holdings of its
    roles, and is not asked at all when there are none), soonest due first."""
    items: list[DueItem] = []
    for registered in _SOURCES.values():
        mine = [h for h in holdings if h.role in registered.roles]
        if mine:
            items.extend(registered.source(holdings=mine, today=today))
    far = dt.date.max
    return sorted(items, key=lambda item: (item.due_on or far, item.key))


def due_source_names() -> list[str]:
    return sorted(_SOURCES)
