"""Transfers, leaving and returning (issue 10 §4, ADR 0012): writes of a person's stints.

A teacher's record at a school is one stint (`Teacher`); the stints of one person share a
`person_key` and the login. A transfer or a return, in one transaction:

1. checks who acts: the district admin of the receiving school's district (from any
   school on the platform), or the receiving school's leader accepting a teacher from a
   school of the same district; nobody moves their own record;
2. finds the stint it moves by what the receiver knows — the source school's code (and
   district's, across districts), the teacher's 工号 and name there, exactly — and
   nothing else of the source school: the receiver cannot browse its roster;
3. closes the source stint (`transferred`, its end date the transfer's) unless it had
   already ended by leaving (`left`: a return), and ends the login's teacher role there;
4. opens the stint at the receiving school with the person's profile, the same person
   key and login, and gives the login its teacher role there — or, for a teacher who
   left a school and comes back to it, reopens their stint there.

Steps 2 and 3 read and write a row of another school, which the request's row-level
security scope does not reach: they run in the system scope, after step 1, on the one
row the receiver named. The source school's records stay its own; the receiving school
reads the earlier stints' rows (row-level security's read-only earlier-stint policy) for
the person's totals and the archive's "earned at" lists, and changes none of them.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction

from apps.core.dbscope import system_scope
from apps.core.plausible import record_date_error
from apps.tenancy.access import holds_district_role, school_ids_led_by
from apps.tenancy.models import Membership, Role, School

from .models import StintStatus, Teacher
from .services import _records_changed

if TYPE_CHECKING:
    from apps.accounts.models import User

# What a new stint takes over from the person's previous one (their profile, not the
# school's duties: a moral-education cadre post is the school's to give).
PERSON_FIELDS = (
    "name",
    "gender",
    "birth_date",
    "teaching_since",
    "homeroom_since",
    "professional_title",
    "highest_education",
    "psych_certificate",
)


def _check_receiver(actor: User, *, to_school: School, from_district_id: int) -> None:
    """Step 1 (the district admin, or the receiving leader within the district)."""
    if holds_district_role(actor, to_school.district_id, {Role.DISTRICT_ADMIN}):
        return
    if to_school.pk in school_ids_led_by(actor):
        if from_district_id == to_school.district_id:
            return
        raise ValidationError({"from_district_code": "跨区调入须由调入学校所在区的区管理员办理。"})
    raise ValidationError({"to_school": "只有调入学校的德育负责人或本区区管理员可以办理调入。"})


def _source_school(to_school: School, *, district_code: str, school_code: str) -> School:
    """The school the teacher comes from: by code in the receiving district, or in the
    district named by its code."""
    district_code, school_code = district_code.strip(), school_code.strip()
    schools = School.objects.select_related("district")
    if district_code:
        schools = schools.filter(district__code=district_code)
    else:
        schools = schools.filter(district_id=to_school.district_id)
    source = schools.filter(code=school_code).first() if school_code else None
    if source is None:
        where = f"区代码 {district_code} 下" if district_code else "本区"
        raise ValidationError(
            {"from_school_code": f"{where}找不到学校代码为“{school_code}”的学校，请核对。"}
        )
    return source


def _source_stint(source: School, *, employee_no: str, name: str) -> Teacher:
    """Step 2: the person's latest stint at the source school, named exactly (locked)."""
    stint = (
        Teacher.objects.select_for_update()
        .filter(school=source, employee_no=employee_no.strip(), name=name.strip())
        .order_by("-id")
        .first()
    )
    if stint is None:
        raise ValidationError(
            {
                "employee_no": f"{source.name}没有工号为“{employee_no}”、"
                f"姓名为“{name}”的教师，请核对。"
            }
        )
    if stint.status == StintStatus.TRANSFERRED:
        raise ValidationError(
            {
                "employee_no": f"{stint.name}已于 {stint.ended_on:%Y-%m-%d} 调离{source.name}，"
                "请按其现在所在学校办理调入。"
            }
        )
    return stint


def _check_day(stint: Teacher, on: dt.date) -> None:
    since = stint.ended_on or stint.started_on
    message = record_date_error(
        on,
        label="调动日期",
        not_before=since,
        not_before_label="其离开原校的日期" if stint.ended_on else "其在原校的到岗日期",
    )
    if message:
        raise ValidationError({"on": message})


