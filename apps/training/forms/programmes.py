"""Forms of the tiered programmes (XH26-TIER): a cohort and its course rows. They check
input row by row, so a person sees the error next to the line to fix; the services
decide, and the views put their field-keyed errors back on these forms."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.forms import formset_factory

from apps.core.forms import StyledFormMixin
from apps.core.schoolyear import current_school_year
from apps.training.services.programmes import PROGRAMMES

from .common import school_year_choices_with_next

COHORT_HOURS_ERRORS = {
    "invalid": "请输入数字学时，如 24 或 1.5。",
    "max_digits": "学时数字过大。",
    "max_decimal_places": "学时最多保留一位小数。",
    "max_whole_digits": "学时数字过大。",
    "min_value": "学时应大于 0。",
}


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
        choices=school_year_choices_with_next,
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
        error_messages={"required": "请填写结业所需学时。", **COHORT_HOURS_ERRORS},
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
        error_messages=COHORT_HOURS_ERRORS,
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
) -> forms.BaseFormSet[CourseForm]:
    """The course rows: the cohort's courses (when editing) and a few blank rows."""
    initial = list(courses or [])
    initial += [{}] * max(COURSE_ROWS - len(initial), 2)
    return CourseFormSet(data, initial=None if data is not None else initial, prefix="courses")


def courses_from(formset: forms.BaseFormSet[CourseForm]) -> list[dict[str, Any]]:
    return [
        {"title": form.cleaned_data["title"].strip(), "hours": form.cleaned_data["hours"]}
        for form in formset.forms
        if not form.is_blank
    ]
