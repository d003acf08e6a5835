"""What the training forms share: the date widget, the hours field and its messages, the
school-year choices, and the evidence file field.

The forms shape and check input only; the services hold the rules (the research-session
record of XH26-A2-1, hours ranges, dates, who may act) and their field-keyed Chinese
errors are put back on these fields, which carry the services' names.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings

from apps.core.files import ACCEPTED_LABEL
from apps.core.schoolyear import current_school_year, school_year_label

DATE_ERRORS = {"required": "请填写日期。", "invalid": "请输入有效日期，格式如 2026-03-18。"}
HOURS_ERRORS = {
    "required": "请填写学时。",
    "invalid": "学时应为数字，如 2 或 1.5。",
    "max_digits": "学时数值过大。",
    "max_decimal_places": "学时最多保留 1 位小数，如 1.5。",
    "max_whole_digits": "学时数值过大。",
}
FILE_ACCEPT = ".pdf,.doc,.docx,.xls,.xlsx,.png,.jpg,.jpeg"
SEMESTER_CHOICES = [(1, "第一学期"), (2, "第二学期")]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def hours_field(label: str = "学时", **kwargs: Any) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        max_digits=5,
        decimal_places=1,
        error_messages=HOURS_ERRORS,
        widget=forms.NumberInput(attrs={"step": "0.5", "min": "0.5", "inputmode": "decimal"}),
        **kwargs,
    )


def school_year_choices() -> list[tuple[int, str]]:
    """This school year and the five before it, newest first."""
    current = current_school_year()
    return [(year, school_year_label(year)) for year in range(current, current - 6, -1)]


def evidence_file_field() -> forms.FileField:
    """The optional evidence file of an external record or an archive entry."""
    limit = settings.EVIDENCE_MAX_BYTES / 1024 / 1024
    return forms.FileField(
        label="证明材料",
        required=False,
        help_text=f"可选。支持 {ACCEPTED_LABEL}，不超过 {limit:.0f} MB。",
        error_messages={"empty": "文件是空的。", "invalid": "文件上传不完整，请重新选择文件。"},
        widget=forms.ClearableFileInput(attrs={"accept": FILE_ACCEPT}),
    )


def school_year_choices_with_next() -> list[tuple[int, str]]:
    """The next school year, this one and the three before it, newest first (what a
    cohort or an evaluation record may be planned or recorded for)."""
    current = current_school_year()
    return [(year, school_year_label(year)) for year in range(current + 1, current - 4, -1)]
