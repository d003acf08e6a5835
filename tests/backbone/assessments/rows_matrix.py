"""XB23-ASSESS rows the cross-tenant matrix names (tests/tenancy/test_matrix.py, block
`# backbone: assessments`), made on first use per school, idempotent: the district's
ended 2023 cohort with the school's second teacher as a member (term-end passed, a
2023 warning with a pending plan, a 2024 warning without one), an open 2026 cohort and
that teacher's application to it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from apps.backbone.models import (
    Assessment,
    AssessmentKind,
    BackboneFile,
    BackboneFileData,
    BackboneMember,
    Category,
    Cohort,
    CohortApplication,
    Consequence,
    ConsequenceKind,
    Rectification,
    Result,
)
from apps.compliance.packs import PACK_DIR, load_pack_file
from apps.tenancy.models import District, Membership, Role
from tests.backbone.factories import make_cohort, make_member
from tests.personas import SchoolData, World, evidence_pdf

PACK = "xuhui-backbone-2023"


def _admin(district_id: int) -> Any:
    membership = Membership.objects.filter(district_id=district_id, role=Role.DISTRICT_ADMIN)
    found = membership.select_related("user").order_by("pk").first()
    assert found is not None
    return found.user


def _cohorts(district_id: int) -> tuple[Cohort, Cohort]:
    load_pack_file(PACK_DIR / f"{PACK}.yaml")
    ended = Cohort.objects.filter(district_id=district_id, name="2023届骨干").first()
    by = _admin(district_id)
    if ended is None:
        district = District.objects.get(pk=district_id)
        ended = make_cohort(district=district, by=by)
        make_cohort(
            district=district, by=by, name="2026届骨干", starts_on=dt.date(2026, 9, 1),
            ends_on=dt.date(2029, 6, 30), previous=ended, accepting_applications=True,
        )  # fmt: skip
    following = Cohort.objects.get(district_id=district_id, name="2026届骨干")
    return ended, following


def _consequence(member: BackboneMember, year: int, by: Any) -> Consequence:
    found, _ = Consequence.objects.get_or_create(
        member=member, kind=ConsequenceKind.WARNING, school_year=year,
        defaults={"district_id": member.district_id, "school_id": member.school_id,
                  "due_on": dt.date(year + 1, 7, 20), "reason": "学年度考核不合格（XB23-ASSESS）",
                  "decided_on": dt.date(year + 1, 6, 20), "decided_by": by},
    )  # fmt: skip
    return found


def member_of(sd: SchoolData) -> BackboneMember:
    ended, following = _cohorts(sd.school.district_id)
    teacher = sd.teachers[1]
    member = BackboneMember.objects.filter(cohort=ended, teacher=teacher).first()
    if member is not None:
        return member
    by = _admin(sd.school.district_id)
    member = make_member(cohort=ended, teacher=teacher, by=by)
    scope = {"district_id": member.district_id, "school_id": member.school_id}
    Assessment.objects.create(
        member=member, kind=AssessmentKind.TERM_END, school_year=2025, result=Result.PASS,
        assessed_on=dt.date(2026, 7, 5), entered_by=by, **scope,
    )  # fmt: skip
    warning = _consequence(member, 2023, by)
    _consequence(member, 2024, by)
    stored = BackboneFile.objects.create(
        file_name=f"整改方案{sd.marker}.pdf", file_type="pdf", file_size=10, uploaded_by=by,
        **scope,
    )  # fmt: skip
    BackboneFileData.objects.create(file=stored, data=evidence_pdf(sd.marker))
    Rectification.objects.create(
        warning=warning, summary=f"整改措施{sd.marker}", file=stored,
        filed_at=dt.datetime(2024, 7, 1, tzinfo=dt.UTC), submitted_by=by, **scope,
    )  # fmt: skip
    CohortApplication.objects.create(
        cohort=following, teacher=teacher, category=Category.BACKBONE, submitted_by=by, **scope
    )
    return member


def _first(key: str, world: World) -> SchoolData:
    return world.schools[f"{key}1"]


def member_kwargs(key: str, world: World) -> dict[str, Any]:
    return {"district_id": world.districts[key].pk, "member_id": member_of(_first(key, world)).pk}


def plan_kwargs(key: str, world: World) -> dict[str, Any]:
    member = member_of(_first(key, world))
    plan = Rectification.objects.get(warning__member=member)
    return {"district_id": world.districts[key].pk, "rectification_id": plan.pk}


def application_kwargs(key: str, world: World) -> dict[str, Any]:
    member = member_of(_first(key, world))
    application = CohortApplication.objects.get(teacher=member.teacher)
    return {"district_id": world.districts[key].pk, "application_id": application.pk}


def school_member_kwargs(sd: SchoolData) -> dict[str, Any]:
    return {"school_id": sd.school.pk, "member_id": member_of(sd).pk}


def school_warning_kwargs(sd: SchoolData) -> dict[str, Any]:
    member = member_of(sd)
    warning = Consequence.objects.get(member=member, school_year=2024)
    return {"school_id": sd.school.pk, "warning_id": warning.pk}


def result_form(sd: SchoolData) -> dict[str, Any]:
    return {"kind": "yearly", "school_year": 2023, "result": "pass", "project_result": "pass",
            "comprehensive_result": "pass", "assessed_on": "2024-06-20"}  # fmt: skip


def terminate_form(sd: SchoolData) -> dict[str, Any]:
    return {"on": "2025-03-01", "reason": "严重违反师德，经区师资工作领导小组决定"}


def review_form(sd: SchoolData) -> dict[str, Any]:
    return {"decision": "return", "comment": "请补充具体整改时间表。"}


def decide_form(sd: SchoolData) -> dict[str, Any]:
    return {"decision": "decline"}


def plan_form(sd: SchoolData) -> dict[str, Any]:
    upload = SimpleUploadedFile("整改方案.pdf", evidence_pdf("NEW"), "application/pdf")
    return {"summary": "每周复盘班级管理并请导师指导", "file": upload}


def apply_form(sd: SchoolData) -> dict[str, Any]:
    _, following = _cohorts(sd.school.district_id)
    return {"cohort": following.pk, "teacher": sd.teachers[2].pk, "category": "backbone"}


def apply_kwargs(sd: SchoolData) -> dict[str, Any]:
    """The school's page kwargs, with the district's cohorts made first (so the matrix's
    before-and-after check sees only what the POST itself does)."""
    _cohorts(sd.school.district_id)
    return {"school_id": sd.school.pk}
