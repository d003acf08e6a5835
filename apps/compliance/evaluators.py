"""The engine's own evaluators: `pending_module` and `all_of`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .models import ResultStatus
from .registry import Context, Outcome, evaluator, get

if TYPE_CHECKING:
    from apps.tenancy.models import School

    from .models import Indicator

# The modules not built yet, whose indicators wait for them (`pending_module`). An app that
# exists computes its indicators: tests/test_policy_traceability.py fails when a pack
# still sends one of them here.
MODULE_NAMES = {
    "incentives": "激励与待遇模块",
    "loadrelief": "减负清单模块",
}


def keys_for(indicator: Indicator, schools: Sequence[School]) -> list[int | None]:
    return [None] if indicator.scope == "district" else [s.pk for s in schools]


@evaluator("pending_module", kind="computed")
def pending_module(
    ctx: Context, indicator: Indicator, params: dict[str, Any], schools: Sequence[School]
) -> dict[int | None, Outcome]:
    """Honest `no_data` until the module that records this data exists."""
    module = str(params.get("module", ""))
    label = MODULE_NAMES.get(module, module)
    note = f"该指标的数据将由“{label}”（{module}）提供，模块上线后自动评估。"
    return {key: Outcome(ResultStatus.NO_DATA, note=note) for key in keys_for(indicator, schools)}


# When every part that applies agrees, the combination is that status.
UNANIMOUS = (ResultStatus.MET, ResultStatus.NOT_YET_DUE, ResultStatus.NOT_MET)


def combine(statuses: list[str]) -> str:
    """Precedence when parts disagree, first rule first: nothing applies → not
    applicable; a part without data → no data; all parts agree (met, not yet due, not
    met) → that; waiting for review with no part short → pending review; else partly met."""
    present = set(statuses) - {ResultStatus.NOT_APPLICABLE}
    if not present:
        return ResultStatus.NOT_APPLICABLE
    if ResultStatus.NO_DATA in present:
        return ResultStatus.NO_DATA
    if len(present) == 1 and next(iter(present)) in UNANIMOUS:
        return next(iter(present))
    short = {ResultStatus.NOT_MET, ResultStatus.PARTLY_MET}
    if ResultStatus.PENDING_REVIEW in present and not present & short:
        return ResultStatus.PENDING_REVIEW
    return ResultStatus.PARTLY_MET


@evaluator("all_of", kind="combined")
def all_of(
    ctx: Context, indicator: Indicator, params: dict[str, Any], schools: Sequence[School]
) -> dict[int | None, Outcome]:
    """Every part must hold (XH26-A2-1: a written scheme *and* sessions every month). A
    part is shown under its `label_zh`, else its document's name."""
    parts = [
        (part, get(part["evaluator"]).func(ctx, indicator, part.get("params", {}), schools))
        for part in params.get("parts", [])
    ]
    combined: dict[int | None, Outcome] = {}
    for key in keys_for(indicator, schools):
        outcomes = [(part, results[key]) for part, results in parts]
        combined[key] = Outcome(
            status=combine([o.status for _p, o in outcomes]),
            evidence=[e for _p, o in outcomes for e in o.evidence],
            missing=[m for _p, o in outcomes for m in o.missing],
            note="；".join(o.note for _p, o in outcomes if o.note),
            parts=[
                {
                    "evaluator": part["evaluator"],
                    "label": part.get("label_zh")
                    or part.get("params", {}).get("document_zh")
                    or MODULE_NAMES.get(
                        part.get("params", {}).get("module", ""), part["evaluator"]
                    ),
                    "status": o.status,
                    "value": o.value,
                    "target": o.target,
                    "note": o.note,
                    "missing": o.missing,
                }
                for part, o in outcomes
            ],
        )
    return combined
