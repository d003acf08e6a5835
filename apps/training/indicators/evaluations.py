"""The evaluator of the training evaluation (PT24-EVAL): process and outcome evidence for
every homeroom teacher this school year; and the training data source's fingerprint, by
which the engine knows when training data changed."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Max, Q

from apps.compliance.registry import Context, Outcome, data_source, evaluator
from apps.tenancy.models import District
from apps.training.models import (
    OUTCOME_KINDS,
    PROCESS_KINDS,
    ArchiveEntry,
    CreditAssignment,
    EvaluationRecord,
    LedgerEntry,
    TrainingActivity,
)

from .common import _due_at_year_end, _each_homeroom_teacher, _lacking

if TYPE_CHECKING:
    from apps.compliance.models import Indicator
    from apps.tenancy.models import School


@evaluator("training.evaluation", kind="computed")
def evaluation(
    ctx: Context, indicator: Indicator, params: dict[str, Any], schools: Sequence[School]
) -> dict[int | None, Outcome]:
    """PT24-EVAL: every homeroom teacher has process evidence (participation, assignments,
    discussion) and outcome evidence (summary, case analysis, practice) this school year."""
    kinds: dict[int, set[str]] = defaultdict(set)
    for teacher_id, kind in (
        EvaluationRecord.objects.filter(school__in=schools, school_year=ctx.school_year)
        .values_list("teacher_id", "kind")
        .distinct()
    ):
        kinds[teacher_id].add(kind)
    outcomes = _each_homeroom_teacher(
        ctx,
        schools,
        lambda tid, name: _lacking(
            name,
            (
                (bool(kinds[tid] & set(PROCESS_KINDS)), "过程性评价"),
                (bool(kinds[tid] & set(OUTCOME_KINDS)), "结果性评价"),
            ),
        ),
        unit="名班主任评价完整",
        goal="过程性与结果性评价齐全",
    )
    return _due_at_year_end(ctx, outcomes)


@data_source("training")
def fingerprint(district: District, school_year: int, school: School | None = None) -> str:
    """The training rows of the district — or of one school, with the district's own
    activities (school null), which its teachers attend too."""
    mine = Q() if school is None else Q(school=school)
    # The ledger is append-only (the database refuses UPDATE and DELETE): its newest id
    # tells every addition, read from one index probe — not a count of millions of rows.
    newest = LedgerEntry.objects.filter(mine, district=district).aggregate(last=Max("id"))
    parts = [f"ledger:{newest['last']}"]
    for queryset in (
        TrainingActivity.objects.filter(
            mine | Q(school__isnull=True) if school else mine, district=district
        ),
        CreditAssignment.objects.filter(mine, district=district),
        ArchiveEntry.objects.filter(mine, district=district),
        EvaluationRecord.objects.filter(mine, district=district),
    ):
        stats = queryset.aggregate(n=Count("id"), last=Max("updated_at"))
        parts.append(f"{stats['n']}:{stats['last']}")
    return "|".join(parts)
