"""The district's yearly 成果集 (XH26-A2P-4.3), compiled through the reports module: a PDF
with a table of contents whose entries name the page each outcome is on, and the same
entries as an Excel sheet; only the outcomes the district took in, of its own teams, of
the school year; a change to the outcomes makes a new report, not the archived one."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from apps.core.schoolyear import current_school_year
from apps.reports.models import ReportKind
from apps.studios.models import HostKind, Outcome, OutcomeKind, Team, TeamKind, Theme
from tests.personas import World
from tests.reports.helpers import pdf_text, rendered, workbook

YEAR = current_school_year() - 1


def _team(world: World, key: str, name: str, *, school: bool = False) -> Team:
    sd = world.schools[key]
    host = sd.teachers[0]
    return Team.objects.create(
        district=sd.school.district, school=sd.school if school else None, kind=TeamKind.STUDIO,
        name=name, host=host, host_kind=HostKind.SENIOR, established_on=dt.date(YEAR, 9, 1),
        created_by=world.persona(f"{key[0]}.admin").user,
    )  # fmt: skip


def _outcome(team: Team, title: str, *, promoted: bool = True, day: int = 10) -> Outcome:
    return Outcome.objects.create(
        team=team, kind=OutcomeKind.CASES, title=title, summary=f"{title}的简介。",
        completed_on=dt.date(YEAR + 1, 3, day), promoted=promoted,
        recorded_by=team.created_by,
    )  # fmt: skip


@pytest.fixture
def collection(world: World) -> World:
    district_team = _team(world, "A1", "区班主任带头人工作室")
    Theme.objects.create(
        team=district_team, title="学生心理危机的早期识别", started_on=dt.date(YEAR, 9, 1)
    )
    _outcome(district_team, "青春期沟通案例集")
    _outcome(district_team, "家校冲突调解课例", day=20)
    _outcome(district_team, "尚未收录的草稿", promoted=False)
    school_team = _team(world, "A2", "乙校班主任工作室", school=True)
    _outcome(school_team, "班级公约的共同制定")
    _outcome(_team(world, "B1", "他区工作室"), "他区的成果")
    return world


def test_xh26_a2p_4_3_the_collection_pdf_has_a_table_of_contents_with_pages(
    collection: World,
) -> None:
    district = collection.districts["A"]
    job, pdf = rendered(district=district, kind=ReportKind.COLLECTION, fmt="pdf", year=YEAR)
    text = pdf_text(pdf)
    assert f"{YEAR}学年工作室成果集" in text and "目录" in text
    toc = text[text.index("目录") :]
    for number, title in (("1.1", "青春期沟通案例集"), ("1.2", "家校冲突调解课例"),
                          ("2.1", "班级公约的共同制定")):  # fmt: skip
        page = re.search(rf"{re.escape(number + title)}\.+(\d)", toc)
        assert page, f"{title}: no dotted leader and page number in the contents"
        # the page it names is the page the outcome is printed on
        printed = toc[toc.index(number + title, page.end()) :]
        assert f"第{page.group(1)}页" in printed[: printed.find("页/共") + 4]
    assert "区班主任带头人工作室" in text and "学生心理危机的早期识别" in text
    assert "尚未收录的草稿" not in text  # not taken into the collection
    assert "他区的成果" not in text  # another district's
    assert job.pages >= 3  # cover + contents, then one page per team


def test_xh26_a2p_4_3_the_collection_sheet_and_a_new_report_after_a_change(
    collection: World,
) -> None:
    district = collection.districts["A"]
    first, data = rendered(district=district, kind=ReportKind.COLLECTION, fmt="xlsx", year=YEAR)
    rows = list(workbook(data)["成果集"].iter_rows(values_only=True))
    assert rows[0][:3] == ("编号", "工作室/工作坊", "类型")
    assert [(r[0], r[6]) for r in rows[1:]] == [
        ("1.1", "青春期沟通案例集"), ("1.2", "家校冲突调解课例"), ("2.1", "班级公约的共同制定"),
    ]  # fmt: skip
    Outcome.objects.filter(title="尚未收录的草稿").update(promoted=True)
    second, data = rendered(district=district, kind=ReportKind.COLLECTION, fmt="xlsx", year=YEAR)
    assert second.pk != first.pk
    titles = [r[6] for r in workbook(data)["成果集"].iter_rows(values_only=True)]
    assert "尚未收录的草稿" in titles
