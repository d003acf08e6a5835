"""Reads of the compliance engine, always scoped to a district or a school."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import F, Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from apps.accounts.models import User
from apps.core.audit import history_model
from apps.core.schoolyear import school_year_label
from apps.core.schoolyear import semester as semester_period
from apps.tenancy.models import District, School

from . import packs as pack_data
from . import registry
from .engine import applies, indicators_of
from .models import (
    ComplianceResult,
    ComplianceRun,
    CurrentResult,
    Indicator,
    PackParameter,
    ParameterOverride,
    PolicyPack,
    PolicyRule,
    ResultStatus,
)


def active_indicators(*, district: District) -> list[Indicator]:
    return indicators_of(pack_data.active_packs(district))


def indicator_for(*, district: District, code: str) -> Indicator | None:
    """The indicator `code` in one of the district's active packs (None if not there)."""
    return next((i for i in active_indicators(district=district) if i.code == code), None)


def latest_results(
    *, district: District, school_year: int, school: School | None = None, semester: int = 0
) -> QuerySet[ComplianceResult]:
    """The newest result per (school, indicator) for the year — from the last district run
    or a later recompute of one school — read through the current table (one join, no
    scan of the history: ADR 0013). With `semester` (1, 2): the results of that semester,
    which only the rules judged per semester have (ADR 0015)."""
    queryset = ComplianceResult.objects.filter(
        current__district=district,
        current__school_year=school_year,
        current__semester=semester,
        indicator__pack__code__in=district.policy_packs,  # not packs the district dropped
    )
    if school is not None:
        queryset = queryset.filter(current__school=school)
    return queryset.order_by("school_id", "indicator_code")


def result_get(*, district: District, result_id: int | str) -> ComplianceResult:
    return get_object_or_404(
        ComplianceResult.objects.filter(district=district).select_related(
            "indicator", "indicator__pack", "school", "run"
        ),
        pk=result_id,
    )


def rules_for(indicator: Indicator) -> list[PolicyRule]:
    return list(
        PolicyRule.objects.filter(pack_id=indicator.pack_id, rule_id__in=indicator.rule_ids)
    )


@dataclass(frozen=True)
class Reading:
    """A parameter an indicator uses that reads the text one way among several (解释)."""

    key: str
    label: str
    value: str
    note: str
    overridden: bool


def _shown(value: Any, unit: str) -> str:
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    if unit == "比例" and isinstance(value, int | float):
        return f"{value * 100:g}%"
    return f"{value}{unit if unit not in ('', '比例') else ''}"


def readings_for(*, district: District, indicators: list[Indicator]) -> dict[str, list[Reading]]:
    """{indicator code: its interpretation parameters with the values in force} — so a
    page never shows an assumed target as if it were the bureau's own (two queries)."""
    packs = list({i.pack_id: i.pack for i in indicators}.values())
    values = pack_data.resolved_parameters(district, packs)
    marked = {
        (p.pack_id, p.key): p
        for p in PackParameter.objects.filter(pack__in=packs, interpretation=True)
    }
    found: dict[str, list[Reading]] = {}
    for indicator in indicators:
        keys = dict.fromkeys(pack_data.parameter_refs(indicator.params or {}))
        rows = [marked[(indicator.pack_id, k)] for k in keys if (indicator.pack_id, k) in marked]
        found[indicator.code] = [
            Reading(
                key=p.key,
                label=p.label_zh,
                value=_shown(values[indicator.pack.code].get(p.key, p.value), p.unit),
                note=p.note_zh,
                overridden=values[indicator.pack.code].get(p.key, p.value) != p.value,
            )
            for p in rows
        ]
    return found


def run_list(*, district: District, school_year: int | None = None) -> QuerySet[ComplianceRun]:
    queryset = ComplianceRun.objects.filter(district=district).select_related(
        "school", "requested_by"
    )
    if school_year is not None:
        queryset = queryset.filter(school_year=school_year)
    return queryset.order_by("-created_at")


