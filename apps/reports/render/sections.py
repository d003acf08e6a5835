"""The domain apps' sections of the compliance reports: after the indicators, each app
that keeps records of its own (probation …) adds a table — a school's own rows in the
school report, counts per school in the district report — and the same table as a sheet
of the Excel file. Each section is read through the app's public selectors, set-based."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from apps.core.xlsx import TableSheet
from apps.probation import selectors as probation
from apps.tenancy.models import District, School


@dataclass(frozen=True)
class DomainSection:
    title: str
    headers: tuple[str, ...]
    rows: list[list[Any]]
    empty: str  # what the section says when it has no row
    note: str = ""

    def sheet(self) -> TableSheet:
        return TableSheet(self.title[:28], self.headers, self.rows or [[self.empty]])


SchoolSource = Callable[[School, int], DomainSection]
DistrictSource = Callable[[District, int], DomainSection]


def _probation_school(school: School, year: int) -> DomainSection:
    return DomainSection(
        "见习班主任（8+32+X）",
        probation.SCHOOL_HEADERS,
        probation.school_report_rows(school=school, school_year=year),
        empty="本学年没有见习班主任记录。",
        note="学时为“已完成/应完成”；考核为本轮考核结果（XH26-PROB-HOURS、XH26-PROB-ASSESS）。",
    )


def _probation_district(district: District, year: int) -> DomainSection:
    return DomainSection(
        "见习班主任（各校）",
        probation.DISTRICT_HEADERS,
        probation.district_report_rows(district=district, school_year=year),
        empty="本学年各校均无见习班主任记录。",
        note="逾期未聘任：见习期已满仍未正式聘任（含暂缓聘任），计入 XH26-A1-1 未达标。",
    )


SCHOOL_SOURCES: tuple[SchoolSource, ...] = (_probation_school,)
DISTRICT_SOURCES: tuple[DistrictSource, ...] = (_probation_district,)


def school_sections(school: School, year: int) -> list[DomainSection]:
    return [source(school, year) for source in SCHOOL_SOURCES]


def district_sections(district: District, year: int) -> list[DomainSection]:
    return [source(district, year) for source in DISTRICT_SOURCES]
