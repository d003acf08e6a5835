"""The evaluator registry: how any app plugs a way of measuring an indicator into the
engine without the engine importing that app.

An evaluator is a function `(ctx, indicator, params, schools) -> {school_id: Outcome}`
registered under a name the policy packs use. It must be set-based: it evaluates all the
given schools in a bounded number of queries (aggregates, `Exists`, one query per
table), never one query per school or per teacher. For a district-scope indicator it is
called with `schools=[]` and answers under the key `None`.

Work several evaluators need (the year's homeroom teachers, one pass over the training
ledger) is done once per run: `Context.shared(key, compute)` keeps what `compute` returns
under a key the evaluator names, for every later evaluator of the same run asking the
same. The run's own schools (`Context.school_ids`, and whether they are the whole
district) let such shared work cover the run rather than one indicator's schools.

An evaluator of a rule per semester (PT24-CREDIT 每学期末赋分) registers with
`per_semester=True`: besides the school year's result, the run asks it once for every
semester of the year that has begun, with `Context.semester` set (1 or 2; 0 is the whole
year), and stores each answer under its own period key (ADR 0015).

Apps also register *data sources*: a function `(district, school_year, school)` giving a
fingerprint of the rows their evaluators read for a district and year — or, given a
school, of that school's rows and the district's own (school null) — so a run knows
whether the data changed; a one-school recompute fingerprints only its school.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from apps.core.schoolyear import Period

if TYPE_CHECKING:
    from apps.tenancy.models import District, School

    from .models import Indicator

T = TypeVar("T")


@dataclass(frozen=True)
class Context:
    """What a run asks: the district, the school year, the reference date, and — per
    indicator — `since`, the date its document took effect (POLICY: no rule is due
    before its document's date; periods before it are not counted).

    `school_ids` are the run's schools (empty when an evaluator is called on its own),
    `whole_district` whether they are all of the district's, `semester` the one semester
    a per-semester evaluator is asked about (0: the whole year), and `cache` the run's
    shared work (`shared`): one dict for the whole run, kept by `dataclasses.replace`."""

    district: District
    school_year: int
    period: Period
    as_of: dt.date
    since: dt.date | None = None
    school_ids: frozenset[int] = frozenset()
    whole_district: bool = False
    semester: int = 0  # 1 or 2: judge that semester alone (per-semester evaluators only)
    cache: dict[Hashable, Any] = field(default_factory=dict, compare=False, repr=False)

    def shared(self, key: Hashable, compute: Callable[[], T]) -> T:
        """What `compute()` returns, computed once per run for `key`."""
        if key not in self.cache:
            self.cache[key] = compute()
        found: T = self.cache[key]
        return found

    def run_scope(self, schools: Sequence[School]) -> tuple[bool, frozenset[int]]:
        """(whole district?, school ids) that shared work should cover to serve these
        schools: the run's, when they are among them; else just these."""
        ids = frozenset(s.pk for s in schools)
        if self.school_ids and ids <= self.school_ids:
            return self.whole_district, self.school_ids
        return False, ids

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
    per_semester: bool = False


_EVALUATORS: dict[str, Registered] = {}
DataSource = Callable[["District", int, "School | None"], str]
_DATA_SOURCES: dict[str, DataSource] = {}


def evaluator(
    name: str, *, kind: str, per_semester: bool = False
) -> Callable[[Evaluator], Evaluator]:
    """Register an evaluator under `name` (the name policy packs refer to); one that
    judges a rule per semester says so (`per_semester`)."""

    def register(func: Evaluator) -> Evaluator:
        if name in _EVALUATORS and _EVALUATORS[name].func is not func:
            raise ValueError(f"evaluator {name!r} is registered twice")
        _EVALUATORS[name] = Registered(name, kind, func, per_semester)
        return func

    return register


def data_source(name: str) -> Callable[[DataSource], DataSource]:
    def register(func: DataSource) -> DataSource:
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


def is_per_semester(indicator: Indicator) -> bool:
    """Whether the indicator's rule is judged per semester (its evaluator says so)."""
    found = _EVALUATORS.get(indicator.evaluator)
    return found is not None and found.per_semester


def names() -> set[str]:
    return set(_EVALUATORS)


def data_sources() -> dict[str, DataSource]:
    return dict(sorted(_DATA_SOURCES.items()))
