"""Writes of credits: the training officer's end-of-semester assignment (PT24-CREDIT) and
the recognition of a backbone-training credit offset (XB23-CREDIT)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum

from apps.compliance.services import schedule_school_recompute
from apps.core.schoolyear import semester as semester_period
from apps.core.schoolyear import today
from apps.people.models import Teacher
from apps.tenancy.access import school_ids_led_by
from apps.tenancy.models import School
from apps.training.models import CreditAssignment, CreditClass, CreditOffset, LedgerEntry
from apps.training.selectors.common import district_parameters
from apps.training.selectors.credits import credit_assignment_opens, credits_for
from apps.training.selectors.offsets import (
    OFFSET_RULE,
    OffsetRule,
    backbone_completion,
    cohort_offsets,
    completion_text,
    offset_rule,
)


def _semester_hours(school: School, school_year: int, semester: int) -> dict[int, dict[str, Any]]:
    """{teacher id: {credit class: hours}} of the school's semester, in one aggregate."""
    sums: dict[int, dict[str, Any]] = {}
    for row in (
        LedgerEntry.objects.filter(school=school, school_year=school_year, semester=semester)
        .values("teacher_id", "credit_class")
        .annotate(total=Sum("hours"))
    ):
        sums.setdefault(row["teacher_id"], {})[row["credit_class"]] = row["total"]
    return sums


def _check_assignment_window(school: School, school_year: int, term: int) -> None:
    """PT24-CREDIT "每学期末赋分": not for a semester that has not begun, nor before the
    pack's window at the semester's end opens."""
    if term not in (1, 2):
        raise ValidationError({"semester": "学期只能是第一学期（1）或第二学期（2）。"})
    period = semester_period(school_year, term)
    now = today()
    if now < period.start:
        raise ValidationError(
            {
                "semester": f"{period.label}尚未开始（{period.start:%Y-%m-%d} 起），"
                "不能为未来的学期赋分；请选择已进入学期末的学期。"
            }
        )
    opens = credit_assignment_opens(district=school.district, school_year=school_year, term=term)
    if now < opens:
        raise ValidationError(
            {
                "semester": f"{period.label}自 {opens:%Y-%m-%d} 起方可赋分（每学期末由师训专管员"
                f"赋分，PT24-CREDIT）；学期结束日为 {period.end:%Y-%m-%d}，请届时再赋分。"
            }
        )


@transaction.atomic
def credits_assign_semester(
    *, school: School, school_year: int, semester: int, actor: Any, params: dict[str, Any]
) -> list[CreditAssignment]:
    """PT24-CREDIT: the training officer's end-of-semester credits for every active
    teacher of the school, from the ledger (one aggregate query), replacing earlier ones —
    from the pack's window at the semester's end on, never for a semester not yet begun."""
    if school.pk not in school_ids_led_by(actor):
        raise PermissionDenied("only the school's leader assigns its credits")
    _check_assignment_window(school, school_year, semester)
    sums = _semester_hours(school, school_year, semester)
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


def _check_offset(teacher: Teacher, school_year: int, rule: OffsetRule) -> None:
    """XB23-CREDIT: for a school year of the cohort; the teacher completed the district
    backbone centralised training (after it ended, attending the pack's share of its
    sessions); no offset recognised for them in the cohort yet."""
    years = rule.school_years
    if school_year not in years:
        raise ValidationError(
            {
                "school_year": f"本届骨干培养期为 {years[0]}—{years[-1]} 学年，冲抵学分须计入"
                f"培养期内的学年，不能计入 {school_year} 学年。"
            }
        )
    now = today()
    completion = backbone_completion(
        rule=rule, district_ids=[teacher.district_id], teacher_ids=[teacher.pk], as_of=now
    ).get(teacher.pk)
    if completion is None:
        raise ValidationError(
            {
                "teacher": f"{teacher.name}在本届培养期内没有区级骨干集中培训的学时记录，"
                "不能认定冲抵。"
            }
        )
    if now <= rule.training_ends:
        raise ValidationError(
            {
                "teacher": f"区级骨干集中培训至 {rule.training_ends:%Y-%m-%d} 结束，"
                "完成后方可认定冲抵学分。"
            }
        )
    if not completion.completed:
        raise ValidationError(
            {
                "teacher": f"{teacher.name}{completion_text(completion, rule)}，未完成区级骨干"
                f"集中培训（须参加 {rule.attendance_share * 100:.0f}% 的场次），不能认定冲抵。"
            }
        )
    earlier = cohort_offsets(rule=rule, teacher_ids=[teacher.pk]).get(teacher.pk)
    if earlier is not None:
        raise ValidationError(
            {
                "teacher": f"{teacher.name}已认定过冲抵学分（{earlier.school_year}学年，"
                f"{earlier.credits} 学分），本届培养期内只认定一次。"
            }
        )


@transaction.atomic
def credit_offset_recognise(
    *, teacher: Teacher, school_year: int, actor: Any, note: str = ""
) -> CreditOffset:
    """XB23-CREDIT: recognise (认定) that the teacher completed the district backbone
    centralised training, offsetting the pack's credits of its category once in the
    cohort, counted in `school_year`. Needs the district's packs to define the offset."""
    if teacher.school_id not in school_ids_led_by(actor):
        raise PermissionDenied("only the school's leader recognises its teachers' credits")
    rule = offset_rule(district_parameters(district=teacher.district))
    if rule is None:
        raise ValidationError({"teacher": "本区采用的政策包没有骨干集中培训冲抵学分的规定。"})
    _check_offset(teacher, school_year, rule)
    record = CreditOffset.objects.create(
        teacher=teacher,
        school_id=teacher.school_id,
        district_id=teacher.district_id,
        school_year=school_year,
        credits=rule.credits,
        category=rule.category,
        rule_id=OFFSET_RULE,
        note=note.strip(),
        recognised_by=actor,
    )
    schedule_school_recompute(school=teacher.school, school_year=school_year)
    return record
