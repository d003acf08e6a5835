"""The forms of the growth teams' work: a member's project (XB-PROJECT), a team's
collection (XB-PROJECT) and plan (XB-PLAN), the district's showcase (XB-SHOWCASE) and a
column post (XB-RADIATE). The services check everything again."""

from __future__ import annotations

from typing import Any

from django import forms

from apps.backbone.models import ProjectScope, RadiateReach, TeamPlanKind
from apps.core.forms import StyledFormMixin

DATE = forms.DateInput(attrs={"type": "date"})


class ProjectForm(StyledFormMixin, forms.Form):
    member = forms.TypedChoiceField(label="成员", coerce=int)
    title = forms.CharField(label="项目名称", max_length=200)
    scope = forms.ChoiceField(label="项目类别", choices=ProjectScope.choices)
    started_on = forms.DateField(label="立项日期", widget=DATE)
    ended_on = forms.DateField(label="结题日期（可选）", required=False, widget=DATE)

    def __init__(self, *args: Any, members: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.members = {m.pk: m for m in members}
        self.fields["member"].choices = [  # type: ignore[attr-defined]
            (m.pk, f"{m.teacher.name}（{m.team.name}）") for m in members
        ]


class CollectionForm(StyledFormMixin, forms.Form):
    year = forms.IntegerField(label="年度")
    title = forms.CharField(label="专辑名称", max_length=200)
    compiled_on = forms.DateField(label="形成日期", widget=DATE)
    file = forms.FileField(label="专辑文件（可选）", required=False)


class PlanForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label="类别", choices=TeamPlanKind.choices)
    year = forms.IntegerField(label="年度（年度计划必填）", required=False)
    title = forms.CharField(label="标题", max_length=200)
    needs_analysis = forms.CharField(
        label="需求调研与优势不足分析", widget=forms.Textarea(attrs={"rows": 3})
    )
    content = forms.CharField(
        label="培养内容（学习、实践、课题、交流、比赛等）", widget=forms.Textarea(attrs={"rows": 3})
    )
    mentors_consulted = forms.BooleanField(label="已听取导师意见", required=False)


class ShowcaseForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label="活动名称", max_length=200)
    held_on = forms.DateField(label="举办日期", widget=DATE)
    summary = forms.CharField(
        label="展示成果", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    teams = forms.TypedMultipleChoiceField(label="参与团队", coerce=int, required=False)

    def __init__(self, *args: Any, teams: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.team_by_id = {t.pk: t for t in teams}
        self.fields["teams"].choices = [(t.pk, t.name) for t in teams]  # type: ignore[attr-defined]


class RadiateForm(StyledFormMixin, forms.Form):
    teacher = forms.TypedChoiceField(label="教师", coerce=int)
    reach = forms.ChoiceField(label="引领范围", choices=RadiateReach.choices)
    title = forms.CharField(label="标题", max_length=200)
    body = forms.CharField(label="内容", widget=forms.Textarea(attrs={"rows": 4}))
    posted_on = forms.DateField(label="发布日期", widget=DATE)

    def __init__(self, *args: Any, teachers: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.teachers = {t.pk: t for t in teachers}
        self.fields["teacher"].choices = [(t.pk, t.name) for t in teachers]  # type: ignore[attr-defined]