def run_get(*, district: District, run_id: int | str) -> ComplianceRun:
    return get_object_or_404(run_list(district=district), pk=run_id)


def trend(*, district: District, school_year: int, limit: int = 20) -> list[dict[str, Any]]:
    """Status counts of the district-wide runs of a year, oldest first (for the trend chart)."""
    runs = (
        ComplianceRun.objects.filter(
            district=district, school_year=school_year, school__isnull=True, state="succeeded"
        )
        .order_by("-finished_at")
        .only("id", "finished_at", "summary", "trigger")[:limit]
    )
    rows = [
        {"id": r.pk, "finished_at": r.finished_at, "summary": r.summary, "trigger": r.trigger}
        for r in runs
    ]
    return list(reversed(rows))


def status_counts_by_category(
    results: list[ComplianceResult], indicators: list[Indicator]
) -> dict[str, dict[str, int]]:
    category = {i.code: i.category_zh for i in indicators}
    counts: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(ResultStatus.values, 0))
    for result in results:
        counts[category.get(result.indicator_code, "")][result.status] += 1
    return dict(counts)


def packs_in_use(*, district: District) -> list[PolicyPack]:
    return pack_data.active_packs(district)


def override_history(*, district: District) -> QuerySet[ParameterOverride]:
    return (
        ParameterOverride.objects.filter(district=district)
        .select_related("set_by")
        .order_by("-set_at", "-id")
    )


def district_schools(*, district: District) -> QuerySet[School]:
    return School.objects.filter(district=district).order_by("code")


def school_result_get(*, school: School, result_id: int | str) -> ComplianceResult:
    return get_object_or_404(
        ComplianceResult.objects.filter(school=school).select_related(
            "indicator", "indicator__pack", "school", "run"
        ),
        pk=result_id,
    )


def indicator_applies(indicator: Indicator, school: School) -> bool:
    """Whether the indicator applies to the school (all schools, its type, or a featured
    project it opted into) — the engine's own test, for other apps."""
    return applies(indicator, school)


def evidence_indicator_codes(indicators: list[Indicator]) -> dict[str, list[str]]:
    """{indicator code: evidence kinds it takes} — for "upload" buttons (no evidence import)."""
    kinds = {indicator.code: registry.evidence_kinds(indicator) for indicator in indicators}
    return {code: wanted for code, wanted in kinds.items() if wanted}


def parameters_with_overrides(*, district: District, pack: PolicyPack) -> list[dict[str, Any]]:
    overrides = {
        o.key: o for o in pack_data.overrides_in_force(district).filter(pack_code=pack.code)
    }
    rows = []
    for parameter in pack.parameters.all().order_by("rule_id", "key"):
        override = overrides.get(parameter.key)
        active = override is not None and not override.cleared
        rows.append(
            {
                "parameter": parameter,
                "override": override if active else None,
                "value": override.value if active and override else parameter.value,
            }
        )
    return rows


# --------------------------------------------------------------------------- API reads


def policy_pack_list() -> QuerySet[PolicyPack]:
    """Every loaded pack version with its parameters. Packs are public policy (the same
    for every district), so this is the one read here without a tenant scope."""
    return PolicyPack.objects.prefetch_related(
        Prefetch("parameters", queryset=PackParameter.objects.order_by("rule_id", "key"))
    ).order_by("code", "-version")


def pack_indicators(*, pack: PolicyPack) -> QuerySet[Indicator]:
    """A pack's indicator catalogue in the pack's order."""
    return Indicator.objects.filter(pack=pack).select_related("pack").order_by("order", "code")


