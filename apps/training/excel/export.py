"""The ledger export: a school's ledger of a school year (or one semester) as an .xlsx,
on a temporary file.

1. Sheet 学时台账: one row per entry, oldest first per teacher, read with a server-side
   cursor in chunks (memory and queries do not grow with the rows).
2. Sheet 教师汇总: per teacher of the school (active, or with entries in the period) the
   hours by credit class from one aggregate query, and credits converted per semester by
   the district's rates (`selectors.credits.credit_params`, `credits_for`, PT24-CREDIT) —
   blank when the district's packs define no conversion.
3. Sheet 说明: what the file is, when it was made, and how credits were converted.

The kit writes it (`apps.core.xlsx.write_xlsx`: write-only, bold frozen headers, every
text cell escaped so a name or title that begins like a formula stays text).
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import IO, Any

from django.utils import timezone

from apps.core.schoolyear import school_year_label
from apps.core.xlsx import TableSheet, write_xlsx
from apps.tenancy.models import School
from apps.training.models import CreditClass, EntryKind
from apps.training.selectors.credits import credit_params, credits_for
from apps.training.selectors.ledger import (
    EXPORT_FIELDS,
    ledger_for_export,
    ledger_hours_by_term,
    ledger_teachers,
)

EXPORT_CHUNK = 2000
LEDGER_HEADERS = (
    "编号", "工号", "姓名", "日期", "学年", "学期", "来源", "名称", "学时", "学分类别",
    "冲销记录", "更正理由",
)  # fmt: skip
TOTAL_HEADERS = ("工号", "姓名", "讲座类学时", "实践类学时", "合计学时", "学分（按本区折算）")
TERMS = {1: "第一学期", 2: "第二学期"}


def _ledger_rows(school: School, school_year: int, semester: int | None) -> Iterator[list[Any]]:
    """Step 1: plain tuples from the cursor (no model per row), labels looked up once —
    the writer, not the rows, is what an export of many rows waits for."""
    kinds = {key: str(label) for key, label in EntryKind.choices}
    classes = {key: str(label) for key, label in CreditClass.choices}
    years: dict[int, str] = {}
    entries = ledger_for_export(school=school, school_year=school_year, semester=semester)
    for (
        pk, day, year, term, kind, title, hours, credit_class, reason,
        employee_no, name, reversed_id, reversed_date, reversed_title,
    ) in entries.values_list(*EXPORT_FIELDS).iterator(chunk_size=EXPORT_CHUNK):  # fmt: skip
        if year not in years:
            years[year] = school_year_label(year)
        yield [
            pk,
            employee_no,
            name,
            day,
            years[year],
            TERMS.get(term, str(term)),
            kinds.get(kind, kind),
            title,
            hours,
            classes.get(credit_class, credit_class),
            f"#{reversed_id} {reversed_date:%Y-%m-%d} {reversed_title}" if reversed_id else None,
            reason or None,
        ]


def _total_rows(
    school: School, school_year: int, semester: int | None, params: dict[str, Any] | None
) -> Iterator[list[Any]]:
    """Step 2."""
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
        yield [teacher.employee_no, teacher.name, lecture, practice, lecture + practice, credits]


def _notes(school: School, period: str, params: dict[str, Any] | None) -> list[list[Any]]:
    """Step 3."""
    conversion = (
        f"学分按本区折算：讲座类每 {params['lecture_hours_per_credit']} 学时、"
        f"实践类每 {params['practice_hours_per_credit']} 学时计 1 学分，按学期分别折算。"
        if params
        else "本区政策包未规定学时折算学分的标准，学分列留空。"
    )
    return [
        [f"{school.name} · {period} 学时台账"],
        [f"导出时间：{timezone.localtime():%Y-%m-%d %H:%M}"],
        [conversion],
    ]


def ledger_export(*, school: School, school_year: int, semester: int | None = None) -> IO[bytes]:
    """The school's ledger for a school year (or one semester) as an .xlsx in a temporary
    file, positioned at its start (the caller streams and closes it), in a fixed number of
    queries."""
    period = school_year_label(school_year) + (TERMS[semester] if semester else "")
    params = credit_params(district=school.district)
    return write_xlsx(
        [
            TableSheet("学时台账", LEDGER_HEADERS, _ledger_rows(school, school_year, semester)),
            TableSheet(
                "教师汇总", TOTAL_HEADERS, _total_rows(school, school_year, semester, params)
            ),
            TableSheet("说明", (), _notes(school, period, params), widths=(100,)),
        ]
    )
