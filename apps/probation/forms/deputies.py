"""Forms of the deputies, the reserve pool and lishui's records. They shape input; the
services hold the rules and their field-keyed Chinese errors come back onto these
fields, which carry the services' names."""

from __future__ import annotations

from typing import Any

from django import forms

from apps.core.forms import StyledFormMixin
from apps.people.models import SchoolClass, Teacher
from apps.probation.models import CaseType, ReserveSource, ReserveStatus

DATE_ERRORS = {"required": "请填写日期。", "invalid": "请输入有效日期，格式如 2026-03-18。"}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def _date(label: str) -> forms.DateField:
    return forms.DateField(label=label, widget=DateInput(), error_messages=DATE_ERRORS)


def _text(label: str, *, required: bool = False, rows: int = 2, **kwargs: Any) -> forms.CharField:
    return forms.CharField(
        label=label, required=required, widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": f"请填写{label}。"}, **kwargs,
    )  # fmt: skip


class ChoiceOf(forms.TypedChoiceField):
    """A choice of the school's rows by id (the view gives the rows)."""

    def __init__(self, label: str, rows: list[Any], **kwargs: Any) -> None:
        super().__init__(
            label=label, coerce=int, choices=[(r.pk, str(r)) for r in rows],
            error_messages={"required": f"请选择{label}。",
                            "invalid_choice": f"请选择本校的{label}。"},
            **kwargs,
        )  # fmt: skip


class DeputyPathForm(StyledFormMixin, forms.Form):
    """XH26-A2P-1.1: one step of a training-track deputy's path."""

    date = _date("日期")
    item = forms.CharField(
        label="培养内容", max_length=200, help_text="如跟班见习、主持班会、家访。",
        error_messages={"required": "请填写培养内容。", "max_length": "培养内容最多 200 字。"},
    )  # fmt: skip
    notes = _text("说明")


class DeputyAssessForm(StyledFormMixin, forms.Form):
    """The deputy's assessment against the school's standard (合格 / 不合格)."""

    assessed_on = _date("考核日期")
    passed = forms.TypedChoiceField(
        label="考核结果", coerce=lambda v: v == "1", choices=[("1", "合格"), ("0", "不合格")],
        error_messages={"required": "请选择考核结果。", "invalid_choice": "请选择合格或不合格。"},
    )  # fmt: skip
    comment = _text("考核意见", help_text="不合格时必填，写明需要改进之处。")


class CaseGuidanceForm(StyledFormMixin, forms.Form):
    """XH26-A2P-1.2: an expert deputy's guidance on a case — no student's name."""

    date = _date("指导日期")
    case_type = forms.ChoiceField(
        label="个案类型", choices=CaseType.choices,
        error_messages={"required": "请选择个案类型。", "invalid_choice": "请选择个案类型。"},
    )  # fmt: skip
    advice = _text("指导意见", required=True, rows=3, help_text="不填写学生姓名。")
    outcome = _text("处理结果", help_text="不填写学生姓名。")


class ReserveEntryForm(StyledFormMixin, forms.Form):
    """XH26-RESERVE: a teacher in the reserve pool (the teacher only when adding)."""

    source = forms.ChoiceField(
        label="来源", choices=ReserveSource.choices,
        error_messages={"required": "请选择来源。", "invalid_choice": "请选择来源。"},
    )  # fmt: skip
    entered_on = _date("纳入日期")
    completed = _text("已完成的培养", help_text="如专题培训、副班主任试点、跟岗实践。")
    status = forms.ChoiceField(
        label="状态", choices=ReserveStatus.choices, initial=ReserveStatus.ACTIVE,
        error_messages={"required": "请选择状态。", "invalid_choice": "请选择状态。"},
    )  # fmt: skip
    note = _text("备注")

    def __init__(self, *args: Any, teachers: list[Teacher] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if teachers is not None:
            self.fields["teacher"] = ChoiceOf("教师", teachers)
            self.fields["teacher"].widget.attrs["class"] = "form-select"
            self.order_fields(["teacher"])


class EligibilityExceptionForm(StyledFormMixin, forms.Form):
    """LS15-ELIGIBLE: 例外任用 of a teacher short of the conditions, with the reason."""

    school_year = forms.IntegerField(
        label="学年",
        error_messages={"required": "请填写学年。", "invalid": "学年应为年份，如 2026。"},
    )
    reason = _text("例外任用原因", required=True, rows=3)

    def __init__(self, *args: Any, teachers: list[Teacher], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["teacher"] = ChoiceOf("教师", teachers)
        self.fields["teacher"].widget.attrs["class"] = "form-select"
        self.order_fields(["teacher"])


class HomeVisitForm(StyledFormMixin, forms.Form):
    """LS15-HOMEVISIT: homes of a class visited on a day (a count only)."""

    date = _date("家访日期")
    homes = forms.IntegerField(
        label="家访户数", min_value=1,
        error_messages={"required": "请填写家访户数。", "invalid": "家访户数应为整数。",
                        "min_value": "家访户数至少为 1。"},
    )  # fmt: skip
    note = forms.CharField(
        label="备注", required=False, max_length=200, help_text="不填写学生姓名、住址等个人信息。",
        error_messages={"max_length": "备注最多 200 字。"},
    )  # fmt: skip

    def __init__(self, *args: Any, classes: list[SchoolClass], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["school_class"] = ChoiceOf("班级", classes)
        self.fields["school_class"].widget.attrs["class"] = "form-select"
        self.order_fields(["school_class"])
