"""The domain apps' sections of the compliance reports: after the indicators, each app
that keeps records of its own (probation, studios, backbone …) adds a table — a school's
own rows in the school report, counts per school in the district report — and the same
table as a sheet of the Excel file. Each section is read through the app's public
selectors, set-based."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from apps.backbone.selectors import reports as backbone
from apps.core.xlsx import TableSheet
from apps.probation import selectors as probation
from apps.studios import selectors as studios
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


PIPELINE_HEADERS = (
    "培养型副班主任", "有培养路径", "考核合格", "已聘任班主任", "专家型副班主任", "个案指导",
    "后备人才（储备中）", "家访覆盖班级", "家访户数/学生数",
)  # fmt: skip


def _pipeline_rows(schools: list[School], year: int) -> dict[int, list[Any]]:
    """Per school: the deputies' train → assess → appoint loop (XH26-DEPUTY, A2P-1.*), the
    reserve pool (XH26-RESERVE) and the home visits (LS15-HOMEVISIT)."""
    deputies = probation.deputy_summary(schools=schools, school_year=year)
    reserve = probation.reserve_summary(schools=schools, school_year=year)
    visits = probation.home_visit_summary(schools=schools, school_year=year)
    rows = {}
    for s in schools:
        d, v = deputies[s.pk], visits[s.pk]
        rows[s.pk] = [
            d["training"], d["with_path"], d["passed"], d["appointed"], d["expert"], d["cases"],
            reserve[s.pk].get("active", 0), f"{v['covered']}/{v['classes']}",
            f"{v['homes']}/{v['students']}",
        ]  # fmt: skip
    return rows


def _pipeline_school(school: School, year: int) -> DomainSection:
    row = _pipeline_rows([school], year)[school.pk]
    return DomainSection("副班主任、后备人才与家访", PIPELINE_HEADERS, [row], empty="")


def _pipeline_district(district: District, year: int) -> DomainSection:
    schools = list(School.objects.filter(district=district).order_by("code"))
    rows = _pipeline_rows(schools, year)
    return DomainSection(
        "副班主任、后备人才与家访（各校）", ("学校代码", "学校", *PIPELINE_HEADERS),
        [[s.code, s.name, *rows[s.pk]] for s in schools], empty="本区尚无学校。",
        note="副班主任“培养—考核—聘任”闭环（XH26-A2P-1.3）；后备人才池（XH26-RESERVE）；"
        "家访按班级学生数核对（LS15-HOMEVISIT）。",
    )  # fmt: skip


def _studios_school(school: School, year: int) -> DomainSection:
    return DomainSection(
        "工作室与工作坊", studios.SCHOOL_REPORT_HEADERS,
        studios.school_report_rows(school=school, school_year=year),
        empty="本校没有主持或参与的工作室、工作坊。",
        note="本校主持、所在或有成员参与的工作室与工作坊；简报为本学年已到期季度的按时/逾期/缺报数"
        "（XH26-A2-2、XH26-STUDIO-MONTHLY、XB23-BRIEF）。",
    )  # fmt: skip


def _studios_district(district: District, year: int) -> DomainSection:
    return DomainSection(
        "工作室与工作坊（全区）", studios.DISTRICT_REPORT_HEADERS,
        studios.district_report_rows(district=district, school_year=year),
        empty="本区尚未登记工作室或工作坊。",
        note="成员后括号为成员来自的学校数；收入成果集见《工作室成果集》（XH26-A2P-4.3）；"
        "简报为本学年已到期季度的按时/逾期/缺报数（XB23-BRIEF）。",
    )  # fmt: skip


SCHOOL_SOURCES: tuple[SchoolSource, ...] = (_probation_school, _pipeline_school, _studios_school)
DISTRICT_SOURCES: tuple[DistrictSource, ...] = (
    _probation_district, _pipeline_district, _studios_district,
)  # fmt: skip


def _backbone(section: backbone.ReportSection, **scope: Any) -> DomainSection:
    """A backbone section (apps.backbone.selectors.reports: the packs the district holds)."""
    rows = section.rows(**scope)
    return DomainSection(section.title, tuple(section.headers), rows, section.empty, section.note)


def school_sections(school: School, year: int) -> list[DomainSection]:
    own = backbone.report_sections(district=school.district, scope="school")
    return [source(school, year) for source in SCHOOL_SOURCES] + [
        _backbone(section, school=school, year=year) for section in own
    ]


def district_sections(district: District, year: int) -> list[DomainSection]:
    own = backbone.report_sections(district=district, scope="district")
    return [source(district, year) for source in DISTRICT_SOURCES] + [
        _backbone(section, district=district, year=year) for section in own
    ]
