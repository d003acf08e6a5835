"""The kit's xlsx writing: exports with frozen Chinese headers and escaped cells, and
import templates with drop-downs and hints (ARCHITECTURE §7)."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from apps.core.xlsx import Column, TableSheet, TemplateSheet, build_template, xlsx_bytes


def test_an_export_escapes_text_freezes_its_header_and_sizes_its_columns() -> None:
    rows = (["T1", "=cmd|' /C calc'!A0", 2.5], ["T2", "@SUM(A1)", None])
    data = xlsx_bytes(
        [
            TableSheet("学时台账", ("工号", "名称", "学时"), iter(rows)),
            TableSheet("说明", (), [["导出时间：2026-12-01"]]),
        ]
    )
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook["学时台账"]
    assert [c.value for c in sheet[1]] == ["工号", "名称", "学时"]
    assert sheet[1][0].font.bold
    assert sheet.freeze_panes == "A2"
    assert sheet["B2"].value == "=cmd|' /C calc'!A0"  # shown as typed …
    assert sheet["B2"].data_type == "s" and sheet["B2"].quotePrefix  # … as text, never a formula
    assert sheet["B3"].value == "@SUM(A1)" and sheet["B3"].data_type == "s"
    assert sheet.auto_filter.ref == "A1:C3"
    assert sheet["C2"].value == 2.5
    assert sheet.column_dimensions["B"].width >= 12
    assert workbook["说明"]["A1"].value == "导出时间：2026-12-01"
    assert workbook["说明"].freeze_panes is None


def test_a_template_has_its_guide_required_marks_and_drop_downs() -> None:
    data = build_template(
        heading="名册导入模板",
        guide=["1. 从第 2 行开始填写。"],
        sheets=[
            TemplateSheet(
                "教师",
                (Column("工号", "no", required=True, hint="本校唯一"), Column("性别", "gender")),
                {"gender": ["男", "女"]},
            )
        ],
        rows=100,
    )
    workbook = load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == ["填写说明", "教师"]
    guide = [row[0] for row in workbook["填写说明"].iter_rows(values_only=True)]
    assert guide == ["名册导入模板", "1. 从第 2 行开始填写。", "教师 · 工号：本校唯一"]
    sheet = workbook["教师"]
    assert [c.value for c in sheet[1]] == ["工号*", "性别"]
    assert sheet.freeze_panes == "A2"
    (validation,) = sheet.data_validations.dataValidation
    assert validation.formula1 == '"男,女"'
    assert str(validation.sqref) == "B2:B101"


def test_a_choices_label_is_written_as_its_text() -> None:
    """A row may carry a choice's label (a lazy translation, e.g. 市级名班主任 in the
    talent pool's report rows): the sheet holds its text, it does not fail the export."""
    from django.utils.translation import gettext_lazy

    book = load_workbook(
        io.BytesIO(xlsx_bytes([TableSheet("人才库", ("级别",), [[gettext_lazy("市级名班主任")]])]))
    )
    assert book["人才库"]["A2"].value == "市级名班主任"
