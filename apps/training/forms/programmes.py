"""Portal forms for programmes, surveys and evaluations. They shape and check input row by
row (so a person sees the error next to the line to fix); the services decide and their
field-keyed errors are put back on these forms by the views."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.conf import settings
from django.forms import formset_factory

from apps.core.files import ACCEPTED_LABEL
from apps.core.forms import StyledFormMixin
from apps.core.schoolyear import current_school_year, school_year_label, semester_of, today
from apps.people.models import Teacher
from apps.tenancy.models import School

from . import programme_selectors as selectors
from .models import OUTCOME_KINDS, PROCESS_KINDS
from .programme_services import PROGRAMMES, answer_field, parse_question_line, question_problems

HOURS_ERRORS = {
    "invalid": "请输入数字学时，如 24 或 1.5。",
    "max_digits": "学时数字过大。",
    "max_decimal_places": "学时最多保留一位小数。",
    "max_whole_digits": "学时数字过大。",
    "min_value": "学时应大于 0。",
}
SEMESTER_CHOICES = [(1, "第一学期"), (2, "第二学期")]


def school_year_choices() -> list[tuple[int, str]]:
    """The next school year, this one and the three before it, newest first."""
    current = current_school_year()
    return [(year, school_year_label(year)) for year in range(current + 1, current - 4, -1)]


# --------------------------------------------------------------------------- cohorts


class CohortForm(StyledFormMixin, forms.Form):
    programme = forms.ChoiceField(
        label="培养工程",
        choices=[(p.value, p.label) for p in PROGRAMMES],
        error_messages={
            "required": "请选择培养工程。",
            "invalid_choice": "请选择启航、续航或领航。",
        },
    )
    school_year = forms.TypedChoiceField(
        label="学年",
        coerce=int,
        choices=school_year_choices,
        error_messages={"required": "请选择学年。", "invalid_choice": "请选择列表中的学年。"},
    )
    name = forms.CharField(
        label="班次名称",
        max_length=100,
        error_messages={"required": "请填写班次名称。", "max_length": "班次名称最多 100 字。"},
    )
    required_hours = forms.DecimalField(
        label="结业所需学时",
        max_digits=5,
        decimal_places=1,
        min_value=Decimal("0.1"),
        help_text="学员在本学年参加本工程研修活动的台账学时达到此数，即提示可结业。",
        error_messages={"required": "请填写结业所需学时。", **HOURS_ERRORS},
    )

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:  # members were chosen for this programme and year
            for name in ("programme", "school_year"):
                self.fields[name].disabled = True
                self.fields[name].help_text = "创建后不可更改。"
        else:
            self.initial.setdefault("school_year", current_school_year())


class CourseForm(StyledFormMixin, forms.Form):
    """One row of the course list; an empty row is ignored."""

    title = forms.CharField(
        label="课程名称",
        required=False,
        max_length=200,
        error_messages={"max_length": "课程名称最多 200 字。"},
    )
    hours = forms.DecimalField(
        label="学时",
        required=False,
        max_digits=5,
        decimal_places=1,
        min_value=Decimal("0.1"),
        error_messages=HOURS_ERRORS,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["hours"].widget.attrs.update(
            {"step": "0.5", "min": "0", "inputmode": "decimal"}
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        title, hours = (data.get("title") or "").strip(), data.get("hours")
        if title and hours is None and "hours" not in self.errors:
            self.add_error("hours", "请填写这门课程的学时。")
        if hours is not None and not title:
            self.add_error("title", "请填写课程名称（不需要这一行时请把学时也清空）。")
        return data

    @property
    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not (data.get("title") or "").strip() and data.get("hours") is None


CourseFormSet = formset_factory(CourseForm, extra=0)
COURSE_ROWS = 6


def course_formset(
    data: Any = None, *, courses: list[dict[str, Any]] | None = None
) -> forms.BaseFormSet:
    """The course rows: the cohort's courses (when editing) and a few blank rows."""
    initial = list(courses or [])
    initial += [{}] * max(COURSE_ROWS - len(initial), 2)
    return CourseFormSet(data, initial=None if data is not None else initial, prefix="courses")


def courses_from(formset: forms.BaseFormSet) -> list[dict[str, Any]]:
    return [
        {"title": form.cleaned_data["title"].strip(), "hours": form.cleaned_data["hours"]}
        for form in formset.forms
        if not form.is_blank
    ]


class EnrolSearchForm(forms.Form):
    q = forms.CharField(required=False)
    school = forms.CharField(required=False)


# --------------------------------------------------------------------------- surveys


class SurveyForm(StyledFormMixin, forms.Form):
    title = forms.CharField(
        label="问卷标题",
        max_length=200,
        error_messages={"required": "请填写问卷标题。", "max_length": "问卷标题最多 200 字。"},
    )
    is_open = forms.BooleanField(label="发布后立即开放作答", required=False, initial=True)