def _set_teacher_role(user_id: int | None, school: School, *, active: bool) -> None:
    """The login's teacher role at `school` ended or (re)granted."""
    if user_id is None:
        return
    if not active:
        Membership.objects.filter(
            user_id=user_id, school=school, role=Role.TEACHER, is_active=True
        ).update(is_active=False)
        return
    Membership.objects.update_or_create(
        user_id=user_id,
        district_id=school.district_id,
        school=school,
        role=Role.TEACHER,
        defaults={"is_active": True},
    )


def _close(stint: Teacher, *, on: dt.date, status: str) -> None:
    stint.status = status
    stint.ended_on = on
    stint.is_active = False
    stint.save(update_fields=["status", "ended_on", "is_active", "updated_at"])
    _set_teacher_role(stint.user_id, stint.school, active=False)


@transaction.atomic
def teacher_transfer(
    *,
    actor: User,
    to_school: School,
    from_school_code: str,
    employee_no: str,
    name: str,
    on: dt.date,
    from_district_code: str = "",
    new_employee_no: str = "",
) -> Teacher:
    """Move (or bring back) a teacher to `to_school` from the school named by its code
    (steps 1–4); returns the new stint. Raises ValidationError keyed by the form's
    fields."""
    with system_scope():
        source = _source_school(
            to_school, district_code=from_district_code, school_code=from_school_code
        )
        _check_receiver(actor, to_school=to_school, from_district_id=source.district_id)
        stint = _source_stint(source, employee_no=employee_no, name=name)
        if stint.user_id is not None and stint.user_id == actor.pk:
            raise ValidationError({"employee_no": "不能为本人办理调动，请由其他负责人办理。"})
        _check_day(stint, on)
        if source.pk == to_school.pk:
            return _come_back(stint)
        number = (new_employee_no or stint.employee_no).strip()
        if Teacher.objects.filter(school=to_school, employee_no=number).exists():
            raise ValidationError(
                {
                    "new_employee_no": f"工号 {number} 已被{to_school.name}其他教师使用，"
                    "请另填本校工号。"
                }
            )
        if stint.status == StintStatus.ACTIVE:
            _close(stint, on=on, status=StintStatus.TRANSFERRED)
    arrived = Teacher(
        school=to_school,
        district_id=to_school.district_id,
        employee_no=number,
        person_key=stint.person_key,
        user_id=stint.user_id,
        started_on=on,
        **{key: getattr(stint, key) for key in PERSON_FIELDS},
    )
    arrived.save()
    _set_teacher_role(stint.user_id, to_school, active=True)
    _records_changed(source)
    _records_changed(to_school)
    return arrived


def _come_back(stint: Teacher) -> Teacher:
    """A return to the school the teacher left: their stint there goes on (its history
    keeps the time away); a transfer between two schools never reopens a stint."""
    if stint.status != StintStatus.LEFT:
        raise ValidationError({"from_school_code": "调出学校与调入学校相同，无需调动。"})
    stint.status = StintStatus.ACTIVE
    stint.ended_on = None
    stint.is_active = True
    stint.save(update_fields=["status", "ended_on", "is_active", "updated_at"])
    _set_teacher_role(stint.user_id, stint.school, active=True)
    _records_changed(stint.school)
    return stint


@transaction.atomic
def teacher_leave(*, actor: User, teacher: Teacher, on: dt.date) -> Teacher:
    """The teacher leaves the platform's schools (retires, moves away): their stint ends
    (`left`), their login keeps its identity but loses its teacher role here. A school
    that later takes them back finds them by this school's code, 工号 and name."""
    allowed = teacher.school_id in school_ids_led_by(actor) or holds_district_role(
        actor, teacher.district_id, {Role.DISTRICT_ADMIN}
    )
    if not allowed:
        raise ValidationError({"teacher": "只有本校德育负责人或本区区管理员可以办理离校。"})
    if teacher.user_id is not None and teacher.user_id == actor.pk:
        raise ValidationError({"teacher": "不能为本人办理离校，请由其他负责人办理。"})
    locked = Teacher.objects.select_for_update().get(pk=teacher.pk)
    if locked.status != StintStatus.ACTIVE:
        raise ValidationError(
            {"teacher": f"{locked.name}已于 {locked.ended_on:%Y-%m-%d} 离开本校，无需再办理。"}
        )
    message = record_date_error(
        on, label="离校日期", not_before=locked.started_on, not_before_label="其到岗日期"
    )
    if message:
        raise ValidationError({"on": message})
    _close(locked, on=on, status=StintStatus.LEFT)
    _records_changed(locked.school)
    return locked
