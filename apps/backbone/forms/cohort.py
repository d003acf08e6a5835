"""Forms of the cohort pages: a cohort, a member joining, leaving or transferring, a
manual task entry with its evidence, a review decision and the development plan."""

from __future__ import annotations

from typing import Any

from django import forms

from apps.backbone.models import Category, LeaveReason, TaskEntryKind
from apps.training.models import AchievementLevel

DATE = forms.DateInput(attrs={"type": "date"})


class CohortForm(forms.Form):
    name = forms.CharField(label="名称", max_length=100)
    pack = forms.ChoiceField(label="政策包")
    starts_on = forms.DateField(
        label="培养周期开始（留空取政策包规定）", required=False, widget=DATE
    )
    ends_on = forms.DateField(label="培养周期结束（留空取政策包规定）", required=False, widget=DATE)
    previous = forms.TypedChoiceField(label="上一届", coerce=int, required=False, empty_value=None)
    accepting_applications = forms.BooleanField(label="接受申报", required=False)
    leader_monthly_allowance = forms.DecimalField(
        label="带头人月度津贴（元）", min_value=0, initial=0
    )
    backbone_monthly_allowance = forms.DecimalField(
        label="中青年骨干月度津贴（元）", min_value=0, initial=0
    )

    def __init__(self, *args: Any, packs: list[str], cohorts: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pack"].choices = [(code, code) for code in packs]  # type: ignore[attr-defined]
        self.fields["previous"].choices = [("", "—"), *((c.pk, c.name) for c in cohorts)]  # type: ignore[attr-defined]


class MemberAddForm(forms.Form):
    teacher = forms.TypedChoiceField(label="教师", coerce=int)
    category = forms.ChoiceField(label="类别", choices=Category.choices)
    joined_on = forms.DateField(label="入选日期", widget=DATE)

    def __init__(self, *args: Any, teachers: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["teacher"].choices = [(t.pk, f"{t.name}（{t.school.name}）") for t in teachers]  # type: ignore[attr-defined]


class MemberLeaveForm(forms.Form):
    on = forms.DateField(label="离开日期", widget=DATE)
    reason = forms.ChoiceField(
        label="原因", choices=[(LeaveReason.TRANSFER, "调动"), (LeaveReason.WITHDRAWN, "本人退出")]
    )
    to = forms.TypedChoiceField(
        label="调入学校的任职记录（调动时）", coerce=int, required=False, empty_value=None
    )
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, stints: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = [("", "—"), *((t.pk, t.school.name) for t in stints)]  # type: ignore[attr-defined]


class EntryForm(forms.Form):
    kind = forms.ChoiceField(label="类别", choices=TaskEntryKind.choices)
    level = forms.ChoiceField(label="级别（学区记为区级）", choices=AchievementLevel.choices)
    title = forms.CharField(label="名称", max_length=200)
    date = forms.DateField(label="日期", widget=DATE)
    hours = forms.DecimalField(
        label="课程学时（课程填写）", required=False, min_value=0, decimal_places=1
    )
    file = forms.FileField(label="证明材料")


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", "认定"), ("return", "退回")])
    comment = forms.CharField(label="意见", required=False)


class PlanForm(forms.Form):
    title = forms.CharField(label="标题", max_length=200)
    goals = forms.CharField(label="三年发展目标", widget=forms.Textarea(attrs={"rows": 4}))
    measures = forms.CharField(label="主要举措", widget=forms.Textarea(attrs={"rows": 4}))
