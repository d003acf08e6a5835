"""XB23-ASSESS rectification plans (书面整改方案): the member or their school's leader files
the written plan a warning asks for (a file checked by core.files); the district accepts
or returns it (the kit's review; nobody reviews a plan about themselves or that they
filed); a returned plan stays returned and a new one is filed. The one writer of
`Rectification`."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from apps.backbone.models import (
    BackboneFile,
    BackboneFileData,
    Consequence,
    ConsequenceKind,
    Rectification,
    RectificationStatus,
)
from apps.backbone.selectors.assessments import RULE
from apps.core.files import checked_file_type
from apps.core.review import review_decide, review_submitted
from apps.core.text import text_error, text_errors
from apps.tenancy.access import holds_district_role, school_ids_led_by
from apps.tenancy.models import DISTRICT_ROLES


def may_file(user: Any, warning: Consequence) -> bool:
    """The member themself, or the leader of the member's school."""
    member = warning.member
    return user.pk == member.teacher.user_id or member.school_id in school_ids_led_by(user)


def may_review(user: Any, rectification: Rectification) -> bool:
    return holds_district_role(user, rectification.district_id, DISTRICT_ROLES)


@transaction.atomic
def rectification_file(
    *, actor: Any, warning: Consequence, summary: str, file_name: str, data: bytes | None
) -> Rectification:
    """File the written plan of a warning; refused while one is pending or accepted."""
    warning = (
        Consequence.objects.select_for_update().select_related("member__teacher").get(pk=warning.pk)
    )
    if warning.kind != ConsequenceKind.WARNING:
        raise ValidationError({"warning": f"只有警告需要提交书面整改方案（{RULE}）。"})
    if not may_file(actor, warning):
        raise PermissionDenied("只有骨干本人或其学校负责人可以提交整改方案。")
    errors = text_errors({"summary": summary}, {"summary": "整改措施"})
    if not summary.strip():
        errors["summary"] = "请填写整改措施。"
    if message := text_error("文件名", file_name):
        errors["file"] = message
    file_type = checked_file_type(file_name, data, errors, max_bytes=settings.EVIDENCE_MAX_BYTES)
    if not data and "file" not in errors:
        errors["file"] = "请上传书面整改方案文件。"
    states = set(warning.rectifications.values_list("status", flat=True))
    if RectificationStatus.ACCEPTED in states:
        errors["warning"] = "该警告的整改方案已通过审核，无需再次提交。"
    elif RectificationStatus.SUBMITTED in states:
        errors["warning"] = "该警告已有待审核的整改方案，请等待区里审核。"
    if errors:
        raise ValidationError(errors)
    assert data is not None
    member = warning.member
    stored = BackboneFile.objects.create(
        district_id=member.district_id, school_id=member.school_id, file_name=file_name[:200],
        file_type=file_type, file_size=len(data), uploaded_by=actor,
    )  # fmt: skip
    BackboneFileData.objects.create(file=stored, data=data)
    plan = Rectification.objects.create(
        warning=warning, district_id=member.district_id, school_id=member.school_id,
        summary=summary.strip(), file=stored, filed_at=timezone.now(), submitted_by=actor,
        status=RectificationStatus.SUBMITTED,
    )  # fmt: skip
    review_submitted(plan, actor=actor)
    return plan


def rectification_review(
    *, rectification: Rectification, reviewer: Any, accept: bool, comment: str = ""
) -> Rectification:
    """The district accepts or returns the plan (returning needs a comment)."""
    return review_decide(
        rectification, reviewer=reviewer, accept=accept, comment=comment,
        allowed=may_review(reviewer, rectification),
    )  # fmt: skip
