"""Writes for the tiered programmes 启航 / 续航 / 领航 (XH26-TIER), the needs surveys
(PT24-NEEDS) and the training evaluation (PT24-EVAL).

Services take their scope and the acting user as keyword arguments, check who may act
and the same-tenant invariants themselves (a view or an API cannot forget them), and
raise `ValidationError` keyed by field, in Chinese, naming the field and the fix.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from apps.compliance.services import schedule_school_recompute
from apps.people.models import Teacher
from apps.tenancy.access import holds_district_role, school_ids_led_by
from apps.tenancy.models import District, Role, School

from . import programme_selectors as selectors
from . import services
from .models import (
    Cohort,
    CohortCourse,
    CohortMember,
    EvaluationFile,
    EvaluationKind,
    EvaluationRecord,
    MemberStatus,
    Programme,
    Survey,
    SurveyResponse,
)

PROGRAMMES = (Programme.QIHANG, Programme.XUHANG, Programme.LINGHANG)
MAX_COHORT_HOURS = Decimal(999)
MAX_COURSES = 40
MAX_QUESTIONS = 30
MAX_CHOICES = 12
MAX_QUESTION_CHARS = 200
MAX_CHOICE_CHARS = 100
SEMESTERS = (1, 2)


def _require_district_admin(actor: Any, district: District) -> None:
    if not holds_district_role(actor, district.pk, {Role.DISTRICT_ADMIN}):
        raise PermissionDenied("only the district's admin runs its programmes and surveys")


def _require_school_leader(actor: Any, school: School) -> None:
    if school.pk not in school_ids_led_by(actor):
        raise PermissionDenied("only the school's leader writes its surveys and evaluations")


# --------------------------------------------------------------------------- cohorts


@dataclass(frozen=True)
class CourseInput:
    title: str
    hours: Any


def _decimal(value: Any) -> Decimal | None:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        return None


def _clean_cohort(
    *, name: str, required_hours: Any, courses: Sequence[CourseInput]
) -> tuple[Decimal, list[CourseInput]]:
    errors: dict[str, str] = {}
    if not (name or "").strip():
        errors["name"] = "请填写班次名称，如“2026学年启航班”。"
    hours = _decimal(required_hours)
    if hours is None or not Decimal(0) < hours <= MAX_COHORT_HOURS:
        errors["required_hours"] = f"结业所需学时应大于 0 且不超过 {MAX_COHORT_HOURS}。"
    cleaned: list[CourseInput] = []
    problems: list[str] = []
    for number, course in enumerate(courses, start=1):
        title = (course.title or "").strip()
        course_hours = _decimal(course.hours)
        if not title:
            problems.append(f"第 {number} 门课程缺少课程名称")
        elif len(title) > 200:
            problems.append(f"第 {number} 门课程名称超过 200 字")
        if course_hours is None or not Decimal(0) < course_hours <= MAX_COHORT_HOURS:
            problems.append(f"第 {number} 门课程的学时应大于 0")
        cleaned.append(CourseInput(title=title, hours=course_hours))
    if problems:
        errors["courses"] = "课程清单：" + "；".join(problems) + "。"
    elif not cleaned:
        errors["courses"] = "请至少填写一门课程（课程名称和学时）。"
    elif len(cleaned) > MAX_COURSES:
        errors["courses"] = f"课程清单最多 {MAX_COURSES} 门。"
    if errors:
        raise ValidationError(errors)
    assert hours is not None
    return hours, cleaned


def _save_courses(cohort: Cohort, courses: list[CourseInput]) -> None:
    CohortCourse.objects.filter(cohort=cohort).delete()
    CohortCourse.objects.bulk_create(
        CohortCourse(cohort=cohort, title=c.title, hours=c.hours, order=index)
        for index, c in enumerate(courses)
    )


@transaction.atomic
def cohort_create(
    *,
    district: District,
    actor: Any,
    programme: str,
    school_year: int,
    name: str,
    required_hours: Any,
    courses: Sequence[CourseInput],
) -> Cohort:
    """XH26-TIER: one programme's intake for a school year, with its own course list."""
    _require_district_admin(actor, district)
    errors: dict[str, str] = {}
    if programme not in PROGRAMMES:
        errors["programme"] = "请选择培养工程：启航、续航或领航。"
    hours, cleaned = Decimal(0), list[CourseInput]()
    try:
        hours, cleaned = _clean_cohort(name=name, required_hours=required_hours, courses=courses)
    except ValidationError as error:
        errors.update({k: v[0] for k, v in error.message_dict.items()})
    if not errors:
        clash = Cohort.objects.filter(
            district=district, programme=programme, school_year=school_year
        ).first()
        if clash is not None:
            errors["programme"] = (
                f"{school_year}学年已有{Programme(programme).label}班次“{clash.name}”，"
                "每项工程每学年一个班次，请在原班次中调整。"
            )
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            cohort = Cohort.objects.create(
                district=district,
                programme=programme,
                school_year=school_year,
                name=name.strip(),
                required_hours=hours,
            )
    except IntegrityError as exc:  # a concurrent request created it first
        raise ValidationError(
            {"programme": "该学年的这项工程刚被他人创建，请刷新后查看。"}
        ) from exc
    _save_courses(cohort, cleaned)
    return cohort


