"""Loading policy packs from YAML, validating them, and resolving a district's parameters.

Loading is idempotent: the file's SHA-256 is kept; a file whose (code, version) is
already loaded with the same content is skipped, and the same (code, version) with other
content is refused (publish a new version instead: results already computed must stay
explainable by the pack version they cite).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet

from apps.tenancy.models import District, FeaturedProject, SchoolType

from . import registry
from .models import (
    Indicator,
    IndicatorScope,
    Obligation,
    PackParameter,
    ParameterOverride,
    PolicyPack,
    PolicyRule,
)

PACK_DIR = Path(settings.BASE_DIR) / "fixtures" / "policy"
REQUIRED_PACK_KEYS = ("code", "version", "title_zh", "parameters", "rules", "indicators")
REQUIRED_INDICATOR_KEYS = (
    "id",
    "category_zh",
    "title_zh",
    "source",
    "applicability",
    "evaluator",
    "kinds",
)
KINDS = {"computed", "document", "attestation"}


class PackError(ValueError):
    pass


def parameter_refs(value: Any) -> Iterable[str]:
    """The parameter keys an indicator's params refer to ("$key"), at any depth."""
    yield from _refs(value)


def _refs(value: Any) -> Iterable[str]:
    if isinstance(value, str) and value.startswith("$"):
        yield value[1:]
    elif isinstance(value, dict):
        for item in value.values():
            yield from _refs(item)
    elif isinstance(value, list):
        for item in value:
            yield from _refs(item)


def _evaluators_in(params: dict[str, Any], name: str) -> Iterable[str]:
    yield name
    for part in params.get("parts", []) if isinstance(params, dict) else []:
        yield from _evaluators_in(part.get("params", {}), part["evaluator"])


def validate(data: dict[str, Any]) -> list[str]:
    """Every problem of a pack document, as messages naming the place."""
    problems = [f"missing key {k!r}" for k in REQUIRED_PACK_KEYS if k not in data]
    if problems:
        return problems
    keys = [p["key"] for p in data["parameters"]]
    rule_ids = {r["id"] for r in data["rules"]}
    problems += [f"duplicate parameter {k}" for k in {k for k in keys if keys.count(k) > 1}]
    problems += [
        f"parameter {p['key']}: unknown rule {p['rule']}"
        for p in data["parameters"]
        if p.get("rule") not in rule_ids
    ]
    seen: set[str] = set()
    known = registry.names()
    for item in data["indicators"]:
        where = f"indicator {item.get('id', '?')}"
        problems += [f"{where}: missing {k!r}" for k in REQUIRED_INDICATOR_KEYS if k not in item]
        if "id" not in item:
            continue
        if item["id"] in seen:
            problems.append(f"{where}: duplicate id")
        seen.add(item["id"])
        params = item.get("params") or {}
        problems += [f"{where}: unknown parameter ${r}" for r in _refs(params) if r not in keys]
        if item.get("obligation", Obligation.REQUIRED) not in Obligation.values:
            problems.append(f"{where}: obligation must be one of {', '.join(Obligation.values)}")
        problems += [
            f"{where}: unknown evaluator {e!r}"
            for e in _evaluators_in(params, item.get("evaluator", ""))
            if e not in known
        ]
        problems += [
            f"{where}: unknown rule {r}" for r in item.get("rules", []) if r not in rule_ids
        ]
        problems += [f"{where}: unknown kind {k}" for k in item.get("kinds", []) if k not in KINDS]
        problems += _applicability_problems(where, item.get("applicability") or {})
        if item.get("scope", "school") not in IndicatorScope.values:
            problems.append(f"{where}: unknown scope {item.get('scope')}")
    return problems


def _applicability_problems(where: str, rule: dict[str, Any]) -> list[str]:
    kind = rule.get("kind")
    if kind == "all":
        return []
    if kind == "featured_project":
        ok = rule.get("project") in FeaturedProject.values
        return [] if ok else [f"{where}: unknown featured project {rule.get('project')}"]
    if kind == "school_types":
        bad = [t for t in rule.get("types", []) if t not in SchoolType.values]
        return [f"{where}: unknown school types {bad}"] if bad else []
    return [f"{where}: unknown applicability {kind!r}"]


