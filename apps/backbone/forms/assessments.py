"""Forms of the XB23-ASSESS pages: a result, a termination, a plan, a review decision, an
application and its decision. They shape input only; the services hold the rules and
their Chinese errors come back onto these fields (same names)."""

from __future__ import annotations

from django import forms

from apps.backbone.models import AssessmentKind, Category, Result
from apps.core.forms import StyledFormMixin

DECISIONS = [("accept", "通过"), ("return", "退回")]
ADMIT = [("admit", "入选"), ("decline", "未入选")]
PARTS = [("", "—"), *Result.choices]
DAY = forms.DateInput(attrs={"type": "date"})


class AssessmentForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label="考核类型", choices=AssessmentKind.choices)
    school_year = forms.IntegerField(
        label="学年（学年度考核）", required=False, min_value=2000, max_value=2100
    )
    project_result = forms.ChoiceField(label="项目考核", choices=PARTS, required=False)
    comprehensive_result = forms.ChoiceField(label="综合考核", choices=PARTS, required=False)
    result = forms.ChoiceField(
        label="考核结果", choices=Result.choices, error_messages={"required": "请选择考核结果。"}
    )
    assessed_on = forms.DateField(
        label="考核日期",
        widget=DAY,
        error_messages={"invalid": "考核日期不正确，请按年-月-日填写。"},
    )
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class TerminateForm(StyledFormMixin, forms.Form):
    on = forms.DateField(
        label="终止日期",
        widget=DAY,
        error_messages={"invalid": "终止日期不正确，请按年-月-日填写。"},
    )
    reason = forms.CharField(
        label="事由（师资工作领导小组决定）", widget=forms.Textarea(attrs={"rows": 3})
    )


class PlanForm(StyledFormMixin, forms.Form):
    summary = forms.CharField(label="整改措施", widget=forms.Textarea(attrs={"rows": 4}))
    file = forms.FileField(
        label="书面整改方案", error_messages={"required": "请上传书面整改方案文件。"}
    )


class DecisionForm(StyledFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label="审核结果", choices=DECISIONS, widget=forms.RadioSelect,
        error_messages={"required": "请选择通过或退回。"},
    )  # fmt: skip
    comment = forms.CharField(
        label="审核意见（退回时必填）", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ApplyForm(StyledFormMixin, forms.Form):
    cohort = forms.IntegerField(widget=forms.HiddenInput)
    teacher = forms.IntegerField(label="教师", required=False, widget=forms.HiddenInput)
    category = forms.ChoiceField(label="申报类别", choices=Category.choices)
    statement = forms.CharField(
        label="申报说明", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class AdmitForm(StyledFormMixin, forms.Form):
    decision = forms.ChoiceField(label="评审结果", choices=ADMIT, widget=forms.RadioSelect)
    joined_on = forms.DateField(label="入选日期（默认本届开始）", required=False, widget=DAY)
