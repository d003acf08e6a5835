"""Cells written to a sheet never start a formula (ARCHITECTURE §7, issue 12 §4): text
that begins with = + - @, a tab, CR, LF or NUL is written as a quote-prefixed text cell,
shown exactly as typed; shares are percentages and days dates."""

from __future__ import annotations

import datetime as dt
import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from apps.core.xlsx import DATE, PERCENT, TableSheet, escape_cell, xlsx_bytes

STARTS = st.sampled_from(["=", "+", "-", "@", "\t", "\r", "\n", "\x00"])
# Text a person could type, minus what XML cannot hold (dropped on write, tested elsewhere).
REST = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff"),
    max_size=40,
)


TEXT = {"s", "inlineStr", "n"}  # n: an empty cell (a text that was only a NUL)


def _reopened(rows: list[list[object]], formats: tuple[str | None, ...] = ()) -> object:
    data = xlsx_bytes([TableSheet("导出", ["名称", "数值"], rows, formats=formats)])
    return load_workbook(io.BytesIO(data))["导出"]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts=st.lists(st.tuples(STARTS, REST).map("".join), min_size=1, max_size=20))
def test_no_text_that_starts_like_a_formula_is_stored_as_one(texts: list[str]) -> None:
    sheet = _reopened([[text, 1] for text in texts])
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]  # type: ignore[attr-defined]
    assert not [c.value for c in cells if c.data_type not in TEXT]  # never "f" (a formula)
    # What was typed comes back as typed: XML keeps line ends as LF and cannot hold NUL.
    typed = [escape_cell(t).replace("\r\n", "\n").replace("\r", "\n") for t in texts]
    assert [c.value or "" for c in cells] == typed


def test_a_share_is_a_percentage_and_a_day_a_date() -> None:
    sheet = _reopened([["甲校", 0.75], ["乙校", None]], formats=(None, PERCENT))
    assert sheet["B2"].value == 0.75 and sheet["B2"].number_format == PERCENT  # type: ignore[index]
    assert sheet["B3"].value is None  # type: ignore[index]
    day = _reopened([["报告日", dt.date(2026, 12, 1)]], formats=(None, DATE))
    assert day["B2"].is_date and day["B2"].number_format == DATE  # type: ignore[index]


def test_ordinary_values_are_untouched() -> None:
    sheet = _reopened([["张三", 42], ["2025学年", 3.5]])
    assert [[c.value for c in row] for row in sheet.iter_rows(min_row=2)] == [  # type: ignore[attr-defined]
        ["张三", 42],
        ["2025学年", 3.5],
    ]
