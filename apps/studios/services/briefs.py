"""Quarterly briefs (XB23-BRIEF): the lead files one per quarter (text and files), corrects
it while pending or after it was returned, and the district accepts or returns it.

`filed_at` is set at the first filing and kept through corrections: whether the brief
was on time is said by when it was first filed. Nobody reviews a brief they filed (the
kit's `review_decide` refuses)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from apps.core.files import checked_file_type
from apps.core.review import review_correct, review_decide, review_submitted
from apps.core.text import text_error, text_errors
from apps.studios.access import is_lead, team_scope
from apps.studios.models import Brief, BriefStatus, Team, TeamFile, TeamFileData
from apps.studios.selectors.briefs import QUARTERS, quarter_has_begun
from apps.tenancy.access import holds_district_role
from apps.tenancy.models import DISTRICT_ROLES

FileUpload = tuple[str, bytes]
LABELS = {"title": "标题", "body": "项目实施与进展"}
TITLE_MAX = 200


def _text_errors(title: str, body: str) -> dict[str, str]:
    errors = text_errors({"title": title, "body": body}, LABELS)
    if not title.strip():
        errors.setdefault("title", "请填写标题。")
    elif len(title.strip()) > TITLE_MAX:
        errors.setdefault("title", f"标题不能超过 {TITLE_MAX} 个字。")
    if not body.strip():
        errors.setdefault("body", "请填写项目实施与进展情况。")
    return errors


def _checked_files(
    files: Sequence[FileUpload], errors: dict[str, str]
) -> list[tuple[str, str, bytes]]:
    """(name, type, data) of each file, or the first refusal under "files"."""
    checked = []
    for name, data in files:
        found: dict[str, str] = {}
        if message := text_error("文件名", name):
            found["file"] = message
        file_type = checked_file_type(name, data, found, max_bytes=settings.EVIDENCE_MAX_BYTES)
        if found:
            errors.setdefault("files", f"{name}：{found['file']}")
        elif file_type:
            checked.append((name[:200], file_type, data))
    return checked


def _save_files(brief: Brief, actor: Any, files: list[tuple[str, str, bytes]]) -> None:
    for name, file_type, data in files:
        row = TeamFile.objects.create(
            team_id=brief.team_id, brief=brief, file_name=name, file_type=file_type,
            file_size=len(data), uploaded_by=actor,
        )  # fmt: skip
        TeamFileData.objects.create(file=row, data=data)


def _period_errors(team: Team, year: int, quarter: int, now: dt.datetime) -> dict[str, str]:
    if quarter not in QUARTERS:
        return {"quarter": "季度须为第 1 至第 4 季度。"}
    if not 2000 <= year <= timezone.localtime(now).year:
        return {"year": "年度不正确：不能为将来的年度。"}
    if not quarter_has_begun(year, quarter, now):
        return {"quarter": f"{year}年第{quarter}季度尚未开始，不能提交该季度的简报。"}
    if Brief.objects.filter(team=team, year=year, quarter=quarter).exists():
        return {"quarter": f"{year}年第{quarter}季度的简报已提交，如需修改请更正原简报。"}
    return {}


@transaction.atomic
def brief_file(
    *, team: Team, actor: Any, year: int, quarter: int, title: str, body: str,
    files: Sequence[FileUpload] = (),
) -> Brief:  # fmt: skip
    """The team's lead files the quarter's brief (XB23-BRIEF); `filed_at` is now."""
    if not is_lead(actor, team):
        raise PermissionDenied("not the lead of this team")
    now = timezone.now()
    errors = _period_errors(team, year, quarter, now)
    errors.update(_text_errors(title, body))
    checked = _checked_files(files, errors)
    if errors:
        raise ValidationError(errors)
    with team_scope(team):
        brief = Brief.objects.create(
            team=team, year=year, quarter=quarter, title=title.strip(), body=body.strip(),
            filed_at=now, submitted_by=actor, status=BriefStatus.SUBMITTED,
        )  # fmt: skip
        review_submitted(brief, actor=actor)
        _save_files(brief, actor, checked)
    return brief


@transaction.atomic
def brief_correct(
    *, brief: Brief, actor: Any, title: str, body: str, files: Sequence[FileUpload] = ()
) -> Brief:
    """The lead corrects a pending brief, or a returned one (filed again: 待审核). The
    first filing's `filed_at` stays; new files are added to the brief's."""
    team = brief.team
    if not is_lead(actor, team):
        raise PermissionDenied("not the lead of this team")
    errors = _text_errors(title, body)
    checked = _checked_files(files, errors)
    if brief.status == BriefStatus.ACCEPTED:
        errors["status"] = "简报已审核通过，不能再更正。"
    if errors:
        raise ValidationError(errors)
    with team_scope(team):
        if brief.status == BriefStatus.RETURNED:
            Brief.objects.filter(pk=brief.pk).update(status=BriefStatus.SUBMITTED)
            brief.status = BriefStatus.SUBMITTED
            review_submitted(brief, actor=actor)
        changes = {"title": title.strip(), "body": body.strip()}
        corrected = review_correct(brief, actor=actor, allowed=True, changes=changes)
        _save_files(corrected, actor, checked)
    return corrected


def may_review(user: Any, brief: Brief) -> bool:
    """The district admin or reviewer of the team's district."""
    return holds_district_role(user, brief.team.district_id, DISTRICT_ROLES)


def brief_review(*, brief: Brief, reviewer: Any, accept: bool, comment: str = "") -> Brief:
    """The district accepts or returns a brief (returning needs a comment); nobody reviews
    a brief they filed."""
    return review_decide(
        brief, reviewer=reviewer, accept=accept, comment=comment,
        allowed=may_review(reviewer, brief),
    )  # fmt: skip
