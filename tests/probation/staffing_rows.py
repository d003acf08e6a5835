"""Records other suites need to bring XH26-A1-4 to 达标 besides its staffing part: a
teacher in the reserve pool and the accepted workforce plan (made directly)."""

from __future__ import annotations

import hashlib

from apps.core.schoolyear import current_school_year, today
from apps.evidence.models import EvidenceItem, EvidenceKind, EvidenceStatus
from apps.probation.models import ReserveEntry
from tests.personas import SchoolData


def accepted(sd: SchoolData, code: str, year: int | None = None) -> EvidenceItem:
    """The school's document for the indicator, accepted by the district."""
    data = b"%PDF-1.4\n%%EOF\n"
    return EvidenceItem.objects.create(
        school=sd.school, district_id=sd.school.district_id, indicator_code=code,
        pack_code="xuhui-2026", school_year=year or current_school_year(),
        kind=EvidenceKind.DOCUMENT, title=f"{sd.marker}{code}", file_name="doc.pdf",
        file_type="pdf", file_size=len(data), file_sha256=hashlib.sha256(data).hexdigest(),
        submitted_by=sd.job.created_by, status=EvidenceStatus.ACCEPTED,
    )  # fmt: skip


def reserve_and_plan(sd: SchoolData, year: int | None = None) -> None:
    """XH26-A1-4's other two parts: one teacher in the reserve pool, the plan accepted."""
    ReserveEntry.objects.create(
        school=sd.school, district_id=sd.school.district_id, teacher=sd.teachers[2],
        source="deputy", entered_on=today(), created_by=sd.job.created_by,
    )  # fmt: skip
    accepted(sd, "XH26-A1-4", year)
