"""Writes of evidence: a school submits, a district reviewer accepts or returns, a school
withdraws what is still waiting. Every change is an event on the item and schedules the
school's compliance recompute once the transaction commits."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from apps.compliance import registry
from apps.compliance import selectors as compliance_selectors
from apps.compliance.services import schedule_school_recompute
from apps.core.files import checked_file_type
from apps.core.plausible import school_year_error
from apps.core.review import review_decide, review_submitted, review_withdraw
from apps.core.text import model_text_errors, text_error
from apps.tenancy.access import holds_district_role, school_ids_led_by
from apps.tenancy.models import Role, School

from .models import (
    EvidenceFile,
    EvidenceItem,
    EvidenceKind,
)
from .selectors import required_parts

if TYPE_CHECKING:
    from apps.accounts.models import User

REVIEW_ROLES = (Role.DISTRICT_REVIEWER, Role.DISTRICT_ADMIN)


def evidence_kinds_for(indicator: Any) -> list[str]:
    """Which kinds of evidence an indicator takes (its evaluator, or the parts of all_of),
    as the evaluators registered them (`EvidenceKind` values)."""
    return registry.evidence_kinds(indicator)


def _short_name(name: str, limit: int = 200) -> str:
    """Cut a long file name in its stem, keeping the extension."""
    if len(name) <= limit:
        return name
    stem, dot, extension = name.rpartition(".")
    if not dot or len(extension) > 10:
        return name[:limit]
    return f"{stem[: limit - len(extension) - 1]}.{extension}"


def _indicator_taking(school: School, indicator_code: str, kind: str) -> Any:
    """The district's school indicator that applies to the school and takes this kind of
    evidence; else a ValidationError saying which of the three it is not."""
    indicator = compliance_selectors.indicator_for(district=school.district, code=indicator_code)
    if indicator is None or indicator.scope != "school":
        raise ValidationError({"indicator_code": "本区采用的政策包中没有该学校指标。"})
    if not compliance_selectors.indicator_applies(indicator, school):
        raise ValidationError(
            {"indicator_code": "该指标不适用于本校（例如本校未选报该特色项目）。"}
        )
    if kind not in evidence_kinds_for(indicator):
        raise ValidationError({"kind": "该指标不接受这种材料。"})
    return indicator


@transaction.atomic
def evidence_submit(
    *,
    school: School,
    actor: User,
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
    indicator = _indicator_taking(school, indicator_code, kind)
    errors = model_text_errors(EvidenceItem, {"title": title, "statement": statement})
    if data and (message := text_error("文件名", file_name)):
        errors["file"] = message
    if message := school_year_error(school_year):
        errors["school_year"] = message
    if "title" not in errors and not title.strip():
        errors["title"] = "请填写材料标题。"
    file_type = checked_file_type(file_name, data, errors, max_bytes=settings.EVIDENCE_MAX_BYTES)
    if not data and kind == EvidenceKind.DOCUMENT:
        errors["file"] = "请上传文件（PDF、Word、Excel 或图片）。"
    if kind == EvidenceKind.ATTESTATION and "statement" not in errors and not statement.strip():
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
    review_submitted(item, actor=actor)
    schedule_school_recompute(school=school, school_year=school_year)
    return item


def evidence_review(
    *,
    item: EvidenceItem,
    reviewer: User,
    accept: bool,
    comment: str = "",
    checked_parts: Sequence[str] = (),
) -> EvidenceItem:
    """Accept, or return with a comment saying what to fix (`apps.core.review`). Only a
    waiting item, only by a reviewer or admin of the item's own district, never by the
    person who submitted it. A document whose indicator lists required parts (XH26-A1-2:
    选聘条件、选聘程序、任职期限) is accepted only with every part ticked as present."""
    if message := text_error("审核意见", comment):
        raise ValidationError({"comment": message})
    allowed = holds_district_role(reviewer, item.district_id, REVIEW_ROLES)
    if not allowed:
        raise PermissionDenied("not a reviewer of this district")
    required = required_parts(district=item.district, indicator_code=item.indicator_code)
    ticked = [part for part in required if part in set(checked_parts)]
    if accept and len(ticked) < len(required):
        missing = "、".join(part for part in required if part not in ticked)
        message = f"请逐项核对材料要件后再通过：尚未勾选“{missing}”；缺少要件的材料请退回修改。"
        raise ValidationError({"checked_parts": message})

    def decided(locked: EvidenceItem) -> None:
        if ticked:
            locked.checked_parts = ticked
            locked.save(update_fields=["checked_parts", "updated_at"])
        _recompute(locked)

    return review_decide(
        item,
        reviewer=reviewer,
        accept=accept,
        comment=comment,
        allowed=allowed,
        on_decided=decided,
    )


def evidence_withdraw(*, item: EvidenceItem, actor: User) -> EvidenceItem:
    """The school's leader takes back an item still waiting for review."""
    if item.school_id not in school_ids_led_by(actor):
        raise PermissionDenied("only the school's leader withdraws its evidence")
    return review_withdraw(item, actor=actor, allowed=True, on_done=_recompute)


def _recompute(item: EvidenceItem) -> None:
    schedule_school_recompute(school=item.school, school_year=item.school_year)
