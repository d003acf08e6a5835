"""Evaluating a district's packs for its schools in one school year.

The algorithm, for one run:

1. Take the district's active packs (newest version of each code it chose) and resolve
   every pack's parameters with the district's overrides.
2. For each indicator, in pack order: split the schools into those the indicator applies
   to (all / opted into a featured project / of given types) and the rest, which get
   `not_applicable` — never "unmet". A district-scope indicator is evaluated once.
3. Call the indicator's registered evaluator once with all applicable schools; it answers
   for all of them in a bounded number of queries. It is told the date the indicator's
   document took effect (`Context.since`): nothing before it counts.
4. An indicator whose deadline is after the run's reference date cannot be failed yet:
   `not_met` / `partly_met` become `not_yet_due` (the value and what is missing are kept,
   so a school sees how far it is). An encouraged or "in principle" indicator
   (`Indicator.obligation`) is never failed: its shortfall becomes `encouraged`, progress
   and what is missing kept.
5. An indicator whose rule is per semester (its evaluator is registered `per_semester`)
   is evaluated again, steps 2–4, for every semester of the year that has begun by the
   reference date; each result carries its semester (1, 2; 0 is the whole year), its
   own period key in the history and the current table (ADR 0015).

The reference date (`as_of`) is today, or the end of the school year for a past year.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from apps.core.schoolyear import school_year as school_year_period
from apps.core.schoolyear import semester as semester_period
from apps.core.schoolyear import today
from apps.tenancy.models import District, School

from . import packs as pack_data
from . import registry
from .models import (
    Indicator,
    IndicatorScope,
    Obligation,
    ParameterOverride,
    PolicyPack,
    ResultStatus,
)
from .registry import Context, Outcome

DEFERRABLE = {ResultStatus.NOT_MET, ResultStatus.PARTLY_MET}


@dataclass
class Evaluated:
    """One result before it is stored."""

    indicator: Indicator
    school_id: int | None
    outcome: Outcome
    semester: int = 0  # 1 or 2 for a per-semester rule's semester; 0: the whole year


def as_of_for(school_year: int) -> dt.date:
    return min(today(), school_year_period(school_year).end)


def applies(indicator: Indicator, school: School) -> bool:
    rule = indicator.applicability or {"kind": "all"}
    kind = rule.get("kind", "all")
    if kind == "featured_project":
        return rule.get("project") in (school.featured_projects or [])
    if kind == "school_types":
        return school.school_type in rule.get("types", [])
    return True


def indicators_of(active: Sequence[PolicyPack]) -> list[Indicator]:
    order = {pack.pk: index for index, pack in enumerate(active)}
    rows = list(Indicator.objects.filter(pack__in=active).select_related("pack"))
    return sorted(rows, key=lambda i: (order[i.pack_id], i.order, i.code))


def fingerprint(
    district: District,
    school_year: int,
    active: Sequence[PolicyPack],
    school: School | None = None,
) -> str:
    """A digest of everything a run reads: data sources (of the district, or of one
    school and the district's own rows for a recompute), pack versions, overrides."""
    parts: dict[str, Any] = {
        name: source(district, school_year, school)
        for name, source in registry.data_sources().items()
    }
    parts["packs"] = {pack.code: pack.version for pack in active}
    parts["overrides"] = (
        ParameterOverride.objects.filter(district=district)
        .order_by("-id")
        .values_list("id", flat=True)
        .first()
    )
    encoded = json.dumps(parts, sort_keys=True, default=str).encode()
    return hashlib.sha256(encoded).hexdigest()


def evaluate(
    *,
    district: District,
    school_year: int,
    schools: Sequence[School],
    as_of: dt.date,
    progress: Callable[[int, int], None] | None = None,
    whole_district: bool = False,
    district_scope: bool = True,
) -> list[Evaluated]:
    """Steps 1–5 for the given schools (all of the district's — say so with
    `whole_district`, so shared work reads by the district — or one for a recompute,
    which leaves the district-scope indicators to the district's runs:
    `district_scope=False`)."""
    active = pack_data.active_packs(district)
    values = pack_data.resolved_parameters(district, active)
    indicators = [
        i for i in indicators_of(active) if district_scope or i.scope != IndicatorScope.DISTRICT
    ]
    ctx = Context(
        district=district,
        school_year=school_year,
        period=school_year_period(school_year),
        as_of=as_of,
        school_ids=frozenset(s.pk for s in schools),
        whole_district=whole_district,
    )
    evaluated: list[Evaluated] = []
    for index, indicator in enumerate(indicators, start=1):
        params = pack_data.resolve(indicator.params, values[indicator.pack.code])
        own = replace(ctx, since=indicator.pack.effective_from)
        evaluated += _evaluate_indicator(own, indicator, params, schools)
        if registry.is_per_semester(indicator):
            for term in started_semesters(school_year, as_of):
                evaluated += _evaluate_indicator(
                    replace(own, semester=term), indicator, params, schools
                )
        if progress:
            progress(index, len(indicators))
    return evaluated


def started_semesters(school_year: int, as_of: dt.date) -> list[int]:
    """The semesters (1, 2) of the year that have begun by the reference date (step 5)."""
    return [n for n in (1, 2) if semester_period(school_year, n).start <= as_of]


def _evaluate_indicator(
    ctx: Context, indicator: Indicator, params: dict[str, Any], schools: Sequence[School]
) -> list[Evaluated]:
    """Steps 2–4 for one indicator over the given period (`ctx.semester`, 0: the year)."""
    term = ctx.semester
    if indicator.scope == IndicatorScope.DISTRICT:
        applicable: list[School] = []
        keys: list[int | None] = [None]
        evaluated: list[Evaluated] = []
    else:
        applicable = [s for s in schools if applies(indicator, s)]
        keys = [s.pk for s in applicable]
        note = _not_applicable_note(indicator)
        evaluated = [
            Evaluated(indicator, s.pk, Outcome(ResultStatus.NOT_APPLICABLE, note=note), term)
            for s in schools
            if not applies(indicator, s)
        ]
    if keys:
        outcomes = registry.get(indicator.evaluator).func(ctx, indicator, params, applicable)
        evaluated += [
            Evaluated(indicator, key, _softened(indicator, outcomes[key], ctx.as_of), term)
            for key in keys
        ]
    return evaluated


def _softened(indicator: Indicator, outcome: Outcome, as_of: dt.date) -> Outcome:
    """Step 4: a shortfall before the deadline is not yet due; an encouraged or "in
    principle" indicator's shortfall is never a failure."""
    if indicator.deadline and as_of < indicator.deadline and outcome.status in DEFERRABLE:
        outcome.note = _deadline_note(indicator, outcome.note)
        outcome.status = ResultStatus.NOT_YET_DUE
    if indicator.obligation != Obligation.REQUIRED and outcome.status in DEFERRABLE:
        outcome.note = _soft_note(indicator, outcome.note)
        outcome.status = ResultStatus.ENCOURAGED
    return outcome


def _not_applicable_note(indicator: Indicator) -> str:
    rule = indicator.applicability or {}
    if rule.get("kind") == "featured_project":
        return "本校未选报该特色项目，本指标不适用（不计为未达标）。"
    return "本指标不适用于本校类型。"


def _soft_note(indicator: Indicator, note: str) -> str:
    kind = "鼓励性" if indicator.obligation == Obligation.ENCOURAGED else "“原则上”"
    soft = f"本项为{kind}要求：显示进度与缺项，不计为未达标。"
    return f"{soft}{note}" if note else soft


def _deadline_note(indicator: Indicator, note: str) -> str:
    due = f"完成时限 {indicator.deadline:%Y-%m-%d}（{indicator.deadline_text}），尚未到期。"
    return f"{due}{note}" if note else due
