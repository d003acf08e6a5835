"""Writes of credits: the training officer's end-of-semester assignment (PT24-CREDIT) and
the recognition of a backbone-training credit offset (XB23-CREDIT)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum

from apps.compliance.services import schedule_school_recompute
from apps.people.models import Teacher
from apps.tenancy.access import school_ids_led_by
from apps.tenancy.models import School
from apps.training.models import CreditAssignment, CreditClass, CreditOffset, LedgerEntry
from apps.training.selectors.common import district_parameters
from apps.training.selectors.credits import credits_for


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


@transaction.atomic
def credits_assign_semester(
    *, school: School, school_year: int, semester: int, actor: Any, params: dict[str, Any]
) -> list[CreditAssignment]:
    """PT24-CREDIT: the training officer's end-of-semester credits for every active
    teacher of the school, from the ledger (one aggregate query), replacing earlier ones."""
    if school.pk not in school_ids_led_by(actor):
        raise PermissionDenied("only the school's leader assigns its credits")
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


def _check_offset(teacher: Teacher, school_year: int) -> None:
    """The ledger shows district backbone centralised training this year, and no offset
    was recognised yet."""
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


@transaction.atomic
def credit_offset_recognise(
    *, teacher: Teacher, school_year: int, actor: Any, note: str = ""
) -> CreditOffset:
    """XB23-CREDIT: recognise (认定) that the teacher completed the district backbone
    centralised training this school year, offsetting the pack's credits. Needs the
    district's packs to define the offset and the ledger to show that training."""
    if teacher.school_id not in school_ids_led_by(actor):
        raise PermissionDenied("only the school's leader recognises its teachers' credits")
    offset = district_parameters(district=teacher.district).get("training_credit_offset")
    if offset is None:
        raise ValidationError({"teacher": "本区采用的政策包没有骨干集中培训冲抵学分的规定。"})
    _check_offset(teacher, school_year)
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