@transaction.atomic
def cohort_update(
    *, cohort: Cohort, actor: Any, name: str, required_hours: Any, courses: Sequence[CourseInput]
) -> Cohort:
    """Name, required hours and course list; the programme and year stay (members were
    chosen for them)."""
    _require_district_admin(actor, cohort.district)
    hours, cleaned = _clean_cohort(name=name, required_hours=required_hours, courses=courses)
    cohort.name = name.strip()
    cohort.required_hours = hours
    cohort.save(update_fields=["name", "required_hours", "updated_at"])
    _save_courses(cohort, cleaned)
    return cohort


@transaction.atomic
def cohort_enrol(*, cohort: Cohort, teachers: Iterable[Teacher], actor: Any) -> list[CohortMember]:
    """Enrol teachers of the district who are eligible (启航: within the pack's homeroom
    years). A member who withdrew is enrolled again; one already in stays as is."""
    _require_district_admin(actor, cohort.district)
    teachers = list(teachers)
    if not teachers:
        raise ValidationError({"teachers": "请至少勾选一位教师。"})
    foreign = [t.name for t in teachers if t.district_id != cohort.district_id]
    if foreign:
        raise ValidationError({"teachers": f"以下教师不属于本区：{'、'.join(foreign)}。"})
    inactive = [t.name for t in teachers if not t.is_active]
    if inactive:
        raise ValidationError({"teachers": f"以下教师已停用，不能报名：{'、'.join(inactive)}。"})
    if cohort.programme == Programme.QIHANG:
        allowed = set(
            selectors.eligible_teachers(cohort=cohort)
            .filter(pk__in=[t.pk for t in teachers])
            .values_list("pk", flat=True)
        )
        existing = set(
            CohortMember.objects.filter(cohort=cohort, teacher__in=teachers).values_list(
                "teacher_id", flat=True
            )
        )
        outside = [t.name for t in teachers if t.pk not in allowed and t.pk not in existing]
        if outside:
            eligibility = selectors.cohort_eligibility(cohort=cohort)
            raise ValidationError(
                {
                    "teachers": f"以下教师不符合启航工程对象条件（{eligibility.rule}）："
                    f"{'、'.join(outside)}。"
                }
            )
    current = {
        m.teacher_id: m
        for m in CohortMember.objects.select_for_update().filter(
            cohort=cohort, teacher__in=teachers
        )
    }
    rejoined = [m for m in current.values() if m.status == MemberStatus.WITHDRAWN]
    for member in rejoined:
        member.status = MemberStatus.ENROLLED
    now = timezone.now()
    CohortMember.objects.filter(pk__in=[m.pk for m in rejoined]).update(
        status=MemberStatus.ENROLLED, updated_at=now
    )
    created = CohortMember.objects.bulk_create(
        CohortMember(
            cohort=cohort,
            teacher=t,
            district_id=t.district_id,
            school_id=t.school_id,
            status=MemberStatus.ENROLLED,
        )
        for t in teachers
        if t.pk not in current
    )
    return [*created, *rejoined]


MEMBER_ACTIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    # action → (new status, statuses it applies to)
    "complete": (MemberStatus.COMPLETED, (MemberStatus.ENROLLED,)),
    "withdraw": (MemberStatus.WITHDRAWN, (MemberStatus.ENROLLED, MemberStatus.COMPLETED)),
    "reenrol": (MemberStatus.ENROLLED, (MemberStatus.WITHDRAWN, MemberStatus.COMPLETED)),
}


