"""XH26-LADDER: each homeroom teacher's rung from the data (years as homeroom teacher,
backbone status, titles — the pack's interpretation parameters), boundaries included; a
pilot school's recorded rating wins; the rung on the ladder page and on the development
archive (core.badges); a fixed number of queries whatever the number of teachers."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from apps.backbone.models import HomeroomRating, Honour, Rung
from apps.backbone.selectors.ladder import RECORDED, rungs_of
from apps.people.models import Teacher
from tests.backbone.factories import make_cohort, make_honour, make_member
from tests.backbone.pool.rows import make_rating, more_teachers, on_xinbei
from tests.personas import World

pytestmark = pytest.mark.django_db
ON = dt.date(2026, 12, 4)


@pytest.fixture
def xuhui(world: World) -> World:
    return on_xinbei(world, ("xuhui-2026",))


def _since(teacher: Teacher, day: dt.date) -> Teacher:
    Teacher.objects.filter(pk=teacher.pk).update(homeroom_since=day)
    teacher.homeroom_since = day
    return teacher


def test_xh26_ladder_rungs_from_years_status_and_titles_with_their_boundaries(
    xuhui: World,
) -> None:
    by = xuhui.user("A1.leader")
    t = more_teachers(xuhui, "A1", 5)
    junior = _since(t[0], dt.date(2024, 12, 5))  # 1 year: 职初 even with a title
    make_honour(teacher=junior, honour=Honour.CITY_EXCELLENT, by=by, on=dt.date(2025, 1, 1))
    three = _since(t[1], dt.date(2023, 12, 4))  # exactly 3 years and a backbone member
    make_member(cohort=make_cohort(district=xuhui.districts["A"], by=by), teacher=three, by=by)
    short = _since(t[2], dt.date(2023, 12, 5))  # one day short of 3 years
    make_honour(teacher=short, honour=Honour.DISTRICT_SENIOR, by=by, on=dt.date(2025, 1, 1))
    eight = _since(t[3], dt.date(2018, 12, 4))  # exactly 8 years and 市高级
    make_honour(teacher=eight, honour=Honour.CITY_SENIOR, by=by, on=dt.date(2020, 5, 1))
    seven = _since(t[4], dt.date(2018, 12, 5))  # 8 years less a day with 市特级: 骨干
    make_honour(teacher=seven, honour=Honour.CITY_SPECIAL, by=by, on=dt.date(2024, 5, 1))
    found = rungs_of([x.pk for x in t], on=ON, district=xuhui.districts["A"])
    assert [found[x.pk].rung for x in t] == [
        Rung.JUNIOR,
        Rung.BACKBONE,
        Rung.JUNIOR,
        Rung.EXCELLENT,
        Rung.BACKBONE,
    ]
    assert found[t[3].pk].since == dt.date(2026, 12, 4)  # 8 years reached today
    assert found[t[4].pk].since == dt.date(2024, 5, 1)  # 3 years long passed; the title's day
    assert "班主任工作 3 年" in found[t[1].pk].basis_text
    assert "骨干：2023届骨干" in found[t[1].pk].basis_text


def test_xh26_ladder_a_pilot_schools_recorded_rating_wins(xuhui: World) -> None:
    by = xuhui.user("A1.leader")
    teacher = _since(more_teachers(xuhui, "A1", 1)[0], dt.date(2010, 9, 1))
    make_honour(teacher=teacher, honour=Honour.CITY_SPECIAL, by=by, on=dt.date(2020, 5, 1))
    make_rating(teacher=teacher, rung=Rung.BACKBONE, on=dt.date(2026, 9, 1), by=by)
    make_rating(teacher=teacher, rung=Rung.JUNIOR, on=dt.date(2027, 1, 1), by=by)  # later
    found = rungs_of([teacher.pk], on=ON, district=xuhui.districts["A"])[teacher.pk]
    assert (found.rung, found.source, found.since) == (Rung.BACKBONE, RECORDED, dt.date(2026, 9, 1))


def test_xh26_ladder_reads_in_a_fixed_number_of_queries(xuhui: World) -> None:
    district = xuhui.districts["A"]

    def count(ids: list[int]) -> int:
        with CaptureQueriesContext(connection) as seen:
            rungs_of(ids, on=ON, district=district)
        return len(seen)

    few = [t.pk for t in more_teachers(xuhui, "A1", 2)]
    many = few + [t.pk for t in more_teachers(xuhui, "A2", 12)]
    assert count(few) == count(many)


def test_xh26_ladder_page_shows_the_reading_rates_and_exports(
    xuhui: World, client_for: Any
) -> None:
    sd = xuhui.schools["A1"]
    teacher = _since(sd.teachers[1], dt.date(2015, 9, 1))
    url = reverse("backbone:pool_ladder", kwargs={"school_id": sd.school.pk})
    client = client_for("A1.leader")
    page = client.get(url).content.decode()
    assert "解释性参数" in page and "“骨干”级最低班主任工作年限：3年" in page
    bad = client.post(
        url, {"teacher": teacher.pk, "rung": "excellent", "rated_on": "2099-01-01", "basis": "评定"}
    )
    assert "评定日期不能晚于今天" in bad.content.decode()
    assert not HomeroomRating.objects.exists()
    assert (
        client.post(
            url,
            {
                "teacher": teacher.pk,
                "rung": "excellent",
                "rated_on": "2026-09-01",
                "basis": "学校评级",
            },
        ).status_code
        == 302
    )
    sheet = load_workbook(io.BytesIO(client.get(url + "?format=xlsx").content)).active
    rows = {r[1]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows[teacher.name][2:4] == ("卓越", "2026-09-01")
    assert rows[teacher.name][5] == "学校评级"
    foreign = xuhui.schools["B1"].teachers[0]
    refused = client.post(
        url, {"teacher": foreign.pk, "rung": "junior", "rated_on": "2026-09-01", "basis": "x"}
    )
    assert refused.status_code == 200 and HomeroomRating.objects.count() == 1


def test_xh26_ladder_rung_shows_on_the_development_archive(xuhui: World, client_for: Any) -> None:
    sd = xuhui.schools["A1"]
    teacher = _since(sd.teachers[0], dt.date(2015, 9, 1))
    make_honour(
        teacher=teacher,
        honour=Honour.CITY_SENIOR,
        by=xuhui.user("A1.leader"),
        on=dt.date(2020, 5, 1),
    )
    url = reverse(
        "training:archive_teacher", kwargs={"school_id": sd.school.pk, "teacher_id": teacher.pk}
    )
    assert "班主任职级：卓越" in client_for("A1.leader").get(url).content.decode()
    mine = client_for("A1.teacher").get(reverse("training:my_archive")).content.decode()
    assert "班主任职级：卓越" in mine
    other = reverse(
        "training:archive_teacher",
        kwargs={"school_id": sd.school.pk, "teacher_id": sd.teachers[1].pk},
    )
    assert "班主任职级：卓越" not in client_for("A1.leader").get(other).content.decode()
