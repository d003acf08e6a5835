"""A team's outcomes (成果, XH26-A2P-4.2 / 4.3; a workshop's course, XB23-WORKSHOP):
added by the team's lead or a manager with an optional file checked like every upload,
and taken into the district's 成果集 by the district's admin (XH26-A2P-4.3)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from apps.core.files import checked_file_type
from apps.core.plausible import record_date_error
from apps.core.text import model_text_errors, text_error
from apps.studios.access import is_lead, may_manage, team_scope
from apps.studios.models import (
    CourseForm,
    Outcome,
    OutcomeKind,
    OutcomeStage,
    Team,
    TeamFile,
    TeamFileData,
    Theme,
)
from apps.tenancy.access import holds_district_role
from apps.tenancy.models import Role

# Plausibility, not policy: a course of more than this many class hours is a slip of the
# keyboard (the pack's bars are 5–20 h), refused so it cannot satisfy XB23-WORKSHOP.
COURSE_HOURS_MAX = Decimal(200)


def may_add_outcome(user: Any, team: Team) -> bool:
    return is_lead(user, team) or may_manage(user, team)


def _course_errors(kind: str, course_form: str, course_hours: Decimal | None) -> dict[str, str]:
    if kind != OutcomeKind.COURSE:
        if course_form or course_hours is not None:
            return {"course_form": "只有“课程”类成果填写课程形式和课程学时。"}
        return {}
    errors = {}
    if course_form not in CourseForm.values:
        errors["course_form"] = "请选择课程形式（区级研修网络课程或校级面授课程）。"
    if course_hours is None or course_hours <= 0:
        errors["course_hours"] = "请填写课程学时（大于 0）。"
    elif course_hours > COURSE_HOURS_MAX:
        errors["course_hours"] = f"课程学时不能超过 {COURSE_HOURS_MAX} 学时，请核对。"
    elif course_hours * 2 != int(course_hours * 2):
        errors["course_hours"] = "课程学时以 0.5 学时为单位。"
    return errors


def _errors(
    team: Team, *, kind: str, stage: str, title: str, summary: str,
    completed_on: dt.date | None, theme: Theme | None,
) -> dict[str, str]:  # fmt: skip
    errors = model_text_errors(Outcome, {"title": title, "summary": summary})
    if kind not in OutcomeKind.values:
        errors["kind"] = "请选择成果类型。"
    if stage not in OutcomeStage.values:
        errors["stage"] = "请选择成果阶段（阶段性成果或最终成果）。"
    if not title.strip() and "title" not in errors:
        errors["title"] = "请填写成果名称。"
    if completed_on is None:
        errors["completed_on"] = "请填写完成日期。"
    elif message := record_date_error(
        completed_on, label="完成日期", not_before=team.established_on,
        not_before_label="工作室成立日期",
    ):  # fmt: skip
        errors["completed_on"] = message
    if theme is not None and theme.team_id != team.pk:
        errors["theme"] = "该研究主题不属于本工作室，请重新选择。"
    return errors


def outcome_add(
    *,
    team: Team,
    actor: Any,
    kind: str,
    stage: str,
    title: str,
    summary: str = "",
    completed_on: dt.date | None,
    theme: Theme | None = None,
    course_form: str = "",
    course_hours: Decimal | None = None,
    file_name: str = "",
    data: bytes | None = None,
) -> Outcome:
    """Add an outcome of the team (its lead or a manager), with its optional file."""
    if not may_add_outcome(actor, team):
        raise PermissionDenied("not the lead or a manager of this team")
    errors = _errors(
        team, kind=kind, stage=stage, title=title, summary=summary,
        completed_on=completed_on, theme=theme,
    )  # fmt: skip
    errors |= _course_errors(kind, course_form, course_hours)
    if data and (message := text_error("文件名", file_name)):
        errors["file"] = message
    file_type = checked_file_type(file_name, data, errors, max_bytes=settings.EVIDENCE_MAX_BYTES)
    if errors or completed_on is None:
        raise ValidationError(errors)
    with transaction.atomic(), team_scope(team):
        outcome = Outcome.objects.create(
            team=team, theme=theme, kind=kind, stage=stage, title=title.strip(),
            summary=summary.strip(), completed_on=completed_on, course_form=course_form,
            course_hours=course_hours, recorded_by=actor,
        )  # fmt: skip
        if data:
            stored = TeamFile.objects.create(
                team=team, outcome=outcome, file_name=file_name[:200], file_type=file_type,
                file_size=len(data), uploaded_by=actor,
            )  # fmt: skip
            TeamFileData.objects.create(file=stored, data=data)
    return outcome


def may_promote(user: Any, team: Team) -> bool:
    return holds_district_role(user, team.district_id, (Role.DISTRICT_ADMIN,))


def outcome_promote(*, outcome: Outcome, actor: Any, promoted: bool) -> Outcome:
    """Take the outcome into the district's 成果集 (XH26-A2P-4.3), or out of it: the
    district's admin only."""
    team = outcome.team
    if not may_promote(actor, team):
        raise PermissionDenied("only the district's admin compiles the collection")
    with team_scope(team):
        outcome.promoted = promoted
        outcome.save(update_fields=["promoted", "updated_at"])
    return outcome
