"""Cells written to a sheet never start a formula (ARCHITECTURE §7)."""

import pytest

from apps.core.xlsx import escape_cell


@pytest.mark.parametrize("text", ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tx", "\rx"])
def test_dangerous_text_is_escaped(text: str) -> None:
    assert escape_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["张三", "2025学年", 42, None, 3.5])
def test_ordinary_values_are_untouched(value: object) -> None:
    assert escape_cell(value) == value
