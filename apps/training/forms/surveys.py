"""Forms of the needs surveys (PT24-NEEDS): a survey with its question lines, and a
teacher's answer (one field per question)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms import formset_factory

from apps.core.forms import StyledFormMixin
from apps.training.services.surveys import answer_field, parse_question_line, question_problems


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


def question_formset(data: Any = None) -> forms.BaseFormSet[QuestionForm]:
    initial: list[dict[str, Any]] | None = None if data is not None else [{}] * QUESTION_ROWS
    return QuestionFormSet(data, initial=initial, prefix="questions")


def questions_from(formset: forms.BaseFormSet[QuestionForm]) -> list[dict[str, Any]]:
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