def result_rows(
    *, district: District, school_year: int, school: School | None = None, semester: int = 0
) -> QuerySet[ComplianceResult]:
    """`latest_results` as a queryset that may be filtered further (status, category,
    indicator, school) and is ordered for lists: the current table holds one row per
    (school, indicator), so any further filter still answers among the latest results —
    never "the newest *met* result", an old one superseded since. One query (plus the
    paginator's count), whatever the number of schools.
    """
    return (
        latest_results(district=district, school_year=school_year, school=school, semester=semester)
        .select_related("school", "indicator", "indicator__pack")
        .order_by(
            F("school__code").asc(nulls_first=True),
            "indicator__pack__code",
            "indicator__order",
            "indicator_code",
        )
    )


@dataclass(frozen=True)
class ResultPeriod:
    """A period that has current results: a school year, or one semester of it."""

    school_year: int
    semester: int

    @property
    def label(self) -> str:
        if self.semester:
            return semester_period(self.school_year, self.semester).label
        return school_year_label(self.school_year)


def result_periods(*, district: District, school: School | None = None) -> list[ResultPeriod]:
    """The periods the district's (or the school's) current results can be read for,
    newest year first, the whole year before its semesters (one query)."""
    queryset = CurrentResult.objects.filter(
        district=district, result__indicator__pack__code__in=district.policy_packs
    )
    if school is not None:
        queryset = queryset.filter(school=school)
    pairs = queryset.values_list("school_year", "semester").distinct()
    return [ResultPeriod(y, t) for y, t in sorted(set(pairs), key=lambda p: (-p[0], p[1]))]


def semester_indicators(indicators: list[Indicator]) -> list[Indicator]:
    """Those of `indicators` whose rule is judged per semester (PT24-CREDIT …)."""
    return [i for i in indicators if registry.is_per_semester(i)]


def interpreted_codes(*, indicators: list[Indicator]) -> set[str]:
    """The codes among `indicators` whose target reads the text one way among several
    (the 解 marker) — what `readings_for` finds non-empty, in one query."""
    marked = set(
        PackParameter.objects.filter(
            pack_id__in={i.pack_id for i in indicators}, interpretation=True
        ).values_list("pack_id", "key")
    )
    return {
        i.code
        for i in indicators
        if any((i.pack_id, key) in marked for key in pack_data.parameter_refs(i.params or {}))
    }


@dataclass(frozen=True)
class PackChange:
    at: Any
    packs: list[str]
    reason: str
    actor: str
    via: str


def pack_choice_history(*, district: District, limit: int = 20) -> list[PackChange]:
    """The district's choices of packs, newest first: when, what, why and who (read from
    the district's history rows; two queries)."""
    history: Any = history_model(District)
    rows = list(
        history.objects.filter(pgh_obj_id=district.pk).order_by("-pgh_created_at", "-pgh_id")[
            : limit * 5
        ]
    )
    changes: list[Any] = []
    for newer, older in zip(rows, [*rows[1:], None], strict=True):
        if older is None or list(newer.policy_packs) != list(older.policy_packs):
            changes.append(newer)
    changes = changes[:limit]
    ids = {c.pgh_context.get("user") for c in changes if c.pgh_context}
    names: dict[Any, str] = dict(
        User.objects.filter(pk__in=[i for i in ids if isinstance(i, int)]).values_list(
            "pk", "full_name"
        )
    )
    return [
        PackChange(
            at=c.pgh_created_at,
            packs=list(c.policy_packs),
            reason=str((c.pgh_context or {}).get("reason", "")),
            actor=names.get((c.pgh_context or {}).get("user"), "") or "",
            via=f"命令 {c.pgh_context['command']}" if (c.pgh_context or {}).get("command") else "",
        )
        for c in changes
    ]


def packs_to_choose(*, district: District) -> list[tuple[str, str, bool]]:
    """(code, title, chosen) of every pack a district may follow, the chosen first in
    the district's order."""
    titles = dict(PolicyPack.objects.order_by("code", "version").values_list("code", "title_zh"))
    codes = sorted(pack_data.packs_known())
    chosen = [c for c in district.policy_packs if c in codes]
    others = [c for c in codes if c not in chosen]
    return [(c, titles.get(c, ""), c in chosen) for c in [*chosen, *others]]