@transaction.atomic
def cohort_members_set_status(
    *, cohort: Cohort, members: Sequence[CohortMember], action: str, actor: Any
) -> int:
    """Mark members completed (结业), withdrawn (退出) or back in the cohort, in one UPDATE.
    Members whose status the action does not apply to are left as they are."""
    _require_district_admin(actor, cohort.district)
    if action not in MEMBER_ACTIONS:
        raise ValidationError({"action": "请选择操作：标记结业、退出或恢复在读。"})
    if not members:
        raise ValidationError({"members": "请至少勾选一名学员。"})
    if any(m.cohort_id != cohort.pk for m in members):
        raise ValidationError({"members": "所选学员不属于本班次。"})
    status, applies_to = MEMBER_ACTIONS[action]
    return CohortMember.objects.filter(
        cohort=cohort, pk__in=[m.pk for m in members], status__in=applies_to
    ).update(status=status, updated_at=timezone.now())


# --------------------------------------------------------------------------- surveys


def parse_question_line(line: str) -> tuple[str, list[str]]:
    """ "问题|选项1|选项2|…" → ("问题", ["选项1", "选项2", …]); full-width ｜ works too."""
    parts = [part.strip() for part in line.replace("｜", "|").split("|")]
    return parts[0], [p for p in parts[1:] if p]


def question_problems(where: str, text: str, choices: list[str]) -> list[str]:
    """What is wrong with one question (`where` names it: "第 3 题", "本题")."""
    problems = []
    if not text:
        problems.append(f"{where}缺少题目文字（格式：问题|选项1|选项2）")
    elif len(text) > MAX_QUESTION_CHARS:
        problems.append(f"{where}题目超过 {MAX_QUESTION_CHARS} 字")
    if len(choices) < 2:
        problems.append(f"{where}至少需要两个选项，选项之间用“|”分隔")
    elif len(choices) > MAX_CHOICES:
        problems.append(f"{where}选项最多 {MAX_CHOICES} 个")
    if len(set(choices)) != len(choices):
        problems.append(f"{where}有重复的选项")
    if any(len(c) > MAX_CHOICE_CHARS for c in choices):
        problems.append(f"{where}有选项超过 {MAX_CHOICE_CHARS} 字")
    return problems


