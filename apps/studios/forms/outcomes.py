"""The outcome form (成果登记): a course's form and hours shown for every kind and checked
by the service (only a course has them)."""

from __future__ import annotations

from typing import Any

from django import forms

from apps.core.forms import StyledFormMixin
from apps.studios.models import CourseForm, OutcomeKind, OutcomeStage, Theme


class OutcomeForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label="成果类型", choices=OutcomeKind.choices)
    stage = forms.ChoiceField(label="阶段", choices=OutcomeStage.choices)
    title = forms.CharField(label="成果名称", max_length=200)
    summary = forms.CharField(
        label="成果简介", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    completed_on = forms.DateField(label="完成日期", widget=forms.DateInput(attrs={"type": "date"}))
    theme = forms.TypedChoiceField(label="研究主题", required=False, coerce=int, empty_value=None)
    course_form = forms.ChoiceField(
        label="课程形式（课程类成果）", required=False,
        choices=[("", "——"), *CourseForm.choices],
    )  # fmt: skip
    course_hours = forms.DecimalField(
        label="课程学时（课程类成果）", required=False, max_digits=5, decimal_places=1
    )
    file = forms.FileField(label="成果材料（可选）", required=False)

    def __init__(self, *args: Any, themes: list[Theme], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.themes = {t.pk: t for t in themes}
        self.fields["theme"].choices = [("", "——"), *((t.pk, t.title) for t in themes)]  # type: ignore[attr-defined]

    def service_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("file", None)
        data["theme"] = self.themes.get(data["theme"]) if data.get("theme") else None
        data["course_form"] = data.get("course_form") or ""
        return data
