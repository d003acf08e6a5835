"""The evaluator registry: how any app plugs a way of measuring an indicator into the
engine without the engine importing that app.

An evaluator is a function `(ctx, indicator, params, schools) -> {school_id: Outcome}`
registered under a name the policy packs use. It must be set-based: it evaluates all the
given schools in a bounded number of queries (aggregates, `Exists`, one query per
table), never one query per school or per teacher. For a district-scope indicator it is
called with `schools=[]` and answers under the key `None`.

Apps also register *data sources*: a function giving a fingerprint of the rows their
evaluators read for a district and year, so a run knows whether the data changed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from apps.core.schoolyear import Period

if TYPE_CHECKING:
    from apps.tenancy.models import District, School

    from .models import Indicator


@dataclass(frozen=True)
class Context:
    """What a run asks: the district, the school year, the reference date, and — per
    indicator — `since`, the date its document took effect (POLICY: no rule is due
    before its document's date; periods before it are not counted)."""

    district: District
    school_year: int
    period: Period
    as_of: dt.date
    since: dt.date | None = None

    @property
    def counts_from(self) -> dt.date:
        """The first day that counts: the school year's start, or the document's date."""
        return max(self.period.start, self.since) if self.since else self.period.start


@dataclass
class Outcome:
    """What an evaluator found for one school. `evidence` items are dicts
    {"type": …, "id": …, "label": …}; `missing` names what is missing, in Chinese."""

    status: str
    value: str = ""
    target: str = ""
    evidence: list[dict[str, Any]] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    note: str = ""
    parts: list[dict[str, Any]] = field(default_factory=list)


class Evaluator(Protocol):
    def __call__(
        self,
        ctx: Context,
        indicator: Indicator,
        params: dict[str, Any],
        schools: Sequence[School],
    ) -> dict[int | None, Outcome]: ...


@dataclass(frozen=True)
class Registered:
    name: str
    kind: str  # computed | document | attestation | combined
    func: Evaluator


_EVALUATORS: dict[str, Registered] = {}
_DATA_SOURCES: dict[str, Callable[[District, int], str]] = {}


def evaluator(name: str, *, kind: str) -> Callable[[Evaluator], Evaluator]:
    """Register an evaluator under `name` (the name policy packs refer to)."""

    def register(func: Evaluator) -> Evaluator:
        if name in _EVALUATORS and _EVALUATORS[name].func is not func:
            raise ValueError(f"evaluator {name!r} is registered twice")
        _EVALUATORS[name] = Registered(name, kind, func)
        return func

    return register


def data_source(
    name: str,
) -> Callable[[Callable[[District, int], str]], Callable[[District, int], str]]:
    def register(func: Callable[[District, int], str]) -> Callable[[District, int], str]:
        _DATA_SOURCES[name] = func
        return func

    return register


def get(name: str) -> Registered:
    try:
        return _EVALUATORS[name]
    except KeyError:
        raise LookupError(f"no evaluator registered as {name!r}") from None


EVIDENCE_KINDS = ("document", "attestation")


def evidence_kinds(indicator: Indicator) -> list[str]:
    """The kinds of evidence (document, attestation) an indicator takes: those of its
    evaluator, or of the parts of an all_of, as each evaluator registered its kind."""
    names = [indicator.evaluator] + [
        p["evaluator"] for p in (indicator.params or {}).get("parts", [])
    ]
    kinds = [_EVALUATORS[n].kind for n in names if n in _EVALUATORS]
    return [kind for kind in kinds if kind in EVIDENCE_KINDS]


def names() -> set[str]:
    return set(_EVALUATORS)


def data_sources() -> dict[str, Callable[[District, int], str]]:
    return dict(sorted(_DATA_SOURCES.items()))
