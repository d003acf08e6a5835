"""Forms of teams, their members, lead, themes, funding and plans, and the studio rules.
They shape input; the services hold the rules, and their field-keyed Chinese errors come
back onto these fields, which carry the services' names."""

from __future__ import annotations

from typing import Any

from django import forms

from apps.core.forms import StyledFormMixin
from apps.people.models import Teacher
from apps.studios.models import HostKind, PlanKind, TeamKind, WorkshopType

DATE_ERRORS = {"required": "请填写日期。", "invalid": "请输入有效日期，格式如 2026-03-18。"}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def _date(label: str) -> forms.DateField:
    return forms.DateField(label=label, widget=DateInput(), error_messages=DATE_ERRORS)


def _text(label: str, *, required: bool = False, rows: int = 3) -> forms.CharField:
    return forms.CharField(
        label=label, required=required, widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": f"请填写{label}。"},
    )  # fmt: skip


def _teacher_label(teacher: Teacher) -> str:
    return f"{teacher.name}（{teacher.school.name}）"


class TeamForm(StyledFormMixin, forms.Form):
    """A studio or workshop: the view gives the teachers who may host."""

    kind = forms.ChoiceField(label="类型", choices=TeamKind.choices)
    name = forms.CharField(label="名称", max_length=100,
                           error_messages={"required": "请填写名称。"})  # fmt: skip
    host = forms.TypedChoiceField(label="主持人", coerce=int, required=False, empty_value=None)
    host_name = forms.CharField(
        label="主持人姓名", max_length=50, required=False, help_text="院校合作工作坊的研训员姓名"
    )
    host_kind = forms.ChoiceField(label="主持人身份", choices=HostKind.choices)
    workshop_type = forms.ChoiceField(
        label="工作坊类型", required=False, choices=[("", "（工作室不填）"), *WorkshopType.choices]
    )
    established_on = _date("成立日期")
    description = _text("简介")

    def __init__(self, *args: Any, teachers: list[Teacher], edit: bool = False,
                 **kwargs: Any) -> None:  # fmt: skip
        super().__init__(*args, **kwargs)
        self.fields["host"].choices = [("", "（研训员主持时不选）")] + [  # type: ignore[attr-defined]
            (t.pk, _teacher_label(t)) for t in teachers
        ]
        if edit:
            del self.fields["kind"]


class MembersForm(StyledFormMixin, forms.Form):
    teachers = forms.TypedMultipleChoiceField(
        label="加入的教师", coerce=int,
        error_messages={"required": "请选择要加入的教师。",
                        "invalid_choice": "请选择可加入的教师。"},
    )  # fmt: skip
    joined_on = _date("加入日期")

    def __init__(self, *args: Any, teachers: list[Teacher], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["teachers"].choices = [(t.pk, _teacher_label(t)) for t in teachers]  # type: ignore[attr-defined]


class LeadForm(StyledFormMixin, forms.Form):
    """The lead's login, among the teachers with one."""

    user = forms.TypedChoiceField(
        label="主持人账号", coerce=int,
        error_messages={"required": "请选择主持人账号。",
                        "invalid_choice": "请选择有账号的在职教师。"},
    )  # fmt: skip

    def __init__(self, *args: Any, teachers: list[Teacher], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].choices = [  # type: ignore[attr-defined]
            (t.user_id, f"{_teacher_label(t)} · {t.user}") for t in teachers if t.user_id
        ]


class LeaveForm(StyledFormMixin, forms.Form):
    """The day a member leaves, or the team ends."""

    on = _date("日期")


class ThemeForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label="研究主题", max_length=200,
                            error_messages={"required": "请填写研究主题。"})  # fmt: skip
    started_on = _date("开始日期")


class FundingForm(StyledFormMixin, forms.Form):
    school_year = forms.IntegerField(label="学年", error_messages={"required": "请填写学年。"})
    amount = forms.DecimalField(
        label="金额（元）", max_digits=10, decimal_places=2,
        error_messages={"required": "请填写金额。", "invalid": "请输入金额，如 5000.00。"},
    )  # fmt: skip
    granted_on = _date("下拨日期")
    purpose = forms.CharField(label="用途", max_length=200, required=False)


class PlanForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label="类别", choices=PlanKind.choices)
    school_year = forms.IntegerField(label="学年", required=False, help_text="年度实施计划必填")
    title = forms.CharField(label="标题", max_length=200,
                            error_messages={"required": "请填写标题。"})  # fmt: skip
    body = _text("内容", required=True, rows=5)
    file = forms.FileField(label="附件", required=False)


class RulesForm(StyledFormMixin, forms.Form):
    """XH26-A2P-4.1: selection, assessment and funding rules."""

    title = forms.CharField(label="标题", max_length=200,
                            error_messages={"required": "请填写标题。"})  # fmt: skip
    selection = _text("选拔办法", required=True)
    assessment = _text("考核办法", required=True)
    funding = _text("经费标准", required=True)


class ReviewForm(StyledFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label="审核结果", choices=[("accept", "通过"), ("return", "退回")],
        error_messages={"required": "请选择审核结果。"},
    )  # fmt: skip
    comment = _text("审核意见", rows=2)