class QuestionForm(StyledFormMixin, forms.Form):
    """One question as a line "问题|选项1|选项2|…", and whether several may be ticked."""

    line = forms.CharField(
        label="题目与选项",
        required=False,
        max_length=1500,
        error_messages={"max_length": "这一行太长了（最多 1500 字）。"},
    )
    multiple = forms.BooleanField(label="多选", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["line"].widget.attrs["placeholder"] = (
            "如：最需要的研修内容|班集体管理|家校沟通|学生心理"
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        line = (data.get("line") or "").strip()
        if line:
            text, choices = parse_question_line(line)
            problems = question_problems("本题", text, choices)
            if problems:
                self.add_error("line", "；".join(problems) + "。")
            data["question"] = {"text": text, "choices": choices, "multiple": data.get("multiple")}
        return data


QuestionFormSet = formset_factory(QuestionForm, extra=0)
QUESTION_ROWS = 5


def question_formset(data: Any = None) -> forms.BaseFormSet:
    initial: list[dict[str, Any]] | None = None if data is not None else [{}] * QUESTION_ROWS
    return QuestionFormSet(data, initial=initial, prefix="questions")


def questions_from(formset: forms.BaseFormSet) -> list[dict[str, Any]]:
    return [
        form.cleaned_data["question"] for form in formset.forms if "question" in form.cleaned_data
    ]


class SurveyAnswerForm(forms.Form):
    """One field per question: radio buttons, or checkboxes for a multiple-choice one."""

    def __init__(self, *args: Any, questions: list[dict[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for index, question in enumerate(questions):
            choices = [(str(i), label) for i, label in enumerate(question["choices"])]
            label = f"{index + 1}. {question['text']}"
            if question.get("multiple"):
                self.fields[answer_field(index)] = forms.MultipleChoiceField(
                    label=label,
                    choices=choices,
                    widget=forms.CheckboxSelectMultiple,
                    help_text="可多选",
                    error_messages={
                        "required": "请至少选择一项。",
                        "invalid_choice": "所选选项无效，请重新选择。",
                    },
                )
            else:
                self.fields[answer_field(index)] = forms.ChoiceField(
                    label=label,
                    choices=choices,
                    widget=forms.RadioSelect,
                    error_messages={
                        "required": "请选择一项。",
                        "invalid_choice": "所选选项无效，请重新选择。",
                    },
                )

    @staticmethod
    def initial_from(questions: list[dict[str, Any]], answers: list[Any]) -> dict[str, Any]:
        initial: dict[str, Any] = {}
        for index, (question, picked) in enumerate(zip(questions, answers, strict=False)):
            values = [str(i) for i in picked]
            if question.get("multiple"):
                initial[answer_field(index)] = values
            elif values:
                initial[answer_field(index)] = values[0]
        return initial

    def answers(self) -> list[Any]:
        result: list[Any] = []
        for index, question in enumerate(self.questions):
            value = self.cleaned_data[answer_field(index)]
            result.append([int(v) for v in value] if question.get("multiple") else int(value))
        return result


# --------------------------------------------------------------------------- evaluations


class EvaluationRecordForm(StyledFormMixin, forms.Form):
    teacher = forms.ModelChoiceField(
        label="教师",
        queryset=Teacher.objects.none(),
        error_messages={"required": "请选择教师。", "invalid_choice": "所选教师不属于本校。"},
    )
    school_year = forms.TypedChoiceField(
        label="学年",
        coerce=int,
        choices=school_year_choices,
        error_messages={"required": "请选择学年。", "invalid_choice": "请选择列表中的学年。"},
    )
    semester = forms.TypedChoiceField(
        label="学期",
        coerce=int,
        choices=SEMESTER_CHOICES,
        error_messages={"required": "请选择学期。", "invalid_choice": "请选择第一学期或第二学期。"},
    )
    kind = forms.ChoiceField(
        label="评价类别",
        choices=[
            ("过程性评价", [(k.value, k.label.split("·")[-1]) for k in PROCESS_KINDS]),
            ("结果性评价", [(k.value, k.label.split("·")[-1]) for k in OUTCOME_KINDS]),
        ],
        error_messages={
            "required": "请选择评价类别。",
            "invalid_choice": "请选择列表中的评价类别。",
        },
    )
    title = forms.CharField(
        label="名称",
        max_length=200,
        help_text="如“第3次研修作业：班级公约设计”“学期研修总结报告”。",
        error_messages={"required": "请填写名称。", "max_length": "名称最多 200 字。"},
    )
    note = forms.CharField(
        label="说明",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="如出勤次数、发言要点、评价意见。",
        error_messages={"max_length": "说明最多 2000 字。"},
    )
    file = forms.FileField(
        label="附件（可选）",
        required=False,
        error_messages={"empty": "文件是空的。", "invalid": "文件上传不完整，请重新选择文件。"},
    )

    def __init__(self, *args: Any, school: School, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Choices come from the vetted school only: a foreign id is an invalid choice.
        self.fields["teacher"].queryset = selectors.school_teachers(school=school)  # type: ignore[attr-defined]
        limit = settings.EVIDENCE_MAX_BYTES / 1024 / 1024
        self.fields[
            "file"
        ].help_text = f"作业、总结、案例等，支持 {ACCEPTED_LABEL}，不超过 {limit:.0f} MB。"
        self.fields["file"].widget.attrs["accept"] = ".pdf,.doc,.docx,.xls,.xlsx,.png,.jpg,.jpeg"
        year, term = semester_of(today())
        self.initial.setdefault("school_year", year)
        self.initial.setdefault("semester", term)
