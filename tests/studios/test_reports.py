"""The studios' sections of the compliance reports (issue 14): a school's report lists the
teams it runs, hosts or has members in — here the persona world's district studio, with
this school's members counted apart from the whole team — and the district's report lists
every team with its members and the schools they come from. XH26-A2-2, XB23-BRIEF."""

from __future__ import annotations

from apps.reports.models import ReportKind
from tests.personas import World
from tests.reports.helpers import pdf_text, rendered, workbook
from tests.studios.test_collection import YEAR


def _rows(data: bytes, sheet: str) -> list[tuple[object, ...]]:
    return list(workbook(data)[sheet].iter_rows(values_only=True))


def test_a_school_report_lists_the_district_studio_its_teachers_belong_to(world: World) -> None:
    a1, b1 = world.schools["A1"], world.schools["B1"]
    _job, data = rendered(district=a1.school.district, kind=ReportKind.SCHOOL, fmt="xlsx",
                          year=YEAR, school=a1.school)  # fmt: skip
    rows = _rows(data, "工作室与工作坊")
    assert rows[0][:6] == ("工作室/工作坊", "类型", "层级", "主持人", "本校成员", "全部成员")
    (row,) = rows[1:]
    assert row[0] == "A区班主任工作室" and row[2] == "区级"
    assert (row[4], row[5]) == (2, 3)  # A1's host and member, of three across two schools
    _job, data = rendered(district=b1.school.district, kind=ReportKind.SCHOOL, fmt="xlsx",
                          year=YEAR, school=b1.school)  # fmt: skip
    (empty,) = _rows(data, "工作室与工作坊")[1:]
    assert empty[0] == "本校没有主持或参与的工作室、工作坊。"


def test_the_district_report_lists_every_team_with_its_schools(world: World) -> None:
    district = world.districts["A"]
    _job, data = rendered(district=district, kind=ReportKind.DISTRICT, fmt="xlsx", year=YEAR)
    rows = _rows(data, "工作室与工作坊（全区）")
    assert [(r[0], r[5]) for r in rows[1:]] == [("A区班主任工作室", "3（2）")]
    _job, pdf = rendered(district=district, kind=ReportKind.DISTRICT, fmt="pdf", year=YEAR)
    text = pdf_text(pdf)
    section = text[text.index("五、专项工作") :]
    assert "工作室与工作坊（全区）" in section, section[:800]
    assert "3（2）" in section  # the studio's row: three members from two schools
