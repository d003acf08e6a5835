"""Training forms. They shape and check input only; the services hold the rules (the
research-session record of XH26-A2-1, hours ranges, dates, who may act) and their
field-keyed Chinese errors are put back on these fields, which carry the services' names."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.conf import settings

from apps.core.files import ACCEPTED_LABEL
from apps.core.forms import StyledFormMixin
from apps.core.schoolyear import current_school_year, school_year_label
from apps.people.models import Teacher

from .models import (
    AchievementKind,
    AchievementLevel,
    ContentTier,
    CreditClass,
    ExternalLevel,
    Layer,
    Module,
    OrganiserLevel,
    ProbationBucket,
    Programme,
    TrainingForm,
)
from .services import MAX_ATTACHMENTS, MIN_MINUTES_CHARS

DATE_ERRORS = {"required": "请填写日期。", "invalid": "请输入有效日期，格式如 2026-03-18。"}
HOURS_ERRORS = {
    "required": "请填写学时。",
    "invalid": "学时应为数字，如 2 或 1.5。",
    "max_digits": "学时数值过大。",
    "max_decimal_places": "学时最多保留 1 位小数，如 1.5。",
    "max_whole_digits": "学时数值过大。",
}
FILE_ACCEPT = ".pdf,.doc,.docx,.xls,.xlsx,.png,.jpg,.jpeg"
DECISIONS = [("verify", "审定通过"), ("return", "退回")]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def hours_field(label: str = "学时", **kwargs: Any) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        max_digits=5,
        decimal_places=1,
        error_messages=HOURS_ERRORS,
        widget=forms.NumberInput(attrs={"step": "0.5", "min": "0.5", "inputmode": "decimal"}),
        **kwargs,
    )


def school_year_choices() -> list[tuple[int, str]]:
    """This school year and the five before it, newest first."""
    current = current_school_year()
    return [(year, school_year_label(year)) for year in range(current, current - 6, -1)]


def _file_field() -> forms.FileField:
    limit = settings.EVIDENCE_MAX_BYTES / 1024 / 1024
    return forms.FileField(
        label="证明材料",
        required=False,
        help_text=f"可选。支持 {ACCEPTED_LABEL}，不超过 {limit:.0f} MB。",
        error_messages={"empty": "文件是空的。", "invalid": "文件上传不完整，请重新选择文件。"},
        widget=forms.ClearableFileInput(attrs={"accept": FILE_ACCEPT}),
    )


class ActivityAttachmentForm(StyledFormMixin, forms.Form):
    """A file kept with an activity's record (sign-in sheet, slides, photos)."""

    title = forms.CharField(
        label="说明",
        required=False,
        max_length=200,
        help_text="可选，如“签到表”“活动照片”“主讲课件”。",
        error_messages={"max_length": "说明最多 200 字。"},
    )
    file = forms.FileField(
        label="附件",
        help_text=(
            f"支持 {ACCEPTED_LABEL}，不超过 {settings.EVIDENCE_MAX_BYTES / 1024 / 1024:.0f} MB；"
            f"每个活动最多 {MAX_ATTACHMENTS} 个。"
        ),
        error_messages={
            "required": "请选择要上传的附件。",
            "empty": "文件是空的。",
            "invalid": "文件上传不完整，请重新选择文件。",
        },
        widget=forms.FileInput(attrs={"accept": FILE_ACCEPT}),
    )


