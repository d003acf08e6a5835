"""The yearly election to the talent pool (XB-POOL): 个人申报 → 学校推荐 → 区级评审.

* apply: the teacher themself, or their school leader on their behalf; one entry per
  teacher and school year; the year may not be one that has not begun;
* recommend (or decline, with a comment): the teacher's school leader, never on their
  own application (a leader who is the applying teacher); an application the leader
  filed on a teacher's behalf is still the teacher's, and the leader recommends it;
* review (elect or reject, with a comment): the district's reviewer or admin, not the
  person who applied, recommended, or is the teacher.

Each step only from the step before it; out of order is a Chinese refusal under
"status". Comments of both steps are kept in `comment`, each with its step's name."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from apps.backbone.models import FamousLevel, PoolEntry, PoolStatus
from apps.core.plausible import future_school_year_error
from apps.core.text import text_errors
from apps.people.models import Teacher
from apps.tenancy.access import holds_district_role, school_ids_led_by
from apps.tenancy.models import DISTRICT_ROLES, refuse_if_closed

STATEMENT_MAX = 5000
COMMENT_MAX = 1000


def is_own(actor: Any, teacher: Teacher) -> bool:
    return teacher.user_id is not None and teacher.user_id == getattr(actor, "pk", None)


def may_apply(actor: Any, teacher: Teacher) -> bool:
    return is_own(actor, teacher) or teacher.school_id in school_ids_led_by(actor)


def _apply_errors(teacher: Teacher, year: int, level: str, statement: str) -> dict[str, str]:
    errors = text_errors({"statement": statement}, {"statement": "申报材料"})
    if message := future_school_year_error(year, label="年度"):
        errors["year"] = message
    elif PoolEntry.objects.filter(teacher=teacher, year=year).exists():
        errors["year"] = f"{teacher.name} 已申报 {year} 年度的名班主任推选，同一年度只能申报一次。"
    if level not in FamousLevel.values:
        errors["level"] = "请选择申报级别（市级名班主任或区级名班主任）。"
    if not statement.strip():
        errors.setdefault("statement", "请填写申报材料（个人事迹、班主任工作成果等）。")
    elif len(statement.strip()) > STATEMENT_MAX:
        errors.setdefault("statement", f"申报材料不能超过 {STATEMENT_MAX} 个字。")
    return errors


@transaction.atomic
def pool_apply(*, actor: Any, teacher: Teacher, year: int, level: str, statement: str) -> PoolEntry:
    """个人申报: the teacher, or their school leader on their behalf."""
    if not may_apply(actor, teacher):
        raise PermissionDenied("neither the teacher nor their school leader")
    refuse_if_closed(teacher.school)
    errors = _apply_errors(teacher, year, level, statement)
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            return PoolEntry.objects.create(
                teacher=teacher,
                school_id=teacher.school_id,
                district_id=teacher.district_id,
                year=year,
                level=level,
                statement=statement.strip(),
                applied_by=actor,
            )
    except IntegrityError:
        raise ValidationError(
            {"year": f"{teacher.name} 已申报 {year} 年度，不能重复申报。"}
        ) from None


def _comment_errors(comment: str, needed: bool, what: str) -> dict[str, str]:
    errors = text_errors({"comment": comment}, {"comment": "意见"})
    if needed and not comment.strip():
        errors.setdefault("comment", f"{what}时请填写意见。")
    elif len(comment.strip()) > COMMENT_MAX:
        errors.setdefault("comment", f"意见不能超过 {COMMENT_MAX} 个字。")
    return errors


def _with_comment(entry: PoolEntry, step: str, comment: str) -> str:
    if not comment.strip():
        return entry.comment
    line = f"{step}：{comment.strip()}"
    return f"{entry.comment}\n{line}" if entry.comment else line


def _locked(entry: PoolEntry) -> PoolEntry:
    return PoolEntry.objects.select_for_update().select_related("teacher").get(pk=entry.pk)


@transaction.atomic
def pool_recommend(
    *, actor: Any, entry: PoolEntry, recommend: bool, comment: str = ""
) -> PoolEntry:
    """学校推荐: the teacher's school leader recommends or declines (with a comment)."""
    if entry.school_id not in school_ids_led_by(actor):
        raise PermissionDenied("not the leader of the teacher's school")
    entry = _locked(entry)
    errors = _comment_errors(comment, not recommend, "不予推荐")
    if entry.status != PoolStatus.APPLIED:
        errors["status"] = f"该申报当前为“{PoolStatus(entry.status).label}”，不在待学校推荐的环节。"
    elif is_own(actor, entry.teacher):
        errors["status"] = "不能推荐本人的申报，请由学校其他负责人推荐。"
    if errors:
        raise ValidationError(errors)
    entry.status = PoolStatus.RECOMMENDED if recommend else PoolStatus.NOT_RECOMMENDED
    entry.recommended_by = actor
    entry.recommended_at = timezone.now()
    entry.comment = _with_comment(entry, "学校推荐", comment)
    entry.save(
        update_fields=["status", "recommended_by", "recommended_at", "comment", "updated_at"]
    )
    return entry


@transaction.atomic
def pool_review(*, actor: Any, entry: PoolEntry, elect: bool, comment: str = "") -> PoolEntry:
    """区级评审: the district's reviewer or admin elects or rejects (with a comment)."""
    if not holds_district_role(actor, entry.district_id, DISTRICT_ROLES):
        raise PermissionDenied("not a reviewer of the entry's district")
    entry = _locked(entry)
    errors = _comment_errors(comment, not elect, "评审不通过")
    if entry.status != PoolStatus.RECOMMENDED:
        errors["status"] = (
            f"该申报当前为“{PoolStatus(entry.status).label}”，须先经学校推荐才能区级评审。"
        )
    elif actor.pk in (entry.applied_by_id, entry.recommended_by_id) or is_own(actor, entry.teacher):
        errors["status"] = "申报人、推荐人或申报教师本人不能评审这条申报。"
    if errors:
        raise ValidationError(errors)
    entry.status = PoolStatus.ELECTED if elect else PoolStatus.REJECTED
    entry.reviewed_by = actor
    entry.reviewed_at = timezone.now()
    entry.comment = _with_comment(entry, "区级评审", comment)
    entry.save(update_fields=["status", "reviewed_by", "reviewed_at", "comment", "updated_at"])
    return entry


__all__ = ["may_apply", "pool_apply", "pool_recommend", "pool_review"]
