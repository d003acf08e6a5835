"""Writes of people data. Services take their scope as keyword arguments, check the
same-school invariants themselves (a view or API cannot forget them), and raise Django's
`ValidationError` keyed by field with a message in Chinese that names the fix."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from apps.compliance.services import schedule_school_recompute
from apps.core.jobs import (
    ImportDone,
    RowsRejected,
    import_create,
    import_limits,
    import_run,
    import_runner,
)
from apps.core.schoolyear import current_school_year
from apps.core.xlsx import WorkbookLimits
from apps.tenancy.models import School, refuse_if_closed

from .guards import AssignmentRequest, assignment_refusals
from .models import (
    TEACHER_FIELDS,
    AssignmentRole,
    HomeroomAssignment,
    RosterImport,
    SchoolClass,
    Teacher,
)
from .roster_import import SHEETS, parse_roster, save_roster
from .validation import class_field_errors, grade_error, teacher_field_errors

if TYPE_CHECKING:
    from apps.accounts.models import User


def _records_changed(school: School, *years: int) -> None:
    """People records feed compliance (XH26-A1-4 …): recompute the school, debounced."""
    for year in sorted(set(years) or {current_school_year()}):
        schedule_school_recompute(school=school, school_year=year)


CLASS_FIELDS = ("school_year", "grade", "name", "student_count")


def _clean_teacher(school: School, fields: dict[str, Any], *, exclude_pk: int | None) -> None:
    errors = teacher_field_errors(fields)
    employee_no = fields.get("employee_no")
    if employee_no:
        clash = Teacher.objects.for_school(school).filter(employee_no=employee_no)
        if exclude_pk is not None:
            clash = clash.exclude(pk=exclude_pk)
        if clash.exists():
            errors["employee_no"] = f"工号 {employee_no} 已被本校其他教师使用，请核对。"
    if errors:
        raise ValidationError(errors)


def teacher_create(*, school: School, **fields: Any) -> Teacher:
    refuse_if_closed(school)
    values = {key: fields[key] for key in TEACHER_FIELDS if key in fields}
    _clean_teacher(school, values, exclude_pk=None)
    teacher = Teacher(school=school, district_id=school.district_id, **values)
    teacher.save()
    _records_changed(school)
    return teacher


def teacher_update(*, teacher: Teacher, **fields: Any) -> Teacher:
    values = {key: fields[key] for key in TEACHER_FIELDS if key in fields}
    merged = {key: getattr(teacher, key) for key in TEACHER_FIELDS} | values
    if teacher.ended_on is not None and values.get("is_active"):
        raise ValidationError(
            {
                "is_active": f"{teacher.name}已于 {teacher.ended_on:%Y-%m-%d} 离开本校；"
                "如其回到本校，请办理调入。"
            }
        )
    _clean_teacher(teacher.school, merged, exclude_pk=teacher.pk)
    for key, value in values.items():
        setattr(teacher, key, value)
    teacher.save(update_fields=[*values.keys(), "updated_at"])
    _records_changed(teacher.school)
    return teacher


def _clean_class(
    school: School, fields: dict[str, Any], *, exclude_pk: int | None, year_changed: bool = True
) -> None:
    errors = class_field_errors(fields, year_changed=year_changed)
    grade = fields.get("grade")
    if grade is not None and (message := grade_error(school, int(grade))):
        errors["grade"] = message
    clash = SchoolClass.objects.for_school(school).filter(
        school_year=fields["school_year"], grade=fields["grade"], name=fields["name"]
    )
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    if not errors and clash.exists():
        errors["name"] = "本学年该年级已有同名班级。"
    if errors:
        raise ValidationError(errors)


def class_create(*, school: School, **fields: Any) -> SchoolClass:
    refuse_if_closed(school)
    values = {key: fields[key] for key in CLASS_FIELDS if key in fields}
    _clean_class(school, values, exclude_pk=None)
    school_class = SchoolClass(school=school, district_id=school.district_id, **values)
    school_class.save()
    _records_changed(school, school_class.school_year)
    return school_class


@transaction.atomic
def class_update(*, school_class: SchoolClass, **fields: Any) -> SchoolClass:
    values = {key: fields[key] for key in CLASS_FIELDS if key in fields}
    old_year = school_class.school_year
    merged = {key: getattr(school_class, key) for key in CLASS_FIELDS} | values
    _clean_class(
        school_class.school,
        merged,
        exclude_pk=school_class.pk,
        year_changed=merged["school_year"] != old_year,
    )
    for key, value in values.items():
        setattr(school_class, key, value)
    school_class.save(update_fields=[*values.keys(), "updated_at"])
    if "school_year" in values:  # assignments follow their class
        HomeroomAssignment.objects.filter(school_class=school_class).update(
            school_year=school_class.school_year
        )
    _records_changed(school_class.school, old_year, school_class.school_year)
    return school_class


def class_delete(*, school_class: SchoolClass) -> None:
    school_class.delete()
    _records_changed(school_class.school, school_class.school_year)


def _clean_assignment(
    *,
    school: School,
    teacher: Teacher,
    school_class: SchoolClass,
    role: str,
    exclude_pk: int | None,
) -> None:
    errors: dict[str, str] = {}
    if teacher.school_id != school.pk:
        errors["teacher"] = "该教师不属于本校，不能任职。"
    if school_class.school_id != school.pk:
        errors["school_class"] = "该班级不属于本校。"
    if role not in AssignmentRole.values:
        errors["role"] = "请选择班主任、副班主任（培养型）或副班主任（专家型）。"
    if errors:
        raise ValidationError(errors)
    others = HomeroomAssignment.objects.filter(school_class=school_class)
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    if role == AssignmentRole.HOMEROOM:
        current = others.filter(role=AssignmentRole.HOMEROOM).select_related("teacher").first()
        if current:
            errors["school_class"] = (
                f"{school_class}已有班主任{current.teacher.name}；请先修改或删除原任职。"
            )
    if others.filter(teacher=teacher).exists():
        errors["teacher"] = (
            f"{teacher.name}已在{school_class}任职，一个班级中每位教师只能担任一个角色。"
        )
    if errors:
        raise ValidationError(errors)
    _guarded(school, AssignmentRequest(teacher=teacher, school_class=school_class, role=role))


def _guarded(school: School, request: AssignmentRequest) -> None:
    """The apps' assignment guards (people.guards): a trainee not yet appointed, a teacher
    short of the post's conditions … refused with their message, nothing saved."""
    refused = assignment_refusals(school, [request])
    if refused:
        raise ValidationError({"teacher": refused[0]})


