"""Forms of the district admin's school pages."""

from __future__ import annotations

from django import forms

from apps.core.forms import StyledFormMixin

from .models import FeaturedProject, SchoolType


class SchoolForm(StyledFormMixin, forms.Form):
    code = forms.CharField(
        label="学校代码", max_length=40, help_text="本区唯一，字母、数字、- 或 _，如 XH001"
    )
    name = forms.CharField(label="学校名称", max_length=100)
    school_type = forms.ChoiceField(label="学段类型", choices=SchoolType.choices)
    is_rural = forms.TypedChoiceField(
        label="城乡",
        choices=[("0", "城市"), ("1", "农村")],
        coerce=lambda value: value == "1",
        initial="0",
    )
    education_group = forms.CharField(
        label="教育集团",
        max_length=80,
        required=False,
        help_text="集团名称；本区还没有的会自动新建",
    )
    featured_projects = forms.MultipleChoiceField(
        label="参与的特色项目",
        choices=FeaturedProject.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    reason = forms.CharField(
        label="调整原因",
        max_length=200,
        required=False,
        help_text="调整特色项目时必填；与修改人、时间一起记入“谁改了什么”。",
    )


class ReasonForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(
        label="原因",
        max_length=200,
        error_messages={"required": "请填写原因，它会与操作人、时间一起留存。"},
    )


class SchoolUploadForm(StyledFormMixin, forms.Form):
    file = forms.FileField(
        label="学校名单（.xlsx）",
        error_messages={"required": "请选择要上传的文件。", "empty": "文件是空的。"},
    )
