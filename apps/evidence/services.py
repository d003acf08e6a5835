"""Writes of evidence: a school submits, a district reviewer accepts or returns, a school
withdraws what is still waiting. Every change is an event on the item and schedules the
school's compliance recompute once the transaction commits."""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from apps.compliance import selectors as compliance_selectors
from apps.compliance.engine import applies
from apps.compliance.services import schedule_school_recompute
from apps.core.files import UploadRefusedError, sniff_upload
from apps.tenancy.access import holds_district_role, school_ids_led_by
from apps.tenancy.models import Role, School

from .models import (
    EvidenceAction,
    EvidenceEvent,
    EvidenceFile,
    EvidenceItem,
    EvidenceKind,
    EvidenceStatus,
)

REVIEW_ROLES = (Role.DISTRICT_REVIEWER, Role.DISTRICT_ADMIN)
KIND_OF_EVALUATOR = {
    "evidence.document": EvidenceKind.DOCUMENT,
    "evidence.attestation": EvidenceKind.ATTESTATION,
}


def evidence_kinds_for(indicator: Any) -> list[str]:
    """Which kinds of evidence an indicator takes (its evaluator, or the parts of all_of)."""
    names = [indicator.evaluator] + [
        p["evaluator"] for p in (indicator.params or {}).get("parts", [])
    ]
    return [KIND_OF_EVALUATOR[n] for n in names if n in KIND_OF_EVALUATOR]


def _short_name(name: str, limit: int = 200) -> str:
    """Cut a long file name in its stem, keeping the extension."""
    if len(name) <= limit:
        return name
    stem, dot, extension = name.rpartition(".")
    if not dot or len(extension) > 10:
        return name[:limit]
    return f"{stem[: limit - len(extension) - 1]}.{extension}"


@transaction.atomic
def evidence_submit(
    *,
    school: School,
    actor: Any,
    indicator_code: str,
    school_year: int,
    kind: str,
    title: str,
    statement: str = "",
    file_name: str = "",
    data: bytes | None = None,
) -> EvidenceItem:
    if school.pk not in school_ids_led_by(actor):
        raise PermissionDenied("only the school's leader submits its evidence")
    errors: dict[str, str] = {}
    indicator = compliance_selectors.indicator_for(district=school.district, code=indicator_code)
    if indicator is None or indicator.scope != "school":
        raise ValidationError({"indicator_code": "本区采用的政策包中没有该学校指标。"})
    if not applies(indicator, school):
        raise ValidationError(
            {"indicator_code": "该指标不适用于本校（例如本校未选报该特色项目）。"}
        )
    if kind not in evidence_kinds_for(indicator):
        raise ValidationError({"kind": "该指标不接受这种材料。"})
    if not title.strip():
        errors["title"] = "请填写材料标题。"
    file_type = ""
    if data:
        try:
            file_type = sniff_upload(file_name, data, max_bytes=settings.EVIDENCE_MAX_BYTES)
        except UploadRefusedError as exc:
            errors["file"] = str(exc)
    elif kind == EvidenceKind.DOCUMENT:
        errors["file"] = "请上传文件（PDF、Word、Excel 或图片）。"
    if kind == EvidenceKind.ATTESTATION and not statement.strip():
        errors["statement"] = "请填写情况说明。"
    if errors:
        raise ValidationError(errors)
    item = EvidenceItem.objects.create(
        school=school,
        district_id=school.district_id,
        indicator_code=indicator.code,
        pack_code=indicator.pack.code,
        school_year=school_year,
        kind=kind,
        title=title.strip()[:200],
        statement=statement.strip(),
        file_name=_short_name(file_name) if data else "",
        file_type=file_type,
        file_size=len(data or b""),
        file_sha256=hashlib.sha256(data).hexdigest() if data else "",
        submitted_by=actor,
    )
    if data:
        EvidenceFile.objects.create(item=item, data=data)
    EvidenceEvent.objects.create(item=item, action=EvidenceAction.SUBMITTED, actor=actor)
    schedule_school_recompute(school=school, school_year=school_year)
    return item


@transaction.atomic
def evidence_review(
    *, item: EvidenceItem, reviewer: Any, accept: bool, comment: str = ""
) -> EvidenceItem:
    """Accept, or return with a comment saying what to fix. Only a waiting item, and only
    by a reviewer or admin of the item's own district."""
    if not holds_district_role(reviewer, item.district_id, REVIEW_ROLES):
        raise PermissionDenied("only the district's reviewers review its evidence")
    locked = EvidenceItem.objects.select_for_update().get(pk=item.pk)
    if locked.status != EvidenceStatus.SUBMITTED:
        raise ValidationError(
            {"decision": f"该材料当前状态为“{locked.get_status_display()}”，不能再审核。"}
        )
    if not accept and not comment.strip():
        raise ValidationError({"comment": "退回时请填写意见，说明需要如何修改。"})
    locked.status = EvidenceStatus.ACCEPTED if accept else EvidenceStatus.RETURNED
    locked.reviewed_by = reviewer
    locked.reviewed_at = timezone.now()
    locked.review_comment = comment.strip()
    locked.save(
        update_fields=["status", "reviewed_by", "reviewed_at", "review_comment", "updated_at"]
    )
    EvidenceEvent.objects.create(
        item=locked,
        action=EvidenceAction.ACCEPTED if accept else EvidenceAction.RETURNED,
        actor=reviewer,
        comment=comment.strip(),
    )
    schedule_school_recompute(school=locked.school, school_year=locked.school_year)
    return locked


@transaction.atomic
def evidence_withdraw(*, item: EvidenceItem, actor: Any) -> EvidenceItem:
    if item.school_id not in school_ids_led_by(actor):
        raise PermissionDenied("only the school's leader withdraws its evidence")
    locked = EvidenceItem.objects.select_for_update().get(pk=item.pk)
    if locked.status != EvidenceStatus.SUBMITTED:
        raise ValidationError({"status": "只有待审核的材料可以撤回。"})
    locked.status = EvidenceStatus.WITHDRAWN
    locked.save(update_fields=["status", "updated_at"])
    EvidenceEvent.objects.create(item=locked, action=EvidenceAction.WITHDRAWN, actor=actor)
    schedule_school_recompute(school=locked.school, school_year=locked.school_year)
    return locked
