"""Writes of trainees and their mentors' logs (the one writer of `Trainee` and
`MentorLog`). Every function checks its own invariants and raises
`ValidationError({field: "中文"})`; nothing is saved on an error."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from apps.compliance.services import schedule_school_recompute
from apps.core.plausible import record_date_error
from apps.core.schoolyear import school_year_of, today
from apps.core.text import model_text_errors
from apps.people.models import AssignmentRole, HomeroomAssignment, Teacher
from apps.probation.models import (
    SCHOOL_LEVELS,
    AssessmentLevel,
    AssessmentStatus,
    MentorLog,
    Trainee,
    TraineeStatus,
)
from apps.probation.selectors.progress import (
    ProbationRules,
    mentor_min_years_text,
    planned_end,
    probation_rules,
    progress_of,
)
from apps.probation.selectors.trainees import mentor_qualifies
from apps.tenancy.access import school_ids_led_by
from apps.tenancy.models import School, refuse_if_closed

if TYPE_CHECKING:
    from apps.accounts.models import User


def trainee_changed(trainee: Trainee) -> None:
    school_records_changed(trainee.school)


def school_records_changed(school: School) -> None:
    """A probation record of the school changed: its results are recomputed."""
    schedule_school_recompute(school=school, school_year=school_year_of(today()))


def require_leader(actor: User, school: School) -> None:
    if school.pk not in school_ids_led_by(actor):
        raise PermissionDenied("only the school's leader manages its trainees")


def _mentor_errors(
    mentor: Teacher | None, *, school: School, teacher: Teacher, rules: ProbationRules
) -> dict[str, str]:
    if mentor is None:
        return {}
    if mentor.school_id != school.pk:
        return {"mentor": "指导教师须是本校教师。"}
    if mentor.pk == teacher.pk:
        return {"mentor": "见习班主任不能担任自己的指导教师。"}
    if not mentor_qualifies(mentor, rules):
        years = mentor_min_years_text(rules)
        return {"mentor": f"{mentor.name}担任班主任不满{years}，不能担任指导教师。"}
    return {}


def _hours_error(value: Decimal, rules: ProbationRules) -> dict[str, str]:
    if value < rules.school_hours_min or value > Decimal(200):
        low = format(rules.school_hours_min.normalize(), "f")
        return {"school_hours_target": f"校级跟岗培训学时（X）应在 {low} 到 200 学时之间。"}
    return {}


@transaction.atomic
def trainee_create(
    *,
    school: School,
    actor: User,
    teacher: Teacher,
    started_on: dt.date,
    mentor: Teacher | None = None,
    school_hours_target: Decimal | None = None,
    note: str = "",
) -> Trainee:
    """Open a teacher's probation: its planned end is the pack's length after the start;
    the school's X at least the pack's minimum; the mentor qualified (XH26-PROB-MENTOR)."""
    require_leader(actor, school)
    refuse_if_closed(school)
    rules = probation_rules(district=school.district)
    target = rules.school_hours_min if school_hours_target is None else school_hours_target
    errors: dict[str, str] = model_text_errors(Trainee, {"note": note})
    if teacher.school_id != school.pk:
        errors["teacher"] = "该教师不属于本校。"
    elif Trainee.objects.filter(teacher=teacher).exists():
        errors["teacher"] = f"{teacher.name}已有见习记录，请在见习看板中查看。"
    elif HomeroomAssignment.objects.filter(teacher=teacher, role=AssignmentRole.HOMEROOM).exists():
        errors["teacher"] = f"{teacher.name}已担任过班主任，无需登记见习。"
    message = record_date_error(
        started_on, label="见习开始日期", not_before=teacher.teaching_since,
        not_before_label="参加教育工作时间",
    )  # fmt: skip
    if message:
        errors["started_on"] = message
    errors |= _hours_error(target, rules)
    errors |= _mentor_errors(mentor, school=school, teacher=teacher, rules=rules)
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            trainee = Trainee.objects.create(
                school=school, district_id=school.district_id, teacher=teacher,
                started_on=started_on, planned_end_on=planned_end(started_on, rules),
                school_hours_target=target, mentor=mentor, note=note, created_by=actor,
            )  # fmt: skip
    except IntegrityError as exc:
        raise ValidationError({"teacher": f"{teacher.name}已有见习记录。"}) from exc
    trainee_changed(trainee)
    return trainee


@transaction.atomic
def trainee_update(
    *,
    trainee: Trainee,
    actor: User,
    mentor: Teacher | None,
    school_hours_target: Decimal,
    note: str = "",
) -> Trainee:
    """Change the mentor, the school's X or the note of a probation still open."""
    require_leader(actor, trainee.school)
    locked = Trainee.objects.select_for_update().select_related("teacher").get(pk=trainee.pk)
    if not locked.is_open:
        raise ValidationError({"status": "已正式聘任的见习记录不能再修改。"})
    rules = probation_rules(district=locked.school.district)
    errors = model_text_errors(Trainee, {"note": note})
    errors |= _hours_error(school_hours_target, rules)
    errors |= _mentor_errors(mentor, school=locked.school, teacher=locked.teacher, rules=rules)
    if errors:
        raise ValidationError(errors)
    locked.mentor = mentor
    locked.school_hours_target = school_hours_target
    locked.note = note
    locked.save(update_fields=["mentor", "school_hours_target", "note", "updated_at"])
    trainee_changed(locked)
    return locked


