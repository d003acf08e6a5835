"""The ledger export: a school's ledger of a school year (or one semester) as an .xlsx,
written by an openpyxl write-only workbook on a temporary file.

1. Sheet 学时台账: one row per entry, oldest first per teacher, read with a server-side
   cursor in chunks (memory and queries do not grow with the rows).
2. Sheet 教师汇总: per teacher of the school (active, or with entries in the period) the
   hours by credit class from one aggregate query, and credits converted per semester by
   the district's rates (`selectors.credits.credit_params`, `credits_for`, PT24-CREDIT) —
   blank when the district's packs define no conversion.
3. Sheet 说明: what the file is, when it was made, and how credits were converted.

Every text cell goes through `escape_cell`: a name or title that begins like a formula
stays text.
"""

from __future__ import annotations

import tempfile
from decimal import Decimal
from typing import IO, Any

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from apps.core.schoolyear import school_year_label
from apps.core.xlsx import escape_cell
from apps.tenancy.models import School
from apps.training.models import CreditClass, EntryKind, LedgerEntry
from apps.training.selectors.credits import credit_params, credits_for
from apps.training.selectors.ledger import ledger_for_export, ledger_hours_by_term, ledger_teachers

EXPORT_CHUNK = 2000
LEDGER_HEADERS = (
    "编号", "工号", "姓名", "日期", "学年", "学期", "来源", "名称", "学时", "学分类别",
    "冲销记录", "更正理由",
)  # fmt: skip
TOTAL_HEADERS = ("工号", "姓名", "讲座类学时", "实践类学时", "合计学时", "学分（按本区折算）")
TERMS = {1: "第一学期", 2: "第二学期"}


def _text(value: Any) -> Any:
    return escape_cell(value)


def _header(sheet: Any, titles: tuple[str, ...]) -> None:
    bold = Font(bold=True)
    cells = []
    for title in titles:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = bold
        cells.append(cell)
    sheet.append(cells)


def _entry_cells(entry: LedgerEntry, kinds: dict[str, Any], classes: dict[str, Any]) -> list[Any]:
    reversed_entry = entry.reverses
    return [
        entry.pk,
        _text(entry.teacher.employee_no),
        _text(entry.teacher.name),
        entry.date,
        _text(school_year_label(entry.school_year)),
        _text(TERMS.get(entry.semester, str(entry.semester))),
        _text(str(kinds.get(entry.kind, entry.kind))),
        _text(entry.title),
        entry.hours,
        _text(str(classes.get(entry.credit_class, entry.credit_class))),
        _text(f"#{reversed_entry.pk} {reversed_entry.date:%Y-%m-%d} {reversed_entry.title}")
        if reversed_entry
        else None,
        _text(entry.reason) or None,
    ]


def _ledger_sheet(
    workbook: Workbook, school: School, school_year: int, semester: int | None
) -> None:
    """Step 1."""
    ledger = workbook.create_sheet("学时台账")
    ledger.freeze_panes = "A2"
    _header(ledger, LEDGER_HEADERS)
    kinds = dict(EntryKind.choices)
    classes = dict(CreditClass.choices)
    entries = ledger_for_export(school=school, school_year=school_year, semester=semester)
    for entry in entries.iterator(chunk_size=EXPORT_CHUNK):
        ledger.append(_entry_cells(entry, kinds, classes))


def _totals_sheet(
    workbook: Workbook,
    school: School,
    school_year: int,
    semester: int | None,
    params: dict[str, Any] | None,
) -> None:
    """Step 2."""
    totals = workbook.create_sheet("教师汇总")
    totals.freeze_panes = "A2"
    _header(totals, TOTAL_HEADERS)
    by_term = ledger_hours_by_term(school=school, school_year=school_year, semester=semester)
    for teacher in ledger_teachers(school=school, with_rows=list(by_term)):
        terms = by_term.get(teacher.pk, {})
        lecture = sum((t[CreditClass.LECTURE] for t in terms.values()), Decimal(0))
        practice = sum((t[CreditClass.PRACTICE] for t in terms.values()), Decimal(0))
        credits = (
            sum(
                (
                    credits_for(t[CreditClass.LECTURE], t[CreditClass.PRACTICE], params)
                    for t in terms.values()
                ),
                Decimal(0),
            )
            if params
            else None
        )
        totals.append(
            [
                _text(teacher.employee_no),
                _text(teacher.name),
                lecture,
                practice,
                lecture + practice,
                credits,
            ]
        )


def _notes_sheet(workbook: Workbook, school: School, period: str, params: Any) -> None:
    """Step 3."""
    note = workbook.create_sheet("说明")
    note.append([_text(f"{school.name} · {period} 学时台账")])
    note.append([_text(f"导出时间：{timezone.localtime():%Y-%m-%d %H:%M}")])
    if params:
        note.append(
            [
                _text(
                    f"学分按本区折算：讲座类每 {params['lecture_hours_per_credit']} 学时、"
                    f"实践类每 {params['practice_hours_per_credit']} 学时计 1 学分，"
                    "按学期分别折算。"
                )
            ]
        )
    else:
        note.append(["本区政策包未规定学时折算学分的标准，学分列留空。"])


def ledger_export(*, school: School, school_year: int, semester: int | None = None) -> IO[bytes]:
    """The school's ledger for a school year (or one semester) as an .xlsx in a temporary
    file, positioned at its start (the caller streams and closes it), in a fixed number of
    queries."""
    workbook = Workbook(write_only=True)
    period = school_year_label(school_year) + (TERMS[semester] if semester else "")
    _ledger_sheet(workbook, school, school_year, semester)
    params = credit_params(district=school.district)
    _totals_sheet(workbook, school, school_year, semester, params)
    _notes_sheet(workbook, school, period, params)
    output = tempfile.TemporaryFile()  # noqa: SIM115 - the response streams and closes it
    workbook.save(output)
    output.seek(0)
    return output
