"""XB23-ALLOWANCE forms: pay a month (to all the school's members, or one by hand) and pay
a bonus. A month is typed as YYYY-MM; an impossible one is refused naming the field."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from apps.backbone.models import BackboneMember, Consequence
from apps.core.forms import StyledFormMixin


def parse_month(value: str) -> dt.date | None:
    """'2025-10' → 2025-10-01; None for anything else."""
    try:
        year, month = (int(part) for part in value.strip().split("-"))
        return dt.date(year, month, 1)
    except (TypeError, ValueError):
        return None


class MonthField(forms.CharField):
    widget = forms.TextInput(attrs={"type": "month", "placeholder": "YYYY-MM"})

    def to_python(self, value: Any) -> dt.date | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        month = parse_month(text)
        if month is None:
            raise forms.ValidationError("请按“年-月”填写月份，例如 2025-10。")
        return month


class PayMonthForm(StyledFormMixin, forms.Form):
    month = MonthField(label="发放月份")
    paid_on = forms.DateField(label="发放日期", widget=forms.DateInput(attrs={"type": "date"}))
    member = forms.TypedChoiceField(
        label="只发给（留空则发给本月全部在册骨干）", required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args: Any, members: list[BackboneMember], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.members = {m.pk: m for m in members}
        choices = [(m.pk, f"{m.teacher.name}（{m.get_category_display()}）") for m in members]
        self.fields["member"].choices = [("", "全部在册骨干"), *choices]  # type: ignore[attr-defined]

    def chosen_member(self) -> BackboneMember | None:
        member_id = self.cleaned_data.get("member")
        return self.members.get(member_id) if member_id else None


class PayBonusForm(StyledFormMixin, forms.Form):
    bonus = forms.TypedChoiceField(label="优秀奖金", coerce=int)
    paid_on = forms.DateField(label="发放日期", widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, bonuses: list[Consequence], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.bonuses = {b.pk: b for b in bonuses}
        self.fields["bonus"].choices = [  # type: ignore[attr-defined]
            (b.pk, f"{b.member.teacher.name} {b.school_year}学年 {b.amount} 元") for b in bonuses
        ]

    def chosen_bonus(self) -> Consequence:
        return self.bonuses[self.cleaned_data["bonus"]]
