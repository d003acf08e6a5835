"""The form of a training-evaluation record (PT24-EVAL): whom it is about, the semester,
the kind of evidence, and an optional file."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings

from apps.core.files import ACCEPTED_LABEL
from apps.core.forms import StyledFormMixin
from apps.core.schoolyear import semester_of, today
from apps.people import selectors as people_selectors
from apps.people.models import Teacher
from apps.tenancy.models import School
from apps.training.models import OUTCOME_KINDS, PROCESS_KINDS

from .common import SEMESTER_CHOICES, school_year_choices_with_next


class EvaluationRecordForm(StyledFormMixin, forms.Form):
    teacher = forms.ModelChoiceField(
        label="教师",
        queryset=Teacher.objects.none(),
        error_messages={"required": "请选择教师。", "invalid_choice": "所选教师不属于本校。"},
    )
    school_year = forms.TypedChoiceField(
        label="学年",
        coerce=int,
        choices=school_year_choices_with_next,
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
        self.fields["teacher"].queryset = people_selectors.teacher_list(school=school)  # type: ignore[attr-defined]
        limit = settings.EVIDENCE_MAX_BYTES / 1024 / 1024
        self.fields[
            "file"
        ].help_text = f"作业、总结、案例等，支持 {ACCEPTED_LABEL}，不超过 {limit:.0f} MB。"
        self.fields["file"].widget.attrs["accept"] = ".pdf,.doc,.docx,.xls,.xlsx,.png,.jpg,.jpeg"
        year, term = semester_of(today())
        self.initial.setdefault("school_year", year)
        self.initial.setdefault("semester", term)