def assignment_create(
    *, school: School, teacher: Teacher, school_class: SchoolClass, role: str
) -> HomeroomAssignment:
    _clean_assignment(
        school=school, teacher=teacher, school_class=school_class, role=role, exclude_pk=None
    )
    assignment = HomeroomAssignment(
        school=school,
        district_id=school.district_id,
        teacher=teacher,
        school_class=school_class,
        school_year=school_class.school_year,
        role=role,
    )
    try:
        with transaction.atomic():
            assignment.save()
    except IntegrityError as exc:  # a concurrent request took the slot first
        raise ValidationError({"school_class": "该班级的任职刚被他人修改，请刷新后重试。"}) from exc
    _records_changed(school, assignment.school_year)
    return assignment


def assignment_update(
    *, assignment: HomeroomAssignment, teacher: Teacher, school_class: SchoolClass, role: str
) -> HomeroomAssignment:
    _clean_assignment(
        school=assignment.school,
        teacher=teacher,
        school_class=school_class,
        role=role,
        exclude_pk=assignment.pk,
    )
    old_year = assignment.school_year
    assignment.teacher = teacher
    assignment.school_class = school_class
    assignment.school_year = school_class.school_year
    assignment.role = role
    try:
        with transaction.atomic():
            assignment.save(
                update_fields=["teacher", "school_class", "school_year", "role", "updated_at"]
            )
    except IntegrityError as exc:
        raise ValidationError({"school_class": "该班级的任职刚被他人修改，请刷新后重试。"}) from exc
    _records_changed(assignment.school, old_year, assignment.school_year)
    return assignment


def assignment_delete(*, assignment: HomeroomAssignment) -> None:
    assignment.delete()
    _records_changed(assignment.school, assignment.school_year)


# --------------------------------------------------------------------------- roster import


IMPORT_SUCCESS = (
    "导入成功：新增教师 {teachers_created} 人、更新 {teachers_updated} 人；"
    "新增班级 {classes_created} 个、更新 {classes_updated} 个；任职 {assignments_set} 条。"
)


def roster_limits() -> WorkbookLimits:
    """`ROSTER_IMPORT_MAX_ROWS` data rows per sheet, for the upload check and the job."""
    return import_limits(
        max_rows=settings.ROSTER_IMPORT_MAX_ROWS,
        columns=sum(len(columns) for columns in SHEETS.values()),
    )


def roster_import_start(
    *, school: School, actor: User, file_name: str, data: bytes
) -> RosterImport:
    """Check the upload cheaply (type, size, zip bomb, dimensions), store it as a job and
    enqueue the job once the transaction commits. Raises ValidationError({'file': …})."""
    refuse_if_closed(school)
    return import_create(
        RosterImport,
        file_name=file_name,
        data=data,
        limits=roster_limits(),
        school=school,
        district_id=school.district_id,
        created_by=actor,
    )


@import_runner(RosterImport, select_related=("school",))
def roster_import_execute(job: RosterImport) -> ImportDone:
    """The job's work (`apps.core.jobs` claims it and records the outcome): parse every
    row, then save all or nothing and recompute the school."""
    parsed = parse_roster(
        bytes(job.file_data),
        school=job.school,
        limits=roster_limits(),
        progress=job.report_progress,
    )
    if parsed.errors:
        raise RowsRejected(parsed.errors)
    summary = save_roster(parsed, school=job.school)
    _records_changed(
        job.school, current_school_year(), *(r["school_year"] for _row, r in parsed.classes)
    )
    return ImportDone(summary, IMPORT_SUCCESS.format(**summary))


def roster_import_run(*, job_id: int) -> None:
    """Run one roster import job (what the kit's task does with it)."""
    import_run(model_label=RosterImport._meta.label_lower, job_id=job_id)
