"""Forms of external training: a teacher logs one, the school's leader verifies or returns
it (学时审定)."""

from __future__ import annotations

from typing import Any

from django import forms

from apps.core.forms import StyledFormMixin
from apps.people.models import Teacher
from apps.training.models import CreditClass, ExternalLevel

from .common import DATE_ERRORS, DateInput, evidence_file_field, hours_field

DECISIONS = [("verify", "审定通过"), ("return", "退回")]


class ExternalReviewForm(StyledFormMixin, forms.Form):
    """学时审定: verify or return; a return needs a comment (the service says so)."""

    decision = forms.ChoiceField(
        label="审定结论",
        choices=DECISIONS,
        error_messages={
            "required": "请选择“审定通过”或“退回”。",
            "invalid_choice": "审定结论无效。",
        },
    )
    comment = forms.CharField(
        label="审定意见",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="退回时必填，请写明原因，如“学时与证明不符”。",
        error_messages={"max_length": "审定意见最多 2000 字。"},
    )


class ExternalTrainingForm(StyledFormMixin, forms.Form):
    """A teacher logs training done elsewhere; it counts once the school verifies it."""

    teacher = forms.TypedChoiceField(label="所在学校", coerce=int, required=False, empty_value=None)
    title = forms.CharField(
        label="培训名称",
        max_length=200,
        error_messages={"required": "请填写培训名称。", "max_length": "培训名称最多 200 字。"},
    )
    organiser = forms.CharField(
        label="主办单位",
        max_length=100,
        help_text="如 区教育学院、市师资培训中心。",
        error_messages={"required": "请填写主办单位。", "max_length": "主办单位最多 100 字。"},
    )
    organiser_level = forms.ChoiceField(label="主办层级", choices=ExternalLevel.choices)
    date = forms.DateField(label="培训日期", widget=DateInput(), error_messages=DATE_ERRORS)
    hours = hours_field()
    credit_class = forms.ChoiceField(
        label="学分类别",
        choices=CreditClass.choices,
        help_text="讲座、报告选“讲座类”；观摩、实践、研讨选“实践类”。",
    )
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    file = evidence_file_field()

    def __init__(self, *args: Any, teachers: list[Teacher], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["teacher"].choices = [(t.pk, t.school.name) for t in teachers]  # type: ignore[attr-defined]
        self.fields["teacher"].error_messages["invalid_choice"] = "请选择你任教的学校。"
        if len(teachers) == 1:
            self.fields["teacher"].widget = forms.HiddenInput()
            self.initial.setdefault("teacher", teachers[0].pk)
