"""The session form (登记工作室活动): what was studied, when, how long, the minutes, the
theme, and which members attended (checkboxes of the team's active members, grouped by
school on the page). The service checks the rest (the pack's research-session rules, that
every ticked teacher is a member)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from apps.core.forms import StyledFormMixin
from apps.studios.models import Team, Theme
from apps.training.models import Module


class SessionForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label="活动名称", max_length=200)
    topic = forms.CharField(label="研究的问题", max_length=300)
    date = forms.DateField(label="活动日期", widget=forms.DateInput(attrs={"type": "date"}))
    hours = forms.DecimalField(
        label="学时", max_digits=5, decimal_places=1, min_value=Decimal("0.5")
    )
    module = forms.ChoiceField(label="研修主题模块", choices=Module.choices)
    theme = forms.ModelChoiceField(
        label="研究主题", queryset=Theme.objects.none(), required=False, empty_label="（不选）"
    )
    minutes = forms.CharField(label="活动纪要", widget=forms.Textarea(attrs={"rows": 6}))
    teachers = forms.TypedMultipleChoiceField(
        label="参加成员", coerce=int, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, team: Team, member_ids: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        theme_field = self.fields["theme"]
        assert isinstance(theme_field, forms.ModelChoiceField)
        theme_field.queryset = Theme.objects.filter(team=team)
        # Any member id is a valid choice here; the service refuses non-members by name.
        teachers = self.fields["teachers"]
        assert isinstance(teachers, forms.TypedMultipleChoiceField)
        teachers.choices = [(pk, pk) for pk in member_ids]
        teachers.error_messages["invalid_choice"] = "所选教师不是本工作室的在册成员，请重新勾选。"