def clean_questions(questions: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The stored shape: [{"text", "choices", "multiple"}], checked; errors on `questions`."""
    cleaned: list[dict[str, Any]] = []
    problems: list[str] = []
    for number, raw in enumerate(questions, start=1):
        if not isinstance(raw, dict):
            problems.append(f"第 {number} 题格式不正确")
            continue
        text = str(raw.get("text") or "").strip()
        raw_choices = raw.get("choices") or []
        if not isinstance(raw_choices, list):
            raw_choices = []
        choices = [str(c).strip() for c in raw_choices if str(c).strip()]
        problems += question_problems(f"第 {number} 题", text, choices)
        cleaned.append({"text": text, "choices": choices, "multiple": bool(raw.get("multiple"))})
    if problems:
        raise ValidationError({"questions": "题目：" + "；".join(problems) + "。"})
    if not cleaned:
        raise ValidationError({"questions": "请至少填写一道题目（格式：问题|选项1|选项2）。"})
    if len(cleaned) > MAX_QUESTIONS:
        raise ValidationError({"questions": f"一份问卷最多 {MAX_QUESTIONS} 道题。"})
    return cleaned


@transaction.atomic
def survey_create(
    *,
    district: District,
    school: School | None,
    actor: Any,
    title: str,
    questions: Sequence[dict[str, Any]],
    is_open: bool = True,
) -> Survey:
    """PT24-NEEDS: a district survey (school None, the district's admin) or a school's
    (its leader). Questions are fixed once published, so the answers stay comparable."""
    if school is not None:
        if school.district_id != district.pk:
            raise ValidationError({"school": "该学校不属于本区。"})
        _require_school_leader(actor, school)
    else:
        _require_district_admin(actor, district)
    errors: dict[str, str] = {}
    title = (title or "").strip()
    if not title:
        errors["title"] = "请填写问卷标题，如“2026学年班主任研修需求调研”。"
    elif len(title) > 200:
        errors["title"] = "问卷标题最多 200 字。"
    try:
        cleaned = clean_questions(questions)
    except ValidationError as error:
        errors.update({k: v[0] for k, v in error.message_dict.items()})
    if errors:
        raise ValidationError(errors)
    return Survey.objects.create(
        district=district,
        school=school,
        title=title,
        questions=cleaned,
        is_open=is_open,
        created_by=actor,
    )


def survey_set_open(*, survey: Survey, is_open: bool, actor: Any) -> Survey:
    """Open or close a survey for answers (its school's leader, or the district's admin)."""
    if survey.school_id is not None:
        _require_school_leader(actor, survey.school)  # type: ignore[arg-type]
    else:
        _require_district_admin(actor, survey.district)
    survey.is_open = is_open
    survey.save(update_fields=["is_open", "updated_at"])
    return survey


def answer_field(index: int) -> str:
    """The answer form's field name of question `index` (service errors are keyed by it)."""
    return f"q{index + 1}"


def _clean_answers(survey: Survey, answers: Sequence[Any]) -> list[list[int]]:
    errors: dict[str, str] = {}
    questions = survey.questions
    if len(answers) != len(questions):
        raise ValidationError({"answers": f"请回答全部 {len(questions)} 道题。"})
    cleaned: list[list[int]] = []
    for index, (question, picked) in enumerate(zip(questions, answers, strict=True)):
        where = f"第 {index + 1} 题“{question['text']}”"
        values = picked if isinstance(picked, list | tuple) else [picked]
        try:
            chosen = sorted({int(v) for v in values if v not in (None, "")})
        except (TypeError, ValueError):
            chosen = [-1]
        if any(not 0 <= i < len(question["choices"]) for i in chosen):
            errors[answer_field(index)] = f"{where}：所选选项无效，请重新选择。"
        elif not chosen:
            errors[answer_field(index)] = f"{where}：请选择至少一项。"
        elif len(chosen) > 1 and not question.get("multiple"):
            errors[answer_field(index)] = f"{where}是单选题，只能选一项。"
        cleaned.append(chosen)
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def survey_answer(
    *, survey: Survey, teacher: Teacher, actor: Any, answers: Sequence[Any]
) -> SurveyResponse:
    """A teacher answers once; until the survey closes they may change their answer.

    `answers` holds one entry per question: the index of the choice picked, or a list of
    indices for a multiple-choice question.
    """
    if teacher.user_id is None or teacher.user_id != getattr(actor, "pk", None):
        raise PermissionDenied("a teacher answers only for themself")
    in_scope = (
        teacher.school_id == survey.school_id
        if survey.school_id is not None
        else teacher.district_id == survey.district_id
    )
    if not in_scope or not teacher.is_active:
        raise PermissionDenied("the survey is not addressed to this teacher")
    locked = Survey.objects.select_for_update().get(pk=survey.pk)
    if not locked.is_open:
        raise ValidationError({"answers": "该问卷已截止，不能再提交或修改回答。"})
    cleaned = _clean_answers(locked, answers)
    response, _created = SurveyResponse.objects.update_or_create(
        survey=locked, teacher=teacher, defaults={"answers": cleaned}
    )
    return response


# --------------------------------------------------------------------------- evaluations


@transaction.atomic
def evaluation_record_create(
    *,
    school: School,
    teacher: Teacher,
    actor: Any,
    school_year: int,
    semester: int,
    kind: str,
    title: str,
    note: str = "",
    file_name: str = "",
    data: bytes | None = None,
) -> EvaluationRecord:
    """PT24-EVAL: one piece of a teacher's process or outcome evaluation in a semester,
    recorded by the school's training officer, with an optional file. It feeds the
    `training.evaluation` evaluator, so the school's compliance is recomputed."""
    _require_school_leader(actor, school)
    errors: dict[str, str] = {}
    if teacher.school_id != school.pk:
        errors["teacher"] = "该教师不属于本校。"
    if semester not in SEMESTERS:
        errors["semester"] = "请选择第一学期或第二学期。"
    if kind not in EvaluationKind.values:
        errors["kind"] = (
            "请选择评价类别（过程性：参与情况、作业提交、研讨发言；结果性：总结报告、案例分析、实践成果）。"
        )
    title = (title or "").strip()
    if not title:
        errors["title"] = "请填写名称，如“第3次研修作业：班级公约设计”。"
    elif len(title) > 200:
        errors["title"] = "名称最多 200 字。"
    file_type = services.checked_file_type(file_name, data, errors)
    if errors:
        raise ValidationError(errors)
    record = EvaluationRecord.objects.create(
        district_id=school.district_id,
        school=school,
        teacher=teacher,
        school_year=school_year,
        semester=semester,
        kind=kind,
        title=title,
        note=(note or "").strip(),
        file_name=file_name[-200:] if data else "",
        file_type=file_type,
        created_by=actor,
    )
    if data:
        EvaluationFile.objects.create(record=record, data=data)
    schedule_school_recompute(school=school, school_year=school_year)
    return record


@transaction.atomic
def evaluation_record_delete(*, record: EvaluationRecord, actor: Any) -> None:
    """Remove a record entered by mistake (the school's leader)."""
    _require_school_leader(actor, record.school)
    school, year = record.school, record.school_year
    record.delete()
    schedule_school_recompute(school=school, school_year=year)
