"""Forms of the honours, pool and ladder pages. They shape input only; the services hold
the rules and their Chinese errors come back onto these fields (same names)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from apps.backbone.models import FamousLevel, Honour, Rung
from apps.core.forms import StyledFormMixin
from apps.people.models import Teacher

DATE = forms.DateInput(attrs={"type": "date"})


class _TeacherField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name}（{obj.employee_no}）"


def _teacher_field() -> _TeacherField:
    return _TeacherField(
        label="教师",
        queryset=Teacher.objects.none(),
        error_messages={"required": "请选择教师。", "invalid_choice": "请选择本校的教师。"},
    )


class _SchoolTeacherForm(StyledFormMixin, forms.Form):
    def __init__(self, *args: Any, teachers: QuerySet[Teacher], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["teacher"].queryset = teachers  # type: ignore[attr-defined]


class HonourForm(_SchoolTeacherForm):
    teacher = _teacher_field()
    honour = forms.ChoiceField(
        label="称号或奖项",
        choices=Honour.choices,
        error_messages={
            "required": "请选择称号或奖项。",
            "invalid_choice": "请选择列出的称号或奖项。",
        },
    )
    awarded_on = forms.DateField(
        label="获得日期",
        widget=DATE,
        error_messages={
            "required": "请填写获得日期。",
            "invalid": "获得日期格式不正确（YYYY-MM-DD）。",
        },
    )
    issuer = forms.CharField(label="授予单位", max_length=100, required=False)


class ApplyForm(StyledFormMixin, forms.Form):
    year = forms.IntegerField(
        label="年度（学年）",
        error_messages={"required": "请填写年度。", "invalid": "年度须为整数，如 2026。"},
    )
    level = forms.ChoiceField(
        label="申报级别",
        choices=FamousLevel.choices,
        error_messages={
            "required": "请选择申报级别。",
            "invalid_choice": "请选择市级或区级名班主任。",
        },
    )
    statement = forms.CharField(
        label="申报材料",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "请填写申报材料（个人事迹、班主任工作成果等）。"},
    )


class SchoolApplyForm(_SchoolTeacherForm, ApplyForm):
    teacher = _teacher_field()
    field_order = ["teacher", "year", "level", "statement"]


class DecisionForm(StyledFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label="意见",
        choices=[("yes", "同意"), ("no", "不同意")],
        widget=forms.RadioSelect,
        error_messages={
            "required": "请选择同意或不同意。",
            "invalid_choice": "请选择同意或不同意。",
        },
    )
    comment = forms.CharField(
        label="意见说明（不同意时必填）", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class RatingForm(_SchoolTeacherForm):
    teacher = _teacher_field()
    rung = forms.ChoiceField(
        label="职级",
        choices=Rung.choices,
        error_messages={"required": "请选择职级。", "invalid_choice": "请选择职初、骨干或卓越。"},
    )
    rated_on = forms.DateField(
        label="评定日期",
        widget=DATE,
        error_messages={
            "required": "请填写评定日期。",
            "invalid": "评定日期格式不正确（YYYY-MM-DD）。",
        },
    )
    basis = forms.CharField(
        label="评定依据",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "请填写评定依据。"},
    )
