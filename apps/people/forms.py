"""Portal forms. They only shape and check input; the services do the writing and the
cross-row checks, and their errors are put back on the named field by `ServiceFormMixin`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms

from apps.core.forms import StyledFormMixin
from apps.core.plausible import CLASS_YEAR_SPREAD
from apps.core.schoolyear import current_school_year
from apps.tenancy.models import School

from . import selectors
from .models import (
    GRADES_BY_SCHOOL_TYPE,
    TEACHER_FIELDS,
    AssignmentRole,
    Grade,
    SchoolClass,
    Teacher,
)

# The stubs' ModelForm is generic; Django's is not subscriptable at runtime.
if TYPE_CHECKING:
    _TeacherModelForm = forms.ModelForm[Teacher]
    _SchoolClassModelForm = forms.ModelForm[SchoolClass]
else:
    _TeacherModelForm = _SchoolClassModelForm = forms.ModelForm

DATE_ERRORS = {"invalid": "请输入有效日期，格式如 2008-09-01。"}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class TeacherForm(StyledFormMixin, _TeacherModelForm):
    class Meta:
        model = Teacher
        fields = list(TEACHER_FIELDS)
        widgets = {
            "birth_date": DateInput(),
            "teaching_since": DateInput(),
            "homeroom_since": DateInput(),
        }
        error_messages = {
            "employee_no": {"required": "请填写工号。"},
            "name": {"required": "请填写姓名。"},
            "gender": {"required": "请选择性别。"},
            "birth_date": DATE_ERRORS,
            "teaching_since": DATE_ERRORS,
            "homeroom_since": DATE_ERRORS,
        }
        help_texts = {
            "teaching_since": "用于计算教龄（如职称评审、LS15 任职条件）。",
            "homeroom_since": "用于计算班主任年限（如启航班 2–5 年、导师资格）。",
        }


def school_year_choices(keep: int | None = None) -> list[tuple[int, str]]:
    """The school years a class can be organised for (the current one and those either
    side of it), and `keep` — an existing class's own year, which stays editable."""
    current = current_school_year()
    years = set(range(current - CLASS_YEAR_SPREAD, current + CLASS_YEAR_SPREAD + 1))
    if keep is not None:
        years.add(keep)
    return [(year, f"{year}学年") for year in sorted(years, reverse=True)]


class SchoolClassForm(StyledFormMixin, _SchoolClassModelForm):
    school_year = forms.TypedChoiceField(label="学年", coerce=int, choices=school_year_choices)

    class Meta:
        model = SchoolClass
        fields = ["school_year", "grade", "name", "student_count"]
        error_messages = {
            "name": {"required": "请填写班级名称，如 1班。"},
            "student_count": {"invalid": "学生人数应为整数。"},
        }

    def __init__(self, *args: Any, school: School, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = GRADES_BY_SCHOOL_TYPE.get(school.school_type, range(-2, 13))
        self.fields["grade"].choices = [(g.value, g.label) for g in Grade if g.value in allowed]  # type: ignore[attr-defined]
        self.fields["student_count"].widget.attrs.update({"min": 0, "max": 200})
        if self.instance.pk:
            self.fields["school_year"].choices = school_year_choices(self.instance.school_year)  # type: ignore[attr-defined]
        else:
            self.initial.setdefault("school_year", current_school_year())


class AssignmentForm(StyledFormMixin, forms.Form):
    school_class = forms.ModelChoiceField(
        label="班级",
        queryset=SchoolClass.objects.none(),
        error_messages={"required": "请选择班级。", "invalid_choice": "所选班级不属于本校。"},
    )
    teacher = forms.ModelChoiceField(
        label="教师",
        queryset=Teacher.objects.none(),
        error_messages={"required": "请选择教师。", "invalid_choice": "所选教师不属于本校。"},
    )
    role = forms.ChoiceField(
        label="角色", choices=AssignmentRole.choices, error_messages={"required": "请选择角色。"}
    )

    def __init__(self, *args: Any, school: School, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Choices come from the vetted school only: a foreign id is an invalid choice.
        self.fields["school_class"].queryset = selectors.class_list(school=school)  # type: ignore[attr-defined]
        self.fields["teacher"].queryset = selectors.teacher_list(school=school)  # type: ignore[attr-defined]
        self.fields["school_class"].label_from_instance = (  # type: ignore[attr-defined]
            lambda c: f"{c.school_year}学年 · {c}"
        )


class RosterUploadForm(StyledFormMixin, forms.Form):
    file = forms.FileField(
        label="名册文件（.xlsx）",
        error_messages={"required": "请选择要上传的文件。", "empty": "文件是空的。"},
    )


class TransferForm(StyledFormMixin, forms.Form):
    """A teacher taken in from another school (ADR 0012): the receiver names them by what
    it knows — the source school's code, their 工号 and name there."""

    from_district_code = forms.CharField(
        label="调出学校所在区代码",
        required=False,
        max_length=40,
        help_text="本区学校之间调动不填；跨区调入时填写调出区的代码（由区管理员办理）。",
    )
    from_school_code = forms.CharField(
        label="调出学校代码",
        max_length=40,
        error_messages={"required": "请填写调出学校的学校代码。"},
    )
    employee_no = forms.CharField(
        label="在原校的工号", max_length=32, error_messages={"required": "请填写教师在原校的工号。"}
    )
    name = forms.CharField(label="姓名", max_length=40, error_messages={"required": "请填写姓名。"})
    on = forms.DateField(
        label="调动日期",
        widget=DateInput(),
        error_messages={"required": "请填写调动日期。", **DATE_ERRORS},
    )
    new_employee_no = forms.CharField(
        label="本校工号", required=False, max_length=32, help_text="不填则沿用原工号。"
    )


class DistrictTransferForm(TransferForm):
    to_school = forms.ModelChoiceField(
        label="调入学校",
        queryset=School.objects.none(),
        error_messages={"required": "请选择调入学校。", "invalid_choice": "所选学校不属于本区。"},
    )

    field_order = ["to_school"]

    def __init__(self, *args: Any, schools: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_school"].queryset = schools  # type: ignore[attr-defined]


class LeaveForm(StyledFormMixin, forms.Form):
    on = forms.DateField(
        label="离校日期",
        widget=DateInput(),
        error_messages={"required": "请填写离校日期。", **DATE_ERRORS},
    )
