"""Writes of training: activities and attendance, teachers' external records and their
verification (学时审定), reversal of ledger rows, and end-of-semester credits.

Every hour that counts enters the ledger here, in the same transaction as its source row,
and every change schedules the school's compliance recompute after commit.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from apps.compliance.services import schedule_school_recompute
from apps.core.bulk import copy_rows
from apps.core.files import UploadRefusedError, sniff_upload
from apps.core.schoolyear import semester_of, today
from apps.people.models import Teacher
from apps.tenancy.access import holds_district_role, school_ids_led_by
from apps.tenancy.models import District, Role, School

from . import selectors
from .credits import credits_for
from .models import (
    AchievementKind,
    AchievementLevel,
    ActivityAttachment,
    ActivityAttachmentFile,
    ArchiveEntry,
    ArchiveFile,
    Attendance,
    CreditAssignment,
    CreditClass,
    CreditOffset,
    EntryKind,
    ExternalLevel,
    ExternalTraining,
    ExternalTrainingFile,
    LedgerEntry,
    OrganiserLevel,
    RecordStatus,
    TrainingActivity,
)

ACTIVITY_FIELDS = (
    "organiser_level",
    "organiser_name",
    "title",
    "topic",
    "date",
    "hours",
    "form",
    "credit_class",
    "module",
    "content_tier",
    "programme",
    "probation_bucket",
    "layer",
    "is_research_session",
    "is_joint_ideological",
    "is_cadre_training",
    "minutes",
)
# XH26-A2-1 "杜绝事务性替代": a research session is about a problem of educating students,
# not the business of running the school. Topics that only name business are refused.
ADMINISTRATIVE = re.compile(r"(工作布置|工作安排|事务|例会|通知|传达|会议精神|表格|报表|填报)")
MIN_MINUTES_CHARS = 30
MAX_HOURS = Decimal(24)
MAX_ATTACHMENTS = 10  # files kept with one activity


def _check_organiser(actor: Any, *, district_id: int, school_id: int | None) -> None:
    """A school's activities are its leader's to record; the district's, its admins'."""
    if school_id is not None:
        allowed = school_id in school_ids_led_by(actor)
    else:
        allowed = holds_district_role(actor, district_id, (Role.DISTRICT_ADMIN,))
    if not allowed:
        raise PermissionDenied("only the organiser records this activity and its attendance")


def _hours_value(value: Any) -> Decimal | None:
    """Hours as a Decimal with at most one decimal place, or None when it is not one."""
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    if not number.is_finite() or number != number.quantize(Decimal("0.1")):
        return None
    return number


def checked_file_type(file_name: str, data: bytes | None, errors: dict[str, str]) -> str:
    """The uploaded file's checked type ("" with no file); a refusal goes into `errors`
    under "file" with its Chinese message."""
    if not data:
        return ""
    try:
        return sniff_upload(file_name, data, max_bytes=settings.EVIDENCE_MAX_BYTES)
    except UploadRefusedError as exc:
        errors["file"] = str(exc)
        return ""


def _clean_activity(fields: dict[str, Any]) -> None:
    errors: dict[str, str] = {}
    if "hours" in fields:
        hours = _hours_value(fields["hours"])
        if hours is None or not Decimal(0) < hours <= MAX_HOURS:
            errors["hours"] = f"学时应为大于 0、不超过 {MAX_HOURS} 的数（最多一位小数）。"
    day = fields.get("date")
    if day and day > today():
        errors["date"] = "活动日期不能晚于今天：请在活动结束后登记。"
    if fields.get("is_research_session"):
        topic = (fields.get("topic") or "").strip()
        minutes = (fields.get("minutes") or "").strip()
        if not topic:
            errors["topic"] = "问题导向型研修须写明研究的问题（如某类学生案例、班级建设难题）。"
        elif ADMINISTRATIVE.search(topic) and len(ADMINISTRATIVE.sub("", topic)) < 6:
            errors["topic"] = (
                "事务性会议不能登记为研修活动（杜绝事务性替代），请写明研究的育人问题。"
            )
        if len(minutes) < MIN_MINUTES_CHARS:
            errors["minutes"] = (
                f"问题导向型研修须留存完整记录：请填写活动纪要（不少于 {MIN_MINUTES_CHARS} 字）。"
            )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def activity_create(
    *, district: District, school: School | None, actor: Any, **fields: Any
) -> TrainingActivity:
    """A district-level activity (school None, by a district admin) or a school's own
    (by its leader)."""
    if school is not None and school.district_id != district.pk:
        raise ValidationError({"school": "该学校不属于本区。"})
    _check_organiser(actor, district_id=district.pk, school_id=school.pk if school else None)
    values = {k: fields[k] for k in ACTIVITY_FIELDS if k in fields}
    if school is not None:
        values["organiser_level"] = values.get("organiser_level") or OrganiserLevel.SCHOOL
    _clean_activity(values)
    activity = TrainingActivity.objects.create(
        district=district, school=school, created_by=actor, **values
    )
    if school is not None and activity.is_research_session:
        schedule_school_recompute(school=school, school_year=semester_of(activity.date)[0])
    return activity


def ledger_row(
    *,
    teacher: Teacher,
    kind: str,
    date: Any,
    hours: Decimal,
    credit_class: str,
    title: str,
    created_by: Any,
    **source: Any,
) -> LedgerEntry:
    """An unsaved ledger row of the teacher's school, dated into its school year and
    semester; `source` names what it records (attendance=, external=, reverses=, …)."""
    year, term = semester_of(date)
    return LedgerEntry(
        teacher=teacher,
        school_id=teacher.school_id,
        district_id=teacher.district_id,
        kind=kind,
        date=date,
        school_year=year,
        semester=term,
        hours=hours,
        credit_class=credit_class,
        title=title,
        created_by=created_by,
        **source,
    )


def ledger_bulk_append(
    entries: Iterable[LedgerEntry], *, batch_size: int = 1000
) -> list[LedgerEntry]:
    """Insert rows built by `ledger_row` in bulk (the caller's transaction)."""
    return LedgerEntry.objects.bulk_create(list(entries), batch_size=batch_size)


def ledger_copy(columns: Sequence[str], rows: Iterable[Sequence[Any] | str]) -> int:
    """Load many ledger rows at once through COPY (synthetic districts, bulk loads): the
    rows must satisfy the table's checks, which the database enforces."""
    return copy_rows(LedgerEntry, columns, rows)


def _entry_for(attendance: Attendance, actor: Any) -> LedgerEntry:
    activity = attendance.activity
    return ledger_row(
        teacher=attendance.teacher,
        kind=EntryKind.ATTENDANCE,
        date=activity.date,
        hours=attendance.hours,
        credit_class=activity.credit_class,
        title=activity.title,
        created_by=actor,
        attendance=attendance,
        activity=activity,
        programme=activity.programme,
        probation_bucket=activity.probation_bucket,
        layer=activity.layer,
        is_cadre_training=activity.is_cadre_training,
    )


@transaction.atomic
def attendance_record(
    *,
    activity: TrainingActivity,
    teachers: Iterable[Teacher],
    actor: Any,
    hours: dict[int, Decimal] | None = None,
) -> list[Attendance]:
    """Record who attended (default: the activity's hours each) and credit the ledger.

    A school's activity takes its own teachers; a district activity any teacher of the
    district. A teacher already recorded is left as is (their ledger row is immutable;
    correct it by reversal).
    """
    _check_organiser(actor, district_id=activity.district_id, school_id=activity.school_id)
    teachers = list(teachers)
    foreign = [
        t.name
        for t in teachers
        if t.district_id != activity.district_id
        or (activity.school_id is not None and t.school_id != activity.school_id)
    ]
    if foreign:
        raise ValidationError({"teachers": f"以下教师不属于本活动的范围：{'、'.join(foreign)}。"})
    hours = hours or {}
    credited: dict[int, Decimal] = {}
    bad = []
    for t in teachers:
        value = _hours_value(hours.get(t.pk, activity.hours))
        if value is None or not Decimal(0) < value <= activity.hours:
            bad.append(t.name)
        else:
            credited[t.pk] = value
    if bad:
        raise ValidationError(
            {"hours": f"认定学时应大于 0 且不超过活动学时 {activity.hours}：{'、'.join(bad)}。"}
        )
    already = set(
        Attendance.objects.filter(activity=activity, teacher__in=teachers).values_list(
            "teacher_id", flat=True
        )
    )
    rows = [
        Attendance(activity=activity, teacher=t, hours=credited[t.pk])
        for t in teachers
        if t.pk not in already
    ]
    Attendance.objects.bulk_create(rows)
    for row in rows:
        row.activity = activity
    LedgerEntry.objects.bulk_create(_entry_for(row, actor) for row in rows)
    year = semester_of(activity.date)[0]
    for school in School.objects.filter(pk__in={t.school_id for t in teachers}):
        schedule_school_recompute(school=school, school_year=year)
    return rows


@transaction.atomic
def external_submit(
    *,
    teacher: Teacher,
    actor: Any,
    title: str,
    organiser: str,
    organiser_level: str,
    date: Any,
    hours: Decimal,
    credit_class: str,
    note: str = "",
    file_name: str = "",
    data: bytes | None = None,
) -> ExternalTraining:
    """A teacher logs training done elsewhere (their own record), or the school leader
    does it for them. It counts once the leader verifies it."""
    if teacher.user_id != getattr(actor, "pk", None) and teacher.school_id not in school_ids_led_by(
        actor
    ):
        raise PermissionDenied(
            "only the teacher or the school's leader logs the teacher's training"
        )
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = "请填写培训名称。"
    if not organiser.strip():
        errors["organiser"] = "请填写主办单位。"
    value = _hours_value(hours)
    if value is None or not Decimal(0) < value <= MAX_HOURS * 5:
        errors["hours"] = f"学时应为大于 0、不超过 {MAX_HOURS * 5} 的数（最多一位小数）。"
    if date is None:
        errors["date"] = "请填写培训日期。"
    elif date > today():
        errors["date"] = "培训日期不能晚于今天。"
    if organiser_level not in ExternalLevel.values:
        errors["organiser_level"] = "请选择主办层级：校级、区级、市级、国家级或其他。"
    if credit_class not in CreditClass.values:
        errors["credit_class"] = "请选择讲座类或实践类。"
    file_type = checked_file_type(file_name, data, errors)
    if errors:
        raise ValidationError(errors)
    record = ExternalTraining.objects.create(
        teacher=teacher,
        school_id=teacher.school_id,
        district_id=teacher.district_id,
        title=title.strip(),
        organiser=organiser.strip(),
        organiser_level=organiser_level,
        date=date,
        hours=hours,
        credit_class=credit_class,
        note=note.strip(),
        file_name=file_name[:200] if data else "",
        file_type=file_type,
        submitted_by=actor,
    )
    if data:
        ExternalTrainingFile.objects.create(record=record, data=data)
    return record


@transaction.atomic
def external_review(
    *, record: ExternalTraining, reviewer: Any, verify: bool, comment: str = ""
) -> ExternalTraining:
    """学时审定 by the school's leader: verified hours enter the ledger; a returned record
    says why."""
    if record.school_id not in school_ids_led_by(reviewer):
        raise PermissionDenied("only the school's leader verifies its teachers' hours")
    locked = (
        ExternalTraining.objects.select_for_update().select_related("teacher").get(pk=record.pk)
    )
    if locked.status != RecordStatus.SUBMITTED:
        raise ValidationError(
            {"decision": f"该记录当前为“{locked.get_status_display()}”，不能再审定。"}
        )
    if not verify and not comment.strip():
        raise ValidationError({"comment": "退回时请写明原因（如学时与证明不符）。"})
    locked.status = RecordStatus.VERIFIED if verify else RecordStatus.RETURNED
    locked.reviewed_by = reviewer
    locked.reviewed_at = timezone.now()
    locked.review_comment = comment.strip()
    locked.save(
        update_fields=["status", "reviewed_by", "reviewed_at", "review_comment", "updated_at"]
    )
    if verify:
        entry = external_ledger_row(locked, actor=reviewer)
        entry.save()
        schedule_school_recompute(school=locked.teacher.school, school_year=entry.school_year)
    return locked


def external_ledger_row(record: ExternalTraining, *, actor: Any) -> LedgerEntry:
    """The ledger row a verified external record becomes (unsaved)."""
    return ledger_row(
        teacher=record.teacher,
        kind=EntryKind.EXTERNAL,
        date=record.date,
        hours=record.hours,
        credit_class=record.credit_class,
        title=record.title,
        created_by=actor,
        external=record,
    )


@transaction.atomic
def ledger_reverse(*, entry: LedgerEntry, actor: Any, reason: str) -> LedgerEntry:
    """Correct a verified row: a reversal row of the opposite hours, with the reason.
    A row is reversed at most once; a reversal is not itself reversed (record again)."""
    if entry.school_id not in school_ids_led_by(actor):
        raise PermissionDenied("only the school's leader corrects its ledger")
    if entry.kind == EntryKind.REVERSAL:
        raise ValidationError({"entry": "冲销记录不能再次冲销；如需恢复，请重新登记。"})
    if LedgerEntry.objects.filter(reverses=entry).exists():
        raise ValidationError({"entry": "该记录已被冲销。"})
    if not reason.strip():
        raise ValidationError({"reason": "请填写更正理由（将永久保留）。"})
    reversal = LedgerEntry.objects.create(
        teacher_id=entry.teacher_id,
        school_id=entry.school_id,
        district_id=entry.district_id,
        kind=EntryKind.REVERSAL,
        date=entry.date,
        school_year=entry.school_year,
        semester=entry.semester,
        hours=-entry.hours,
        credit_class=entry.credit_class,
        title=f"冲销：{entry.title}"[:200],
        reverses=entry,
        reason=reason.strip(),
        activity_id=entry.activity_id,
        programme=entry.programme,
        probation_bucket=entry.probation_bucket,
        layer=entry.layer,
        is_cadre_training=entry.is_cadre_training,
        created_by=actor,
    )
    schedule_school_recompute(school=entry.school, school_year=entry.school_year)
    return reversal


@transaction.atomic
def credits_assign_semester(
    *, school: School, school_year: int, semester: int, actor: Any, params: dict[str, Any]
) -> list[CreditAssignment]:
    """PT24-CREDIT: the training officer's end-of-semester credits for every active
    teacher of the school, from the ledger (one aggregate query), replacing earlier ones."""
    if school.pk not in school_ids_led_by(actor):
        raise PermissionDenied("only the school's leader assigns its credits")
    sums: dict[int, dict[str, Decimal]] = {}
    for row in (
        LedgerEntry.objects.filter(school=school, school_year=school_year, semester=semester)
        .values("teacher_id", "credit_class")
        .annotate(total=Sum("hours"))
    ):
        sums.setdefault(row["teacher_id"], {})[row["credit_class"]] = row["total"]
    teachers = list(Teacher.objects.for_school(school).filter(is_active=True).only("id"))
    CreditAssignment.objects.filter(
        school=school, school_year=school_year, semester=semester
    ).delete()
    rows = []
    for teacher in teachers:
        hours = sums.get(teacher.pk, {})
        lecture = max(hours.get(CreditClass.LECTURE, Decimal(0)), Decimal(0))
        practice = max(hours.get(CreditClass.PRACTICE, Decimal(0)), Decimal(0))
        rows.append(
            CreditAssignment(
                district_id=school.district_id,
                school=school,
                teacher=teacher,
                school_year=school_year,
                semester=semester,
                lecture_hours=lecture,
                practice_hours=practice,
                credits=credits_for(lecture, practice, params),
                assigned_by=actor,
            )
        )
    CreditAssignment.objects.bulk_create(rows)
    schedule_school_recompute(school=school, school_year=school_year)
    return rows


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
    errors: dict[str, str] = {}
    if kind not in AchievementKind.values:
        errors["kind"] = "请选择类别（公开课、论文、获奖、课题、带教或荣誉）。"
    if level not in AchievementLevel.values:
        errors["level"] = "请选择级别（校级、区级、市级或国家级）。"
    if not (title or "").strip():
        errors["title"] = "请填写名称，如论文题目或奖项名称。"
    if date is None:
        errors["date"] = "请填写日期。"
    elif date > today():
        errors["date"] = "日期不能晚于今天。"
    file_type = checked_file_type(file_name, data, errors)
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


@transaction.atomic
def credit_offset_recognise(
    *, teacher: Teacher, school_year: int, actor: Any, note: str = ""
) -> CreditOffset:
    """XB23-CREDIT: recognise (认定) that the teacher completed the district backbone
    centralised training this school year, offsetting the pack's credits. Needs the
    district's packs to define the offset and the ledger to show that training."""
    if teacher.school_id not in school_ids_led_by(actor):
        raise PermissionDenied("only the school's leader recognises its teachers' credits")
    offset = selectors.district_parameters(district=teacher.district).get("training_credit_offset")
    if offset is None:
        raise ValidationError({"teacher": "本区采用的政策包没有骨干集中培训冲抵学分的规定。"})
    trained = LedgerEntry.objects.filter(
        teacher=teacher, school_year=school_year, layer="backbone", activity__school__isnull=True
    ).aggregate(h=Sum("hours"))["h"]
    if not trained or trained <= 0:
        raise ValidationError(
            {
                "teacher": f"{teacher.name}在{school_year}学年没有区级骨干集中培训的学时记录，"
                "不能认定冲抵。"
            }
        )
    if CreditOffset.objects.filter(teacher=teacher, school_year=school_year).exists():
        raise ValidationError({"teacher": f"{teacher.name}本学年已认定过冲抵学分。"})
    record = CreditOffset.objects.create(
        teacher=teacher,
        school_id=teacher.school_id,
        district_id=teacher.district_id,
        school_year=school_year,
        credits=Decimal(str(offset)),
        note=note.strip(),
        recognised_by=actor,
    )
    schedule_school_recompute(school=teacher.school, school_year=school_year)
    return record


@transaction.atomic
def activity_attachment_add(
    *, activity: TrainingActivity, actor: Any, file_name: str, data: bytes | None, title: str = ""
) -> ActivityAttachment:
    """A file kept with the activity's record (sign-in sheet, slides, photos): by its
    organiser only, checked as evidence is (type by its bytes, size), at most
    `MAX_ATTACHMENTS` per activity."""
    _check_organiser(actor, district_id=activity.district_id, school_id=activity.school_id)
    # Lock the activity so two uploads at once cannot both pass the count.
    TrainingActivity.objects.select_for_update().filter(pk=activity.pk).first()
    if not data:
        raise ValidationError({"file": "请选择要上传的附件。"})
    if ActivityAttachment.objects.filter(activity=activity).count() >= MAX_ATTACHMENTS:
        raise ValidationError(
            {"file": f"每个活动最多保存 {MAX_ATTACHMENTS} 个附件，请先整理已有附件。"}
        )
    try:
        file_type = sniff_upload(file_name, data, max_bytes=settings.EVIDENCE_MAX_BYTES)
    except UploadRefusedError as exc:
        raise ValidationError({"file": str(exc)}) from None
    attachment = ActivityAttachment.objects.create(
        activity=activity,
        title=(title or "").strip()[:200],
        file_name=file_name[:200],
        file_type=file_type,
        file_size=len(data),
        uploaded_by=actor,
    )
    ActivityAttachmentFile.objects.create(attachment=attachment, data=data)
    return attachment