@transaction.atomic
def trainee_send_to_district(*, trainee: Trainee, actor: User) -> Trainee:
    """报送区级结业考核: the hours met and the school's two assessments passed."""
    require_leader(actor, trainee.school)
    locked = Trainee.objects.select_for_update().select_related("teacher").get(pk=trainee.pk)
    if locked.status != TraineeStatus.IN_PROBATION:
        raise ValidationError({"status": f"当前状态为“{locked.get_status_display()}”，不能报送。"})
    rules = probation_rules(district=locked.school.district)
    (progress,) = progress_of([locked], rules)
    labels = [b.shortfall() for b in progress.buckets if not b.met]
    labels += [
        f"{AssessmentLevel(level).label}尚未合格"
        for level in SCHOOL_LEVELS
        if progress.assessments.get(level) != AssessmentStatus.PASSED
    ]
    if labels:
        raise ValidationError({"status": "尚不能报送区级结业考核：" + "；".join(labels) + "。"})
    locked.status = TraineeStatus.AWAITING
    locked.save(update_fields=["status", "updated_at"])
    return locked


@transaction.atomic
def trainee_retry(*, trainee: Trainee, actor: User) -> Trainee:
    """A deferred trainee (暂缓聘任) starts a new attempt: the assessments are taken again;
    the earlier attempt's stay in the history."""
    require_leader(actor, trainee.school)
    locked = Trainee.objects.select_for_update().get(pk=trainee.pk)
    if locked.status != TraineeStatus.DEFERRED:
        raise ValidationError({"status": "只有暂缓聘任的见习班主任可以重新考核。"})
    locked.status = TraineeStatus.IN_PROBATION
    locked.attempt += 1
    locked.save(update_fields=["status", "attempt", "updated_at"])
    trainee_changed(locked)
    return locked


def mentor_log_add(
    *, trainee: Trainee, actor: User, date: dt.date, topic: str, notes: str = ""
) -> MentorLog:
    """A guidance session of the trainee's mentor (logged by the school's leader or the
    mentor themselves)."""
    mentor = trainee.mentor
    if mentor is None:
        raise ValidationError({"trainee": "请先为该见习班主任指定指导教师。"})
    if trainee.school_id not in school_ids_led_by(actor) and mentor.user_id != actor.pk:
        raise PermissionDenied("only the leader or the mentor logs guidance")
    errors = model_text_errors(MentorLog, {"topic": topic, "notes": notes})
    if not topic.strip():
        errors["topic"] = "请填写指导内容。"
    message = record_date_error(
        date, label="指导日期", not_before=trainee.started_on, not_before_label="见习开始日期"
    )
    if message:
        errors["date"] = message
    if errors:
        raise ValidationError(errors)
    return MentorLog.objects.create(
        school_id=trainee.school_id, district_id=trainee.district_id, trainee=trainee,
        mentor=mentor, date=date, topic=topic.strip(), notes=notes, created_by=actor,
    )  # fmt: skip
