"""Portal forms for evidence. They shape and check input; the services decide (which
indicators take which kinds, what a file must be) and their field-keyed errors are put
back on these fields, which carry the services' names."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings

from apps.core.files import ACCEPTED_LABEL
from apps.core.forms import StyledFormMixin
from apps.core.schoolyear import current_school_year, school_year_label

from .models import EvidenceKind
from .selectors import EvidenceIndicator

DECISIONS = [("accept", "通过"), ("return", "退回修改")]


def school_year_choices() -> list[tuple[int, str]]:
    """The current school year, the next one and the two before it, newest first."""
    current = current_school_year()
    return [(year, school_year_label(year)) for year in range(current + 1, current - 3, -1)]


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else f"{text[: limit - 1]}…"


class EvidenceSubmitForm(StyledFormMixin, forms.Form):
    indicator_code = forms.ChoiceField(
        label="指标",
        error_messages={
            "required": "请选择要提交材料的指标。",
            "invalid_choice": "请从列表中选择适用于本校的指标。",
        },
    )
    school_year = forms.TypedChoiceField(
        label="学年",
        coerce=int,
        choices=school_year_choices,
        error_messages={"required": "请选择学年。", "invalid_choice": "请选择列表中的学年。"},
    )
    kind = forms.ChoiceField(
        label="材料类型",
        choices=EvidenceKind.choices,
        error_messages={
            "required": "请选择材料类型。",
            "invalid_choice": "该指标不接受这种材料，请重新选择材料类型。",
        },
    )
    title = forms.CharField(
        label="材料标题",
        max_length=200,
        error_messages={"required": "请填写材料标题。", "max_length": "标题最多 200 字。"},
    )
    statement = forms.CharField(
        label="情况说明",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="“情况说明”类材料必填；上传文件时可简要说明文件内容。",
    )
    file = forms.FileField(
        label="上传文件",
        required=False,
        error_messages={"empty": "文件是空的。", "invalid": "文件上传不完整，请重新选择文件。"},
    )

    def __init__(self, *args: Any, indicators: list[EvidenceIndicator], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.indicators = {entry.code: entry for entry in indicators}
        self.fields["indicator_code"].choices = [  # type: ignore[attr-defined]
            ("", "— 请选择 —"),
            *(
                (code, f"{code} {_short(entry.indicator.title_zh)}")
                for code, entry in self.indicators.items()
            ),
        ]
        limit = settings.EVIDENCE_MAX_BYTES / 1024 / 1024
        self.fields["file"].help_text = f"支持 {ACCEPTED_LABEL}，单个文件不超过 {limit:.0f} MB。"
        self.fields["file"].widget.attrs["accept"] = ".pdf,.doc,.docx,.xls,.xlsx,.png,.jpg,.jpeg"
        selected = self.selected_indicator
        if selected is not None:
            # Only the kinds this indicator takes (the service refuses any other).
            labels = dict(EvidenceKind.choices)
            self.fields["kind"].choices = [(k, labels[k]) for k in selected.kinds]  # type: ignore[attr-defined]
            if len(selected.kinds) == 1:
                self.initial.setdefault("kind", selected.kinds[0])

    @property
    def selected_indicator(self) -> EvidenceIndicator | None:
        code = self.data.get("indicator_code") if self.is_bound else None
        return self.indicators.get(str(code or self.initial.get("indicator_code") or ""))


class ReviewForm(StyledFormMixin, forms.Form):
    """Accept or return. The decision comes from the button pressed; a return needs a
    comment, which the service enforces (its message lands on `comment`)."""

    decision = forms.ChoiceField(
        label="审核结论",
        choices=DECISIONS,
        error_messages={
            "required": "请选择“通过”或“退回修改”。",
            "invalid_choice": "审核结论无效。",
        },
    )
    comment = forms.CharField(
        label="审核意见",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="退回时必填，请写明需要如何修改；通过时可留空。",
        error_messages={"max_length": "审核意见最多 2000 字。"},
    )
    checked_parts = forms.MultipleChoiceField(
        label="材料要件核对",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="逐项确认材料包含以下要件；全部勾选后方可通过。",
        error_messages={"invalid_choice": "“%(value)s”不是本材料的要件。"},
    )

    def __init__(self, *args: Any, parts: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if parts:
            field = self.fields["checked_parts"]
            assert isinstance(field, forms.MultipleChoiceField)
            field.choices = [(p, p) for p in parts]
        else:
            del self.fields["checked_parts"]
