"""Evaluators for document and attestation indicators (registered into compliance).

For each school, among its items for the indicator and year (withdrawn ones ignored):
an accepted item → `met`; else a waiting one → `pending_review`; else the latest was
returned → `not_met` with the reviewer's comment; nothing submitted → `not_met`, naming
the missing document. One query for all schools.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Max

from apps.compliance.models import ResultStatus
from apps.compliance.registry import Context, Outcome, data_source, evaluator
from apps.tenancy.models import District

from .models import EvidenceItem, EvidenceKind, EvidenceStatus

if TYPE_CHECKING:
    from apps.compliance.models import Indicator
    from apps.tenancy.models import School


def _outcomes(
    ctx: Context, indicator: Indicator, schools: Sequence[School], kind: str, wanted: str
) -> dict[int | None, Outcome]:
    items = (
        EvidenceItem.objects.filter(
            district=ctx.district,
            school__in=schools,
            school_year=ctx.school_year,
            indicator_code=indicator.code,
            kind=kind,
        )
        .exclude(status=EvidenceStatus.WITHDRAWN)
        .order_by("school_id", "-created_at", "-id")
        .only("id", "school_id", "status", "title", "review_comment", "created_at")
    )
    by_school: dict[int, list[EvidenceItem]] = defaultdict(list)
    for item in items:
        by_school[item.school_id].append(item)
    outcomes: dict[int | None, Outcome] = {}
    for school in schools:
        mine = by_school.get(school.pk, [])
        accepted = [i for i in mine if i.status == EvidenceStatus.ACCEPTED]
        waiting = [i for i in mine if i.status == EvidenceStatus.SUBMITTED]
        cited = [
            {"type": "evidence", "id": i.pk, "label": i.title, "status": i.status} for i in mine
        ]
        if accepted:
            outcomes[school.pk] = Outcome(
                ResultStatus.MET, value="已通过审核", target="审核通过", evidence=cited
            )
        elif waiting:
            outcomes[school.pk] = Outcome(
                ResultStatus.PENDING_REVIEW,
                value="已提交，待区审核",
                target="审核通过",
                evidence=cited,
            )
        elif mine:
            latest = mine[0]
            outcomes[school.pk] = Outcome(
                ResultStatus.NOT_MET,
                value="审核退回",
                target="审核通过",
                evidence=cited,
                missing=[f"{wanted}（退回意见：{latest.review_comment}）"],
                note=f"区审核退回：{latest.review_comment}",
            )
        else:
            outcomes[school.pk] = Outcome(
                ResultStatus.NOT_MET,
                value="未提交",
                target="审核通过",
                missing=[f"尚未提交：{wanted}"],
            )
    return outcomes


@evaluator("evidence.document", kind="document")
def document(
    ctx: Context, indicator: Indicator, params: dict[str, Any], schools: Sequence[School]
) -> dict[int | None, Outcome]:
    wanted = f"《{params.get('document_zh') or indicator.title_zh}》"
    return _outcomes(ctx, indicator, schools, EvidenceKind.DOCUMENT, wanted)


@evaluator("evidence.attestation", kind="attestation")
def attestation(
    ctx: Context, indicator: Indicator, params: dict[str, Any], schools: Sequence[School]
) -> dict[int | None, Outcome]:
    wanted = f"情况说明：{params.get('statement_zh') or indicator.title_zh}"
    return _outcomes(ctx, indicator, schools, EvidenceKind.ATTESTATION, wanted)


@data_source("evidence")
def fingerprint(district: District, school_year: int, school: School | None = None) -> str:
    rows = EvidenceItem.objects.filter(district=district, school_year=school_year)
    if school is not None:
        rows = rows.filter(school=school)
    stats = rows.aggregate(n=Count("id"), last=Max("updated_at"))
    return f"{stats['n']}:{stats['last']}"
