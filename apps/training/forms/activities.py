"""Forms of training activities: the activity itself (PT24-FORMS/CREDIT/MODULES/TIERS,
XH26-TIER, XH26-A2-1) and a file kept with its record."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings

from apps.core.files import ACCEPTED_LABEL
from apps.core.forms import StyledFormMixin
from apps.training.models import (
    ContentTier,
    CreditClass,
    Layer,
    Module,
    OrganiserLevel,
    ProbationBucket,
    Programme,
    TrainingForm,
)
from apps.training.services.activities import MAX_ATTACHMENTS

from .common import DATE_ERRORS, FILE_ACCEPT, DateInput, hours_field


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
            "计入每月研修次数（XH26-A2-1）。勾选后须选定主题模块、写明研究的问题并填写活动"
            "纪要（字数及出席班主任人数按本区政策参数）；区教育局可抽查，认定为事务性会议的"
            "不计入。"
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
