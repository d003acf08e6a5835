"""The filters of the audit pages (a GET form: a bad value is named, never a 500)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from apps.core.forms import StyledFormMixin

from .selectors import district_tables

DATE_ERROR = {"invalid": "请按 2025-09-01 的格式填写日期。"}


class DateInput(forms.DateInput):
    input_type = "date"


class AccessFilterForm(StyledFormMixin, forms.Form):
    actor = forms.CharField(
        label="操作人",
        required=False,
        max_length=60,
        help_text="姓名或登录账号的一部分。",
        error_messages={"max_length": "操作人最多 60 个字。"},
    )
    since = forms.DateField(
        label="起始日期", required=False, widget=DateInput, error_messages=DATE_ERROR
    )
    until = forms.DateField(
        label="截止日期", required=False, widget=DateInput, error_messages=DATE_ERROR
    )

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        since: dt.date | None = data.get("since")
        until: dt.date | None = data.get("until")
        if since and until and since > until:
            self.add_error("until", "截止日期不能早于起始日期。")
        return data

    def value(self, name: str) -> Any:
        """The field's cleaned value, or None when it is empty or invalid."""
        if not self.is_bound or (not self.is_valid() and name in self.errors):
            return None
        return self.cleaned_data.get(name) or None


class EventFilterForm(AccessFilterForm):
    table = forms.ChoiceField(label="数据类别", required=False)

    field_order = ["table", "actor", "since", "until"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "全部类别"), *((t.key, t.label) for t in district_tables())]
        table = self.fields["table"]
        assert isinstance(table, forms.ChoiceField)
        table.choices = choices
        table.error_messages["invalid_choice"] = "请从列表中选择数据类别。"
