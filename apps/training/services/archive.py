"""Writes of the development archive (XH26-A3-1, PT24-ARCHIVE): an achievement or honour
in a teacher's archive, with an optional evidence file."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from apps.compliance.services import schedule_school_recompute
from apps.core.files import checked_file_type
from apps.core.plausible import record_date_error
from apps.core.schoolyear import semester_of, today
from apps.core.text import model_text_errors, text_error
from apps.people.models import Teacher
from apps.tenancy.access import school_ids_led_by
from apps.training.models import AchievementKind, AchievementLevel, ArchiveEntry, ArchiveFile


def _archive_errors(
    teacher: Teacher, *, kind: str, level: str, title: str, date: Any, description: str
) -> dict[str, str]:
    errors = model_text_errors(ArchiveEntry, {"title": title, "description": description})
    if kind not in AchievementKind.values:
        errors["kind"] = "请选择类别（公开课、论文、获奖、课题、带教或荣誉）。"
    if level not in AchievementLevel.values:
        errors["level"] = "请选择级别（校级、区级、市级或国家级）。"
    if "title" not in errors and not (title or "").strip():
        errors["title"] = "请填写名称，如论文题目或奖项名称。"
    if date is None:
        errors["date"] = "请填写日期。"
    elif message := record_date_error(
        date,
        label="日期",
        not_before=teacher.teaching_since,
        not_before_label="该教师参加教育工作时间",
    ):
        errors["date"] = message
    return errors


@transaction.atomic
def archive_entry_create(
    *,
    teacher: Teacher,
    actor: Any,
    kind: str,
    level: str,
    title: str,
    date: Any,
    description: str = "",
    file_name: str = "",
    data: bytes | None = None,
) -> ArchiveEntry:
    """XH26-A3-1, PT24-ARCHIVE: an achievement or honour in a teacher's development
    archive, with an optional evidence file. The teacher adds their own; the school's
    leader adds for any teacher of the school."""
    if teacher.user_id != getattr(actor, "pk", None) and teacher.school_id not in school_ids_led_by(
        actor
    ):
        raise PermissionDenied("only the teacher or the school's leader adds to the archive")
    errors = _archive_errors(
        teacher, kind=kind, level=level, title=title, date=date, description=description or ""
    )
    if data and (message := text_error("文件名", file_name)):
        errors["file"] = message
    file_type = checked_file_type(file_name, data, errors, max_bytes=settings.EVIDENCE_MAX_BYTES)
    if errors:
        raise ValidationError(errors)
    entry = ArchiveEntry.objects.create(
        teacher=teacher,
        school_id=teacher.school_id,
        district_id=teacher.district_id,
        kind=kind,
        level=level,
        title=title.strip()[:200],
        date=date,
        description=(description or "").strip(),
        file_name=file_name[:200] if data else "",
        file_type=file_type,
        created_by=actor,
    )
    if data:
        ArchiveFile.objects.create(entry=entry, data=data)
    # The archive indicators look at every entry, whatever its date: recompute this year
    # (and the entry's own year, if earlier).
    for year in sorted({semester_of(date)[0], semester_of(today())[0]}):
        schedule_school_recompute(school=teacher.school, school_year=year)
    return entry
