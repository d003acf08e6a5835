"""The upload form of the training imports (one .xlsx file)."""

from __future__ import annotations

from django import forms

from apps.core.forms import StyledFormMixin


class UploadForm(StyledFormMixin, forms.Form):
    file = forms.FileField(
        label="Excel 文件（.xlsx）",
        error_messages={"required": "请选择要上传的文件。", "empty": "文件是空的。"},
    )
