"""Writes of the training evaluation (PT24-EVAL): the school's training officer records
a teacher's process or outcome evidence for a semester (with an optional file), or removes
one entered by mistake. Both feed the `training.evaluation` evaluator."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from apps.compliance.services import schedule_school_recompute
from apps.core.files import checked_file_type
from apps.people.models import Teacher
from apps.tenancy.models import School
from apps.training.models import EvaluationFile, EvaluationKind, EvaluationRecord

from .common import _require_school_leader

SEMESTERS = (1, 2)


@transaction.atomic
def evaluation_record_create(
    *,
    school: School,
    teacher: Teacher,
    actor: Any,
    school_year: int,
    semester: int,
    kind: str,
    title: str,
    note: str = "",
    file_name: str = "",
    data: bytes | None = None,
) -> EvaluationRecord:
    """PT24-EVAL: one piece of a teacher's process or outcome evaluation in a semester,
    recorded by the school's training officer, with an optional file. It feeds the
    `training.evaluation` evaluator, so the school's compliance is recomputed."""
    _require_school_leader(actor, school)
    errors: dict[str, str] = {}
    if teacher.school_id != school.pk:
        errors["teacher"] = "该教师不属于本校。"
    if semester not in SEMESTERS:
        errors["semester"] = "请选择第一学期或第二学期。"
    if kind not in EvaluationKind.values:
        errors["kind"] = (
            "请选择评价类别（过程性：参与情况、作业提交、研讨发言；结果性：总结报告、案例分析、实践成果）。"
        )
    title = (title or "").strip()
    if not title:
        errors["title"] = "请填写名称，如“第3次研修作业：班级公约设计”。"
    elif len(title) > 200:
        errors["title"] = "名称最多 200 字。"
    file_type = checked_file_type(file_name, data, errors, max_bytes=settings.EVIDENCE_MAX_BYTES)
    if errors:
        raise ValidationError(errors)
    record = EvaluationRecord.objects.create(
        district_id=school.district_id,
        school=school,
        teacher=teacher,
        school_year=school_year,
        semester=semester,
        kind=kind,
        title=title,
        note=(note or "").strip(),
        file_name=file_name[-200:] if data else "",
        file_type=file_type,
        created_by=actor,
    )
    if data:
        EvaluationFile.objects.create(record=record, data=data)
    schedule_school_recompute(school=school, school_year=school_year)
    return record


@transaction.atomic
def evaluation_record_delete(*, record: EvaluationRecord, actor: Any) -> None:
    """Remove a record entered by mistake (the school's leader)."""
    _require_school_leader(actor, record.school)
    school, year = record.school, record.school_year
    record.delete()
    schedule_school_recompute(school=school, school_year=year)