def _date(value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _json(value: Any) -> Any:
    """YAML dates become ISO strings in JSON fields."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return [_json(v) for v in value]
    if isinstance(value, dict):
        return {k: _json(v) for k, v in value.items()}
    return value


@transaction.atomic
def load_pack_file(path: Path) -> tuple[PolicyPack, bool]:
    """Load one YAML pack; returns (pack, created)."""
    raw = path.read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    data = yaml.safe_load(raw)
    problems = validate(data)
    if problems:
        raise PackError(f"{path.name}: " + "; ".join(problems))
    existing = PolicyPack.objects.filter(code=data["code"], version=data["version"]).first()
    if existing:
        if existing.source_sha256 != digest:
            raise PackError(
                f"{path.name}: {data['code']} v{data['version']} is already loaded with other "
                "content; raise `version` to publish a change"
            )
        return existing, False
    pack = PolicyPack.objects.create(
        code=data["code"],
        version=data["version"],
        title_zh=data["title_zh"],
        title_en=data.get("title_en", ""),
        issuer=data.get("issuer", ""),
        document_no=data.get("document_no", ""),
        issued_on=_date(data.get("issued_on")),
        effective_from=_date(data.get("effective_from")),
        effective_to=_date(data.get("effective_to")),
        seed=data.get("seed", ""),
        source_sha256=digest,
    )
    _load_contents(pack, data)
    return pack, True


def pack_files(directory: Path = PACK_DIR) -> dict[str, Path]:
    """The pack files of the platform by pack code (the `code` each file declares)."""
    found: dict[str, Path] = {}
    for path in sorted(directory.glob("*.yaml")):
        data = yaml.safe_load(path.read_bytes())
        if isinstance(data, dict) and isinstance(data.get("code"), str):
            found[data["code"]] = path
    return found


def packs_known() -> set[str]:
    """Codes a district may choose: every pack loaded or shipped in `fixtures/policy/`."""
    loaded = set(PolicyPack.objects.values_list("code", flat=True).distinct())
    return loaded | set(pack_files())


def unknown_packs(codes: list[str]) -> list[str]:
    known = packs_known()
    return [code for code in codes if code not in known]


def packs_ensure_loaded(codes: list[str]) -> None:
    """Load the shipped file of each chosen pack that is not loaded yet."""
    loaded = set(PolicyPack.objects.filter(code__in=codes).values_list("code", flat=True))
    files = pack_files()
    for code in codes:
        if code not in loaded and code in files:
            load_pack_file(files[code])


def load_all(directory: Path = PACK_DIR) -> list[tuple[PolicyPack, bool]]:
    return [load_pack_file(path) for path in sorted(directory.glob("*.yaml"))]


def active_packs(district: District) -> list[PolicyPack]:
    """The newest loaded version of each pack the district chose, in the district's order."""
    newest: dict[str, PolicyPack] = {}
    for pack in PolicyPack.objects.filter(code__in=district.policy_packs).order_by(
        "code", "-version"
    ):
        newest.setdefault(pack.code, pack)
    return [newest[code] for code in district.policy_packs if code in newest]


def overrides_in_force(district: District) -> QuerySet[ParameterOverride]:
    """The latest override row per (pack, key) for the district."""
    return (
        ParameterOverride.objects.filter(district=district)
        .order_by("pack_code", "key", "-set_at", "-id")
        .distinct("pack_code", "key")
    )


def resolved_parameters(district: District, packs: list[PolicyPack]) -> dict[str, dict[str, Any]]:
    """{pack code: {key: value}} with the district's overrides applied (two queries)."""
    values: dict[str, dict[str, Any]] = {pack.code: {} for pack in packs}
    by_id = {pack.pk: pack.code for pack in packs}
    for parameter in PackParameter.objects.filter(pack__in=packs):
        values[by_id[parameter.pack_id]][parameter.key] = parameter.value
    for override in overrides_in_force(district).filter(pack_code__in=values):
        if not override.cleared and override.key in values[override.pack_code]:
            values[override.pack_code][override.key] = override.value
    return values


def resolve(params: Any, values: dict[str, Any]) -> Any:
    """Replace "$key" references by the parameter values."""
    if isinstance(params, str) and params.startswith("$"):
        return values[params[1:]]
    if isinstance(params, dict):
        return {k: resolve(v, values) for k, v in params.items()}
    if isinstance(params, list):
        return [resolve(v, values) for v in params]
    return params


def _load_contents(pack: PolicyPack, data: dict[str, Any]) -> None:
    """The pack's parameters, rules and indicators, as the file lists them."""
    _load_parameters(pack, data["parameters"])
    PolicyRule.objects.bulk_create(
        PolicyRule(
            pack=pack,
            rule_id=r["id"],
            title_zh=r.get("title_zh", r["id"]),
            title_en=r.get("title_en", ""),
            source=r.get("source", ""),
        )
        for r in data["rules"]
    )
    Indicator.objects.bulk_create(
        _indicator(pack, i, index) for index, i in enumerate(data["indicators"], start=1)
    )


def _load_parameters(pack: PolicyPack, parameters: list[dict[str, Any]]) -> None:
    PackParameter.objects.bulk_create(
        PackParameter(
            pack=pack,
            key=p["key"],
            value=_json(p["value"]),
            unit=p.get("unit") or "",
            rule_id=p["rule"],
            label_zh=p.get("label_zh", p["key"]),
            label_en=p.get("label_en", ""),
            interpretation=bool(p.get("interpretation")),
            note_zh=p.get("note_zh") or "",
        )
        for p in parameters
    )


def _indicator(pack: PolicyPack, i: dict[str, Any], index: int) -> Indicator:
    return Indicator(
        pack=pack,
        code=i["id"],
        order=i.get("order", index),
        category_zh=i["category_zh"],
        category_en=i.get("category_en", ""),
        title_zh=i["title_zh"],
        title_en=i.get("title_en", ""),
        source=i["source"],
        rule_ids=i.get("rules", []),
        responsible=i.get("responsible", []),
        deadline=_date(i.get("deadline")),
        deadline_text=i.get("deadline_text") or "",
        scope=i.get("scope", IndicatorScope.SCHOOL),
        applicability=i["applicability"],
        kinds=i["kinds"],
        evaluator=i["evaluator"],
        params=_json(i.get("params") or {}),
        next_step_zh=i.get("next_step_zh", ""),
        obligation=i.get("obligation", Obligation.REQUIRED),
    )
