"""The three-level assessment (XH26-PROB-ASSESS) through the kit's review service: the
assessor records an assessment and decides it at once (合格 = accepted, 不合格 =
returned with a comment). Nobody assesses a probation of their own (the kit's
`review_subject_user_id`); the school's leaders take the school's two levels, the
district's staff the graduation assessment of a trainee the school sent on."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from apps.core.files import checked_file_type
from apps.core.plausible import record_date_error
from apps.core.review import review_decide, review_submitted
from apps.core.text import model_text_errors, text_error
from apps.probation.models import (
    SCHOOL_LEVELS,
    Assessment,
    AssessmentFile,
    AssessmentLevel,
    Trainee,
    TraineeStatus,
)
from apps.tenancy.access import holds_district_role, school_ids_led_by
from apps.tenancy.models import DISTRICT_ROLES

from .trainees import trainee_changed

if TYPE_CHECKING:
    from apps.accounts.models import User


def may_assess(actor: User, trainee: Trainee, level: str) -> bool:
    if level in SCHOOL_LEVELS:
        return trainee.school_id in school_ids_led_by(actor)
    return holds_district_role(actor, trainee.district_id, DISTRICT_ROLES)


def _errors(
    trainee: Trainee, *, level: str, assessed_on: dt.date | None, assessor_name: str,
    comment: str, score: Decimal | None,
) -> dict[str, str]:  # fmt: skip
    errors = model_text_errors(Assessment, {"assessor_name": assessor_name})
    errors |= model_text_errors(Assessment, {"review_comment": comment})
    if level not in AssessmentLevel.values:
        errors["level"] = "请选择考核类别：学校过程考核、上岗技能考核或区级结业考核。"
    if assessed_on is None:
        errors["assessed_on"] = "请填写考核日期。"
    message = record_date_error(
        assessed_on,
        label="考核日期",
        not_before=trainee.started_on,
        not_before_label="见习开始日期",
    )
    if message:
        errors["assessed_on"] = message
    if not assessor_name.strip():
        errors["assessor_name"] = "请填写考核人。"
    if score is not None and not Decimal(0) <= score <= Decimal(100):
        errors["score"] = "成绩应在 0 到 100 之间（百分制）；没有分数可不填。"
    return errors


def assessment_state_error(trainee: Trainee, level: str) -> str | None:
    if not trainee.is_open or trainee.status == TraineeStatus.DEFERRED:
        return f"该见习班主任当前为“{trainee.get_status_display()}”，不能登记考核。"
    if level == AssessmentLevel.DISTRICT_GRADUATION and trainee.status != TraineeStatus.AWAITING:
        return "区级结业考核须在学校报送后进行（学时已满、学校两级考核合格）。"
    if level in SCHOOL_LEVELS and trainee.status != TraineeStatus.IN_PROBATION:
        return "已报送区级结业考核，学校考核不能再登记。"
    return None


@transaction.atomic
def assessment_record(
    *,
    trainee: Trainee,
    actor: User,
    level: str,
    assessed_on: dt.date | None,
    passed: bool,
    assessor_name: str,
    comment: str = "",
    score: Decimal | None = None,
    file_name: str = "",
    file_data: bytes | None = None,
) -> Assessment:
    """Record one assessment of the trainee's current attempt and its result. A failed
    assessment defers the appointment (暂缓聘任); the school may then start a retry."""
    locked = Trainee.objects.select_for_update().select_related("teacher").get(pk=trainee.pk)
    if not may_assess(actor, locked, level):
        raise PermissionDenied("not an assessor of this level here")
    errors = _errors(
        locked, level=level, assessed_on=assessed_on, assessor_name=assessor_name,
        comment=comment, score=score,
    )  # fmt: skip
    state = assessment_state_error(locked, level)
    if state:
        errors["level"] = state
    if file_data and (message := text_error("文件名", file_name)):
        errors["file"] = message
    file_type = checked_file_type(
        file_name, file_data, errors, max_bytes=settings.EVIDENCE_MAX_BYTES
    )
    if errors or assessed_on is None:
        raise ValidationError(errors)
    record = Assessment.objects.create(
        school_id=locked.school_id, district_id=locked.district_id, trainee=locked,
        level=level, attempt=locked.attempt, assessed_on=assessed_on,
        assessor_name=assessor_name.strip(), score=score, submitted_by=actor,
        file_name=file_name[:200] if file_data else "", file_type=file_type,
    )  # fmt: skip
    if file_data:
        AssessmentFile.objects.create(record=record, data=file_data)
    review_submitted(record, actor=actor)

    def after(decided: Assessment) -> None:
        if not passed:
            locked.status = TraineeStatus.DEFERRED
            locked.save(update_fields=["status", "updated_at"])

    decided = review_decide(
        record, reviewer=actor, accept=passed, comment=comment, allowed=True, on_decided=after
    )
    trainee_changed(locked)
    return decided
