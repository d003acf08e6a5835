"""The kit's text checks (apps.core.text): control characters are refused by forms,
serializers and services in one message naming the field, and text stored before the
checks existed still exports."""

from __future__ import annotations

import io

import pytest
from django import forms
from openpyxl import load_workbook
from rest_framework import serializers

from apps.core.api import TextCheckedSerializerMixin
from apps.core.forms import StyledFormMixin
from apps.core.text import control_characters, text_errors, xml_safe
from apps.core.xlsx import TableSheet, xlsx_bytes


class NameForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label="姓名", max_length=40)
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea)


class NameInput(TextCheckedSerializerMixin, serializers.Serializer):  # type: ignore[type-arg]
    name = serializers.CharField(label="姓名", max_length=40)
    note = serializers.CharField(required=False, allow_blank=True)


@pytest.mark.parametrize("typed", ["王\x00芳", "王\x1f芳", "王\x0b芳", "\x7f王芳"])
def test_a_form_refuses_control_characters_naming_the_field(typed: str) -> None:
    """A NUL used to get Django's "不允许是用空字符串" (a mistranslation that names no field);
    U+001F got through and broke the school's ledger export later."""
    form = NameForm(data={"name": typed})
    assert not form.is_valid()
    [message] = form.errors["name"]
    assert message.startswith("“姓名”不能包含不可见字符（如 ")
    assert "不允许是用空字符串" not in message
    assert "is-invalid" in form.fields["name"].widget.attrs["class"]


def test_the_nul_message_says_nul() -> None:
    form = NameForm(data={"name": "王\x00芳"})
    form.is_valid()
    assert form.errors["name"] == ["“姓名”不能包含不可见字符（如 NUL），请删除后重试。"]


def test_line_breaks_and_tabs_of_a_textarea_are_kept() -> None:
    form = NameForm(data={"name": "王芳", "note": "第一行\r\n第二行\t缩进"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["note"] == "第一行\r\n第二行\t缩进"


def test_a_serializer_refuses_them_too_by_label_else_by_name() -> None:
    data = NameInput(data={"name": "王\x00芳", "note": "备\x1f注"})
    assert not data.is_valid()
    assert data.errors["name"] == ["“姓名”不能包含不可见字符（如 NUL），请删除后重试。"]
    assert data.errors["note"] == ["“note”不能包含不可见字符（如 U+001F），请删除后重试。"]


def test_services_ask_text_errors_for_their_fields() -> None:
    errors = text_errors({"title": "培训\x08", "note": "好"}, {"title": "培训名称", "note": "说明"})
    assert errors == {"title": "“培训名称”不能包含不可见字符（如 U+0008），请删除后重试。"}
    assert control_characters("a\nb\tc\rd") == []


def test_an_export_of_text_stored_with_control_characters_still_opens() -> None:
    """What was stored before the checks (王\\u001f芳) is written without the character, and
    a text that starts like a formula stays text."""
    data = xlsx_bytes([TableSheet("台账", ["姓名", "名称"], [["王\x1f芳", "\x00=1+1"]])])
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    assert [c.value for c in sheet[2]] == ["王芳", "=1+1"]
    assert sheet["B2"].data_type == "s"
    assert xml_safe("a\ud800b\ufffe") == "ab"
