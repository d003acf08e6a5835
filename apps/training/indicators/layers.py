"""Evaluators of the training layers (LS15-LAYERS) and of new homeroom teachers' hours
(LS15-NEW-HOURS), from the layer and probation bucket every ledger row carries (copied
from its activity).

* `training.new_homeroom_hours` — "新任班主任须接受不少于24学时的培训": a homeroom teacher of
  the year whose first homeroom appointment (`homeroom_since`) falls in that school year
  has at least `min_hours` of training of the pack's `layers` (上岗培训 by default; the
  probation year's 8+32+X buckets are pre-service training too), in that school year or
  the one before (pre-service training may precede the appointment). A teacher without
  `homeroom_since` cannot be placed: the note counts them.
* `training.layers` — "建立上岗培训、在岗培训和骨干培训三个层次有机衔接的班主任培训体系":
  the school's teachers have training hours of each of the pack's `layers` this year.

Both are rules per school year: judged once the year has ended.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, Sum

from apps.compliance.models import ResultStatus
from apps.compliance.registry import Context, Outcome, evaluator
from apps.people.models import AssignmentRole, HomeroomAssignment
from apps.training.models import Layer, LedgerEntry, ProbationBucket

from .common import _due_at_year_end, _share_outcome, ledger_totals

if TYPE_CHECKING:
    from apps.compliance.models import Indicator
    from apps.tenancy.models import School

LABELS = {str(label): value for value, label in Layer.choices if value != Layer.NONE}


def layer_values(labels: Sequence[str]) -> list[str]:
    """The pack names layers by their Chinese words (上岗培训 …); the ledger by code."""
    unknown = [label for label in labels if label not in LABELS]
    if unknown:
        raise ValueError(f"unknown training layer(s) {unknown}; use {sorted(LABELS)}")
    return [LABELS[label] for label in labels]


def _layer_filter(layers: list[str]) -> Q:
    counted = Q(layer__in=layers)
    if Layer.PRE_SERVICE in layers:
        counted |= ~Q(probation_bucket=ProbationBucket.NONE)
    return counted


def _new_homeroom_teachers(
    schools: Sequence[School], ctx: Context
) -> tuple[dict[int, dict[int, str]], dict[int, int]]:
    """{school id: {teacher id: name}} of the year's new homeroom teachers, and per school
    the number of the year's homeroom teachers with no `homeroom_since` (two queries)."""
    year = HomeroomAssignment.objects.filter(
        school__in=schools, school_year=ctx.school_year, role=AssignmentRole.HOMEROOM
    )
    new: dict[int, dict[int, str]] = defaultdict(dict)
    for school_id, teacher_id, name in (
        year.filter(
            teacher__homeroom_since__gte=ctx.period.start,
            teacher__homeroom_since__lte=ctx.period.end,
        )
        .values_list("school_id", "teacher_id", "teacher__name")
        .order_by("school_id", "teacher__employee_no")
        .distinct()
    ):
        new[school_id][teacher_id] = name
    unknown = dict(
        year.filter(teacher__homeroom_since__isnull=True)
        .values("school_id")
        .annotate(n=Count("teacher_id", distinct=True))
        .values_list("school_id", "n")
    )
    return new, unknown


@evaluator("training.new_homeroom_hours", kind="computed")
def new_homeroom_hours(
    ctx: Context, indicator: Indicator, params: dict[str, Any], schools: Sequence[School]
) -> dict[int | None, Outcome]:
    """LS15-NEW-HOURS, in three queries (new teachers, those without a date, their hours)."""
    minimum = Decimal(str(params["min_hours"]))
    layers = layer_values(params["layers"])
    new, unknown = _new_homeroom_teachers(schools, ctx)
    hours = dict(
        LedgerEntry.objects.filter(
            _layer_filter(layers),
            teacher_id__in=[t for mine in new.values() for t in mine],
            school_year__in=(ctx.school_year - 1, ctx.school_year),
        )
        .values("teacher_id")
        .annotate(h=Sum("hours"))
        .order_by()
        .values_list("teacher_id", "h")
    )
    outcomes: dict[int | None, Outcome] = {}
    for school in schools:
        mine = new.get(school.pk, {})
        note = (
            f"另有 {unknown[school.pk]} 名班主任未登记“首次担任班主任时间”，无法判断是否新任。"
            if unknown.get(school.pk)
            else ""
        )
        if not mine:
            outcomes[school.pk] = Outcome(
                ResultStatus.NOT_APPLICABLE, note=f"{ctx.school_year}学年本校没有新任班主任。{note}"
            )
            continue
        done = {tid: hours.get(tid, Decimal(0)) for tid in mine}
        missing = [
            f"{name}：{done[tid]:.1f} 学时，差 {minimum - done[tid]:.1f}"
            for tid, name in mine.items()
            if done[tid] < minimum
        ]
        outcome = _share_outcome(
            len(mine) - len(missing), len(mine), Decimal(1),
            unit="名新任班主任达到", goal=f"新任班主任培训 ≥ {minimum} 学时", missing=missing,
        )  # fmt: skip
        outcome.note = note
        outcomes[school.pk] = outcome
    return _due_at_year_end(ctx, outcomes)


@evaluator("training.layers", kind="computed")
def layers(
    ctx: Context, indicator: Indicator, params: dict[str, Any], schools: Sequence[School]
) -> dict[int | None, Outcome]:
    """LS15-LAYERS, in one aggregate: the layers with hours among each school's rows."""
    wanted = layer_values(params["layers"])
    hours: dict[tuple[int, str], Decimal] = defaultdict(Decimal)
    for row in ledger_totals(ctx, schools):
        if row.layer in wanted:
            hours[(row.school_id, row.layer)] += row.hours
    present: dict[int, set[str]] = defaultdict(set)
    for (school_id, layer), total in hours.items():
        if total > 0:
            present[school_id].add(layer)
    names = dict(Layer.choices)
    outcomes: dict[int | None, Outcome] = {}
    for school in schools:
        held = [layer for layer in wanted if layer in present[school.pk]]
        status = (
            ResultStatus.MET if len(held) == len(wanted)
            else ResultStatus.NOT_MET if not held
            else ResultStatus.PARTLY_MET
        )  # fmt: skip
        outcomes[school.pk] = Outcome(
            status,
            value=f"{len(held)}/{len(wanted)} 个层次有培训记录",
            target=f"{'、'.join(str(names[layer]) for layer in wanted)}均有培训",
            missing=[
                f"本学年无“{names[layer]}”层次的培训记录"
                for layer in wanted
                if layer not in present[school.pk]
            ],
        )
    return _due_at_year_end(ctx, outcomes)
