"""The form of a development-archive entry (XH26-A3-1, PT24-ARCHIVE)."""

from __future__ import annotations

from typing import Any

from django import forms

from apps.core.forms import StyledFormMixin
from apps.people.models import Teacher
from apps.training.models import AchievementKind, AchievementLevel

from .common import DATE_ERRORS, DateInput, evidence_file_field


class ArchiveEntryForm(StyledFormMixin, forms.Form):
    """XH26-A3-1, PT24-ARCHIVE: an achievement or honour with its level and evidence."""

    kind = forms.ChoiceField(label="类别", choices=AchievementKind.choices)
    level = forms.ChoiceField(label="级别", choices=AchievementLevel.choices)
    title = forms.CharField(
        label="名称",
        max_length=200,
        help_text="如论文题目、奖项名称、公开课课题。",
        error_messages={"required": "请填写名称。", "max_length": "名称最多 200 字。"},
    )
    date = forms.DateField(label="日期", widget=DateInput(), error_messages=DATE_ERRORS)
    description = forms.CharField(
        label="说明", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    file = evidence_file_field()

    def __init__(self, *args: Any, teachers: list[Teacher] | None = None, **kwargs: Any) -> None:
        """With several teacher records (a teacher at two schools), which one it is for."""
        super().__init__(*args, **kwargs)
        if teachers and len(teachers) > 1:
            self.fields["teacher"] = forms.TypedChoiceField(
                label="所在学校",
                coerce=int,
                choices=[(t.pk, t.school.name) for t in teachers],
                widget=forms.Select(attrs={"class": "form-select"}),
                error_messages={"invalid_choice": "请选择你任教的学校。"},
            )
            self.order_fields(["teacher"])
