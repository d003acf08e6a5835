"""The district's spot-check of a research session: counts, or 不计入 with the reason."""

from __future__ import annotations

from django import forms

from apps.core.forms import StyledFormMixin


class SpotCheckForm(StyledFormMixin, forms.Form):
    verdict = forms.ChoiceField(
        label="抽查结论",
        choices=[("counts", "计入"), ("excluded", "不计入")],
        widget=forms.RadioSelect,
        error_messages={"required": "请选择抽查结论：计入或不计入。"},
    )
    reason = forms.CharField(
        label="理由",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="标记“不计入”时必填，学校将看到该理由。",
        error_messages={"max_length": "理由最多 1000 字。"},
    )
