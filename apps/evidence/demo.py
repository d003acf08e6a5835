"""Demo evidence: a few documents and attestations in every review state, so the demo
dashboard and review queue have something real to show (`seed_evidence_demo`, called by
`apps.demo.seed` for each demo district)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from apps.compliance import selectors as compliance_selectors
from apps.tenancy.models import District, School

from . import selectors, services
from .models import EvidenceItem, EvidenceKind

# A minimal valid one-page PDF (text: "demo"), so downloads open in any viewer.
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R"
    b"/Resources<</Font<</F1 5 0 R>>>>>>endobj\n"
    b"4 0 obj<</Length 44>>stream\nBT /F1 24 Tf 72 760 Td (demo) Tj ET\nendstream endobj\n"
    b"5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)

# (indicator, what happens to it) for the district's schools in order.
PLAN = (
    ("XH26-A1-2", ("accept", "accept", "submit", "return", "accept", "submit")),
    ("XH26-A4-1", ("accept", "submit", "accept", "accept")),
    ("XH26-A2-1", ("accept", "accept", "submit")),
    ("XH26-A2-4", ("accept", "submit")),
    ("XH26-A2P-1.1", ("accept", "submit", "accept")),
    ("XH26-A1-4", ("accept", "accept", "submit", "accept", "return", "accept")),  # the plan
)


def seed_evidence_demo(
    *, district: District, year: int, leader_of: Callable[[School], Any], reviewer: Any
) -> int:
    """Submit (as `leader_of(school)`) and review the planned items once; returns how many
    were created (none when the district already has evidence for the year)."""
    if EvidenceItem.objects.for_district(district).filter(school_year=year).exists():
        return 0
    schools = list(district.schools.order_by("code"))
    created = 0
    for code, actions in PLAN:
        indicator = compliance_selectors.indicator_for(district=district, code=code)
        if indicator is None:
            continue
        kinds = services.evidence_kinds_for(indicator)
        parts = [
            indicator.params,
            *(p.get("params", {}) for p in indicator.params.get("parts", [])),
        ]
        document_zh = next((p["document_zh"] for p in parts if p.get("document_zh")), "")
        targets = [s for s in schools if compliance_selectors.indicator_applies(indicator, s)]
        for school, action in zip(targets, actions, strict=False):
            kind = kinds[0]
            item = services.evidence_submit(
                school=school,
                actor=leader_of(school),
                indicator_code=code,
                school_year=year,
                kind=kind,
                title=f"{school.name}{document_zh or '情况说明'}（演示）",
                statement="本校已按要求建立相应机制并落实（演示数据）。"
                if kind == EvidenceKind.ATTESTATION
                else "",
                file_name="demo.pdf" if kind == EvidenceKind.DOCUMENT else "",
                data=DEMO_PDF if kind == EvidenceKind.DOCUMENT else None,
            )
            created += 1
            if action == "accept":
                services.evidence_review(
                    item=item, reviewer=reviewer, accept=True,
                    checked_parts=selectors.required_parts(district=district, indicator_code=code),
                )  # fmt: skip
            elif action == "return":
                services.evidence_review(
                    item=item,
                    reviewer=reviewer,
                    accept=False,
                    comment=(
                        "选聘办法缺少任职期限条款，请补充后重新上传（演示）。"
                        if code == "XH26-A1-2"
                        else f"《{document_zh or '材料'}》内容不完整，请补充后重新上传（演示）。"
                    ),
                )
    return created
