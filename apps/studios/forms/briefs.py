"""Forms of the brief pages: the lead's brief (title, text, files) and the district's
decision. They shape input only; the services hold the rules and their Chinese errors
come back onto these fields (same names)."""

from __future__ import annotations

from typing import Any

from django import forms

from apps.core.forms import StyledFormMixin

DECISIONS = [("accept", "通过"), ("return", "退回")]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files under one name (the view reads them from `request.FILES`)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data]
        return super().clean(data, initial)


class BriefForm(StyledFormMixin, forms.Form):
    title = forms.CharField(
        label="标题", max_length=200, error_messages={"required": "请填写标题。"}
    )
    body = forms.CharField(
        label="项目实施与进展",
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": "请填写项目实施与进展情况。"},
    )
    attachments = MultipleFileField(label="附件（可多选：PDF、Word、图片等）", required=False)


class BriefDecisionForm(StyledFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label="审核结果", choices=DECISIONS, widget=forms.RadioSelect,
        error_messages={"required": "请选择通过或退回。"},
    )  # fmt: skip
    comment = forms.CharField(
        label="审核意见（退回时必填）", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
