"""Writes of the needs surveys (PT24-NEEDS): publishing a survey (a district's by its
admin, a school's by its leader), opening or closing it, and a teacher's answer (once,
changeable until the survey closes). Questions are fixed once published, so the answers
stay comparable."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from apps.people.models import Teacher
from apps.tenancy.models import District, School
from apps.training.models import Survey, SurveyResponse

from .common import _require_district_admin, _require_school_leader

MAX_QUESTIONS = 30
MAX_CHOICES = 12
MAX_QUESTION_CHARS = 200
MAX_CHOICE_CHARS = 100


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
