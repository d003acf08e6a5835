"""Writes of the deputies' records (XH26-DEPUTY, XH26-A2P-1.1…1.3): the training path, the
assessment through the kit's review service (the school's leader assesses, nobody their
own; 不合格 needs a comment) and the expert track's case guidance. The one writer of
`DeputyRecord`, `DeputyPathItem`, `DeputyAssessment` and `CaseGuidance`; a record is made
the first time something is written for a deputy post."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from apps.core.plausible import record_date_error
from apps.core.review import review_decide, review_submitted
from apps.core.schoolyear import school_year
from apps.core.text import model_text_errors
from apps.people.models import AssignmentRole, HomeroomAssignment
from apps.probation.models import (
    CaseGuidance,
    CaseType,
    DeputyAssessment,
    DeputyPathItem,
    DeputyRecord,
)

from .trainees import require_leader, school_records_changed

if TYPE_CHECKING:
    from apps.accounts.models import User


def _record(assignment: HomeroomAssignment, actor: User) -> DeputyRecord:
    """The deputy's record of the post's year and track (made on first use)."""
    found = DeputyRecord.objects.filter(
        teacher_id=assignment.teacher_id, school_year=assignment.school_year, track=assignment.role
    ).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return DeputyRecord.objects.create(
                school_id=assignment.school_id, district_id=assignment.district_id,
                teacher_id=assignment.teacher_id, school_year=assignment.school_year,
                track=assignment.role, created_by=actor,
            )  # fmt: skip
    except IntegrityError:  # made by a concurrent request
        return DeputyRecord.objects.get(
            teacher_id=assignment.teacher_id, school_year=assignment.school_year,
            track=assignment.role,
        )  # fmt: skip


def _date_error(day: dt.date | None, assignment: HomeroomAssignment, label: str) -> dict[str, str]:
    if day is None:
        return {"date": f"请填写{label}。"}
    message = record_date_error(
        day, label=label, not_before=school_year(assignment.school_year).start,
        not_before_label=f"{assignment.school_year}学年开始",
    )  # fmt: skip
    return {"date": message} if message else {}


def _track_error(assignment: HomeroomAssignment, role: str, what: str) -> dict[str, str]:
    if assignment.role == role:
        return {}
    track = "培养型" if role == AssignmentRole.DEPUTY_TRAINING else "专家型"
    return {"assignment": f"{what}只适用于{track}副班主任。"}


@transaction.atomic
def deputy_path_add(
    *, assignment: HomeroomAssignment, actor: User, date: dt.date | None, item: str,
    notes: str = "",
) -> DeputyPathItem:  # fmt: skip
    """One step of a training-track deputy's path (XH26-A2P-1.1)."""
    require_leader(actor, assignment.school)
    errors = _track_error(assignment, AssignmentRole.DEPUTY_TRAINING, "培养记录")
    errors |= model_text_errors(DeputyPathItem, {"item": item, "notes": notes})
    if not item.strip():
        errors["item"] = "请填写培养内容（如跟班见习、主持主题班会、家访）。"
    errors |= _date_error(date, assignment, "日期")
    if errors or date is None:
        raise ValidationError(errors)
    record = _record(assignment, actor)
    step = DeputyPathItem.objects.create(
        school_id=record.school_id, district_id=record.district_id, record=record, date=date,
        item=item.strip(), notes=notes, created_by=actor,
    )  # fmt: skip
    school_records_changed(assignment.school)
    return step


@transaction.atomic
def deputy_assess(
    *, assignment: HomeroomAssignment, actor: User, assessed_on: dt.date | None, passed: bool,
    comment: str = "",
) -> DeputyAssessment:  # fmt: skip
    """The deputy's assessment against the school's standard (合格 / 不合格 with a comment),
    recorded and decided at once by the school's leader — never their own."""
    require_leader(actor, assignment.school)
    errors = _track_error(assignment, AssignmentRole.DEPUTY_TRAINING, "考核")
    errors |= model_text_errors(DeputyAssessment, {"review_comment": comment})
    day_errors = _date_error(assessed_on, assignment, "考核日期")
    if day_errors:
        errors["assessed_on"] = day_errors["date"]
    if errors or assessed_on is None:
        raise ValidationError(errors)
    record = _record(assignment, actor)
    if not record.path.exists():
        raise ValidationError({"assessed_on": "请先登记该副班主任的培养记录，再进行考核。"})
    assessment = DeputyAssessment.objects.create(
        school_id=record.school_id, district_id=record.district_id, record=record,
        assessed_on=assessed_on, submitted_by=actor,
    )  # fmt: skip
    review_submitted(assessment, actor=actor)
    decided = review_decide(
        assessment, reviewer=actor, accept=passed, comment=comment, allowed=True
    )
    school_records_changed(assignment.school)
    return decided


@transaction.atomic
def case_guidance_add(
    *, assignment: HomeroomAssignment, actor: User, date: dt.date | None, case_type: str,
    advice: str, outcome: str = "",
) -> CaseGuidance:  # fmt: skip
    """An expert-track deputy's guidance on a case (XH26-A2P-1.2); no student is named."""
    require_leader(actor, assignment.school)
    errors = _track_error(assignment, AssignmentRole.DEPUTY_EXPERT, "个案指导")
    errors |= model_text_errors(CaseGuidance, {"advice": advice, "outcome": outcome})
    if case_type not in CaseType.values:
        errors["case_type"] = "请选择个案类型：" + "、".join(str(x) for x in CaseType.labels) + "。"
    if not advice.strip():
        errors["advice"] = "请填写指导意见。"
    errors |= _date_error(date, assignment, "指导日期")
    if errors or date is None:
        raise ValidationError(errors)
    record = _record(assignment, actor)
    case = CaseGuidance.objects.create(
        school_id=record.school_id, district_id=record.district_id, record=record, date=date,
        case_type=case_type, advice=advice.strip(), outcome=outcome.strip(), created_by=actor,
    )  # fmt: skip
    school_records_changed(assignment.school)
    return case
