"""Evidence for the document indicators of a synthetic district: about 60% of the
applicable ones per school, accepted, waiting for review or returned with a comment, each
with its file and its history (submitted, then reviewed)."""

from __future__ import annotations

import hashlib
import random
from typing import Any

from django.utils import timezone

from apps.compliance import selectors as compliance_selectors
from apps.compliance.models import Indicator
from apps.evidence.models import (
    EvidenceAction,
    EvidenceEvent,
    EvidenceFile,
    EvidenceItem,
    EvidenceKind,
    EvidenceStatus,
)
from apps.tenancy.models import District, School

from .writes import bulk

EVIDENCE_SHARE = 0.6
REVIEW_STATES = (EvidenceStatus.ACCEPTED, EvidenceStatus.SUBMITTED, EvidenceStatus.RETURNED)
REVIEW_WEIGHTS = (5, 3, 2)
PLACEHOLDER_PDF = b"%PDF-1.4\n% synthetic placeholder document\n%%EOF\n"
PLACEHOLDER_SHA256 = hashlib.sha256(PLACEHOLDER_PDF).hexdigest()
DOCUMENT_EVALUATOR = "evidence.document"


def document_indicators(district: District) -> list[Indicator]:
    """The district's school indicators answered by a document (themselves or a part)."""
    return [
        indicator
        for indicator in compliance_selectors.active_indicators(district=district)
        if indicator.scope == "school"
        and DOCUMENT_EVALUATOR
        in [indicator.evaluator]
        + [p["evaluator"] for p in (indicator.params or {}).get("parts", [])]
    ]


def seed_evidence(
    district: District,
    schools: list[School],
    year: int,
    rng: random.Random,
    *,
    submitter: Any,
    reviewer: Any,
) -> int:
    """Items, files and events of the district's evidence; returns how many items."""
    now = timezone.now()
    indicators = document_indicators(district)
    items = []
    for school in schools:
        for indicator in indicators:
            if (
                not compliance_selectors.indicator_applies(indicator, school)
                or rng.random() > EVIDENCE_SHARE
            ):
                continue
            state = rng.choices(REVIEW_STATES, REVIEW_WEIGHTS)[0]
            item = _item(
                school, indicator, year=year, state=state, submitter=submitter,
                reviewer=reviewer, now=now,
            )  # fmt: skip
            items.append(item)
    items = bulk(EvidenceItem, items)
    bulk(EvidenceFile, (EvidenceFile(item=item, data=PLACEHOLDER_PDF) for item in items))
    events = [
        EvidenceEvent(item=item, action=EvidenceAction.SUBMITTED, actor=submitter) for item in items
    ]
    events += [
        EvidenceEvent(item=item, action=item.status, actor=reviewer, comment=item.review_comment)
        for item in items
        if item.status != EvidenceStatus.SUBMITTED
    ]
    bulk(EvidenceEvent, events)
    return len(items)


def _item(
    school: School,
    indicator: Indicator,
    *,
    year: int,
    state: str,
    submitter: Any,
    reviewer: Any,
    now: Any,
) -> EvidenceItem:
    reviewed = state != EvidenceStatus.SUBMITTED
    return EvidenceItem(
        school=school,
        district_id=school.district_id,
        indicator_code=indicator.code,
        pack_code=indicator.pack.code,
        school_year=year,
        kind=EvidenceKind.DOCUMENT,
        title=f"{school.name}·{indicator.code} 材料",
        file_name=f"{indicator.code}.pdf",
        file_type="pdf",
        file_size=len(PLACEHOLDER_PDF),
        file_sha256=PLACEHOLDER_SHA256,
        status=state,
        submitted_by=submitter,
        reviewed_by=reviewer if reviewed else None,
        reviewed_at=now if reviewed else None,
        review_comment="请补充会议记录与签到表。" if state == EvidenceStatus.RETURNED else "",
    )
