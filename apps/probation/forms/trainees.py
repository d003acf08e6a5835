"""Forms of the probation pages: registering a trainee, changing the mentor or X, a
mentor's guidance, a school-level assessment, the district's graduation assessment and
the appointment. They shape input only; the services hold the rules and their Chinese
errors come back onto these fields (same names)."""

from __future__ import annotations

from typing import Any

from django import forms

from apps.core.forms import StyledFormMixin
from apps.people.models import SchoolClass, Teacher
from apps.probation.models import SCHOOL_LEVELS, AssessmentLevel

DATE_ERRORS = {"required": "请填写日期。", "invalid": "请输入有效日期，格式如 2026-03-18。"}
HOURS_ERRORS = {
    "required": "请填写校级跟岗培训学时（X）。",
    "invalid": "学时应为数字，如 8 或 4.5。",
    "max_digits": "学时数值过大。",
    "max_decimal_places": "学时最多保留 1 位小数。",
    "max_whole_digits": "学时数值过大。",
}
RESULTS = [("passed", "合格"), ("failed", "不合格")]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def _date(label: str) -> forms.DateField:
    return forms.DateField(label=label, widget=DateInput(), error_messages=DATE_ERRORS)


def _hours() -> forms.DecimalField:
    return forms.DecimalField(
        label="校级跟岗培训学时（X）",
        max_digits=5,
        decimal_places=1,
        error_messages=HOURS_ERRORS,
        widget=forms.NumberInput(attrs={"step": "0.5", "min": "0", "inputmode": "decimal"}),
    )


class TeacherChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name}（{obj.employee_no}）"


def _teachers(queryset: Any, label: str, *, required: bool, empty: str) -> TeacherChoiceField:
    return TeacherChoiceField(
        queryset=queryset,
        label=label,
        required=required,
        empty_label=empty,
        error_messages={
            "required": f"请选择{label}。",
            "invalid_choice": f"请从列表中选择{label}（本校教师）。",
        },
    )


class MentorFieldsMixin:
    """The mentor select: the school's qualified mentors only (XH26-PROB-MENTOR)."""

    fields: dict[str, Any]

    def set_mentors(self, mentors: list[Teacher], reading: str) -> None:
        field = self.fields["mentor"]
        field.queryset = Teacher.objects.filter(pk__in=[m.pk for m in mentors]).order_by(
            "employee_no"
        )
        field.help_text = f"指导教师须担任班主任满 {reading}。"


class TraineeCreateForm(MentorFieldsMixin, StyledFormMixin, forms.Form):
    teacher = _teachers(Teacher.objects.none(), "见习教师", required=True, empty="请选择教师")
    started_on = _date("见习开始日期")
    school_hours_target = _hours()
    mentor = _teachers(Teacher.objects.none(), "指导教师", required=False, empty="暂不指定")
    note = forms.CharField(
        label="备注", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, teachers: Any, mentors: list[Teacher], reading: str,
                 **kwargs: Any) -> None:  # fmt: skip
        super().__init__(*args, **kwargs)
        self.fields["teacher"].queryset = teachers
        self.set_mentors(mentors, reading)


class TraineeEditForm(MentorFieldsMixin, StyledFormMixin, forms.Form):
    mentor = _teachers(Teacher.objects.none(), "指导教师", required=False, empty="暂不指定")
    school_hours_target = _hours()
    note = forms.CharField(
        label="备注", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, mentors: list[Teacher], reading: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_mentors(mentors, reading)


class MentorLogForm(StyledFormMixin, forms.Form):
    date = _date("指导日期")
    topic = forms.CharField(
        label="指导内容",
        max_length=200,
        error_messages={"required": "请填写指导内容。", "max_length": "指导内容最多 200 字。"},
    )
    notes = forms.CharField(
        label="指导记录", required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )


class AssessmentForm(StyledFormMixin, forms.Form):
    """One assessment and its result; 不合格 needs 考核意见 (the kit says so)."""

    level = forms.ChoiceField(
        label="考核类别",
        choices=[(level.value, level.label) for level in SCHOOL_LEVELS],
        error_messages={"required": "请选择考核类别。", "invalid_choice": "请选择考核类别。"},
    )
    assessed_on = _date("考核日期")
    assessor_name = forms.CharField(
        label="考核人",
        max_length=60,
        error_messages={"required": "请填写考核人。", "max_length": "考核人最多 60 字。"},
    )
    result = forms.ChoiceField(
        label="结果",
        choices=RESULTS,
        widget=forms.RadioSelect,
        error_messages={
            "required": "请选择合格或不合格。",
            "invalid_choice": "请选择合格或不合格。",
        },
    )
    score = forms.DecimalField(
        label="成绩",
        required=False,
        max_digits=5,
        decimal_places=1,
        help_text="百分制，可不填。",
        error_messages={"invalid": "成绩应为数字。", "max_digits": "成绩数值过大。",
                        "max_decimal_places": "成绩最多保留 1 位小数。",
                        "max_whole_digits": "成绩数值过大。"},
    )  # fmt: skip
    comment = forms.CharField(
        label="考核意见",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="不合格时必填，写明需要改进之处。",
    )

    file = forms.FileField(
        label="考核材料（选填）",
        required=False,
        help_text="考核评分表、现场记录等，PDF、Word 或图片。",
    )


class GraduationForm(AssessmentForm):  # the district's level; the same fields
    level = forms.ChoiceField(
        label="考核类别",
        choices=[
            (AssessmentLevel.DISTRICT_GRADUATION.value, AssessmentLevel.DISTRICT_GRADUATION.label)
        ],
        initial=AssessmentLevel.DISTRICT_GRADUATION.value,
        required=False,
        widget=forms.HiddenInput,
    )


class ClassChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj)


class AppointForm(StyledFormMixin, forms.Form):
    school_class = ClassChoiceField(
        queryset=SchoolClass.objects.none(),
        label="聘任的班级",
        empty_label="请选择班级",
        error_messages={"required": "请选择聘任的班级。",
                        "invalid_choice": "请从列表中选择本校本学年的班级。"},
    )  # fmt: skip
    appointed_on = _date("聘任日期")

    def __init__(self, *args: Any, classes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["school_class"].queryset = classes  # type: ignore[attr-defined]


class UploadForm(StyledFormMixin, forms.Form):
    """The assessment results sheet (one .xlsx file)."""

    file = forms.FileField(
        label="Excel 文件（.xlsx）",
        error_messages={"required": "请选择要上传的文件。", "empty": "文件是空的。"},
    )