class ActivityForm(StyledFormMixin, forms.Form):
    """A training activity (PT24-FORMS/CREDIT/MODULES/TIERS, XH26-TIER, XH26-A2-1)."""

    organiser_level = forms.ChoiceField(
        label="组织层级",
        choices=[c for c in OrganiserLevel.choices if c[0] != OrganiserLevel.DISTRICT],
        error_messages={"invalid_choice": "请选择校级、工作室或工作坊。"},
    )
    organiser_name = forms.CharField(
        label="组织者",
        required=False,
        max_length=100,
        help_text="工作室、工作坊活动请写明其名称；校级活动可留空。",
    )
    title = forms.CharField(
        label="活动名称",
        max_length=200,
        error_messages={"required": "请填写活动名称。", "max_length": "活动名称最多 200 字。"},
    )
    date = forms.DateField(label="日期", widget=DateInput(), error_messages=DATE_ERRORS)
    hours = hours_field()
    form = forms.ChoiceField(label="研修形式", choices=TrainingForm.choices)
    credit_class = forms.ChoiceField(
        label="学分类别",
        choices=CreditClass.choices,
        help_text="讲座类与实践类按本区规定分别折算学分（PT24-CREDIT）。",
    )
    module = forms.ChoiceField(label="课程模块", choices=Module.choices, initial=Module.OTHER)
    content_tier = forms.TypedChoiceField(
        label="内容层级",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "— 不区分 —"), *ContentTier.choices],
    )
    programme = forms.ChoiceField(label="培养工程", choices=Programme.choices)
    probation_bucket = forms.ChoiceField(label="见习培训类别", choices=ProbationBucket.choices)
    layer = forms.ChoiceField(label="培训层次", choices=Layer.choices)
    is_research_session = forms.BooleanField(
        label="问题导向型研修",
        required=False,
        help_text=(
            "计入每月研修次数（XH26-A2-1）。勾选后须写明研究的问题，并填写不少于 "
            f"{MIN_MINUTES_CHARS} 字的活动纪要；事务性会议不能登记为研修。"
        ),
    )
    is_joint_ideological = forms.BooleanField(label="与思政课教师共同研修", required=False)
    is_cadre_training = forms.BooleanField(label="德育干部培训", required=False)
    topic = forms.CharField(
        label="研修主题（研究的问题）",
        required=False,
        max_length=300,
        help_text="如“青春期学生同伴冲突的成因与干预”。",
        error_messages={"max_length": "研修主题最多 300 字。"},
    )
    minutes = forms.CharField(
        label="活动纪要",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="研讨了什么、形成了哪些结论或改进措施。",
    )

    def __init__(self, *args: Any, district_level: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if district_level:
            # A district activity is organised by the district: no level to choose.
            del self.fields["organiser_level"]
            self.fields["organiser_name"].help_text = "如 区教育学院德研室、师训部。"


class AttendanceForm(forms.Form):
    """The sign-in checklist: ids of the ticked teachers and each one's hours (fields
    `hours_<teacher id>`, defaulting to the activity's hours). Which ids are valid is
    decided by the view's scoped selector, the ranges by the service."""

    teachers = forms.TypedMultipleChoiceField(
        coerce=int,
        required=True,
        error_messages={"required": "请至少勾选一位参加的教师。"},
    )

    def __init__(self, *args: Any, candidate_ids: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["teachers"].choices = [(i, str(i)) for i in candidate_ids]  # type: ignore[attr-defined]
        self.fields["teachers"].error_messages["invalid_choice"] = (
            "所选教师不属于本活动的范围，请刷新页面后重新勾选。"
        )

    def hours_for(self, teacher_ids: list[int]) -> dict[int, Any]:
        """Per-teacher hours from the raw data; a blank keeps the activity's hours. A value
        that is not a number is reported on `hours`."""
        result: dict[int, Any] = {}
        bad = []
        for teacher_id in teacher_ids:
            raw = (self.data.get(f"hours_{teacher_id}") or "").strip()
            if not raw:
                continue
            try:
                value = Decimal(raw)
            except InvalidOperation:
                bad.append(raw)
                continue
            if not value.is_finite():
                bad.append(raw)
                continue
            result[teacher_id] = value.quantize(Decimal("0.1"))
        if bad:
            self.add_error(None, f"认定学时应为数字：{'、'.join(bad)}。")
        return result


class ExternalReviewForm(StyledFormMixin, forms.Form):
    """学时审定: verify or return; a return needs a comment (the service says so)."""

    decision = forms.ChoiceField(
        label="审定结论",
        choices=DECISIONS,
        error_messages={
            "required": "请选择“审定通过”或“退回”。",
            "invalid_choice": "审定结论无效。",
        },
    )
    comment = forms.CharField(
        label="审定意见",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="退回时必填，请写明原因，如“学时与证明不符”。",
        error_messages={"max_length": "审定意见最多 2000 字。"},
    )


class ReverseForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(
        label="更正理由",
        required=False,
        max_length=2000,
        error_messages={"max_length": "更正理由最多 2000 字。"},
    )


class CreditAssignForm(forms.Form):
    school_year = forms.TypedChoiceField(coerce=int, choices=school_year_choices)
    semester = forms.TypedChoiceField(coerce=int, choices=[(1, "第一学期"), (2, "第二学期")])


class ArchiveEntryForm(StyledFormMixin, forms.Form):
    """XH26-A3-1, PT24-ARCHIVE: an achievement or honour with its level and evidence."""

    kind = forms.ChoiceField(label="类别", choices=AchievementKind.choices)
    level = forms.ChoiceField(label="级别", choices=AchievementLevel.choices)
    title = forms.CharField(
        label="名称",
        max_length=200,
        help_text="如论文题目、奖项名称、公开课课题。",
        error_messages={"required": "请填写名称。", "max_length": "名称最多 200 字。"},
    )
    date = forms.DateField(label="日期", widget=DateInput(), error_messages=DATE_ERRORS)
    description = forms.CharField(
        label="说明", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    file = _file_field()

    def __init__(self, *args: Any, teachers: list[Teacher] | None = None, **kwargs: Any) -> None:
        """With several teacher records (a teacher at two schools), which one it is for."""
        super().__init__(*args, **kwargs)
        if teachers and len(teachers) > 1:
            self.fields["teacher"] = forms.TypedChoiceField(
                label="所在学校",
                coerce=int,
                choices=[(t.pk, t.school.name) for t in teachers],
                widget=forms.Select(attrs={"class": "form-select"}),
                error_messages={"invalid_choice": "请选择你任教的学校。"},
            )
            self.order_fields(["teacher"])


class ExternalTrainingForm(StyledFormMixin, forms.Form):
    """A teacher logs training done elsewhere; it counts once the school verifies it."""

    teacher = forms.TypedChoiceField(label="所在学校", coerce=int, required=False, empty_value=None)
    title = forms.CharField(
        label="培训名称",
        max_length=200,
        error_messages={"required": "请填写培训名称。", "max_length": "培训名称最多 200 字。"},
    )
    organiser = forms.CharField(
        label="主办单位",
        max_length=100,
        help_text="如 区教育学院、市师资培训中心。",
        error_messages={"required": "请填写主办单位。", "max_length": "主办单位最多 100 字。"},
    )
    organiser_level = forms.ChoiceField(label="主办层级", choices=ExternalLevel.choices)
    date = forms.DateField(label="培训日期", widget=DateInput(), error_messages=DATE_ERRORS)
    hours = hours_field()
    credit_class = forms.ChoiceField(
        label="学分类别",
        choices=CreditClass.choices,
        help_text="讲座、报告选“讲座类”；观摩、实践、研讨选“实践类”。",
    )
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    file = _file_field()

    def __init__(self, *args: Any, teachers: list[Teacher], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["teacher"].choices = [(t.pk, t.school.name) for t in teachers]  # type: ignore[attr-defined]
        self.fields["teacher"].error_messages["invalid_choice"] = "请选择你任教的学校。"
        if len(teachers) == 1:
            self.fields["teacher"].widget = forms.HiddenInput()
            self.initial.setdefault("teacher", teachers[0].pk)
