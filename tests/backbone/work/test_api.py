"""The team-work API (read only): a school's five ones with the missing items named
(XB-FIVE), a teacher's own, the district's showcases, character projects and column
(XB-SHOWCASE, XB-PROJECT, XB-RADIATE). Another school's or district's URL is a 404 and no
list holds a foreign row."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from apps.backbone.models import RadiatePost
from apps.backbone.services.work import showcase_record
from tests.backbone.work.rows import FIVE_KINDS, archive, famous, member, on_xinbei, project, team
from tests.personas import World

Client = Any


@pytest.fixture
def xinbei(world: World) -> World:
    return on_xinbei(world)


def _five_url(world: World, key: str) -> str:
    return reverse("api:backbone-five-list", kwargs={"school_id": world.schools[key].school.pk})


def _district_url(name: str, world: World, key: str = "A") -> str:
    return reverse(f"api:{name}-list", kwargs={"district_id": world.districts[key].pk})


def test_xb_five_api_names_the_missing_items_of_the_schools_teachers(
    xinbei: World, client_for: Client
) -> None:
    a1, a2 = xinbei.schools["A1"], xinbei.schools["A2"]
    by = xinbei.user("A1.leader")
    famous(a1.teachers[0], by)
    archive(a1.teachers[0], by, FIVE_KINDS[:4])  # no 德育论文
    m = member(team(xinbei), a1.teachers[1], xinbei.user("A.admin"))
    archive(m.teacher, by, FIVE_KINDS)
    famous(a2.teachers[0], xinbei.user("A2.leader"))  # another school's: not listed
    data = client_for("A1.leader").get(_five_url(xinbei, "A1"), {"year": 2025}).json()
    assert data["year"] == 2025 and data["applies"] is True
    assert [i["name"] for i in data["items"]][-1] == "德育论文"
    by_name = {r["name"]: r for r in data["rows"]}
    assert set(by_name) == {a1.teachers[0].name, a1.teachers[1].name}
    short = by_name[a1.teachers[0].name]
    assert short["missing"] == ["德育论文"] and short["complete"] is False
    assert short["counts"] == {"open_lesson": 1, "lecture": 1, "mentoring": 1, "research": 1,
                               "paper": 0}  # fmt: skip
    assert short["roles"] == ["区级名班主任"]
    done = by_name[a1.teachers[1].name]
    assert done["missing"] == [] and done["complete"] is True
    assert done["roles"] == [f"团队成员（{m.team.name}）"]
    # the district's staff read it too; the year before holds no archive entry
    earlier = client_for("A.reviewer").get(_five_url(xinbei, "A1"), {"year": 2024}).json()
    assert {r["name"] for r in earlier["rows"]} == {a1.teachers[0].name, a1.teachers[1].name}
    assert all(len(r["missing"]) == 5 for r in earlier["rows"])


def test_xb_five_api_another_school_or_district_is_404_and_a_bad_year_400(
    xinbei: World, client_for: Client
) -> None:
    famous(xinbei.schools["A1"].teachers[0], xinbei.user("A1.leader"))
    url = _five_url(xinbei, "A1")
    for stranger in ("A2.leader", "B.admin", "B1.leader"):
        assert client_for(stranger).get(url).status_code == 404, stranger
    assert client_for("anon").get(url).status_code in (401, 403)
    bad = client_for("A1.leader").get(url, {"year": "二〇二五"})
    assert bad.status_code == 400 and "学年" in bad.json()["year"][0]
    assert client_for("A1.leader").get(url, {"year": 99999}).status_code == 400


def test_xb_five_api_a_district_without_the_rule_reports_it_does_not_apply(
    xinbei: World, client_for: Client
) -> None:
    data = client_for("B1.leader").get(_five_url(xinbei, "B1")).json()
    assert data["applies"] is False and data["rows"] == []
    assert data["open_lesson_reading"] == "本区未适用“五个一”要求"


def test_xb_five_api_me_holds_only_my_own_row(xinbei: World, client_for: Client) -> None:
    a1 = xinbei.schools["A1"]
    by = xinbei.user("A1.leader")
    famous(a1.teachers[0], by)  # linked to the A1.teacher login
    famous(a1.teachers[1], by)
    archive(a1.teachers[1], by, FIVE_KINDS)
    url = reverse("api:my-backbone-five-list")
    data = client_for("A1.teacher").get(url, {"year": 2025}).json()
    assert [r["name"] for r in data["rows"]] == [a1.teachers[0].name]
    assert len(data["rows"][0]["missing"]) == 5
    assert "解释" in data["open_lesson_reading"]
    # a login linked to no teacher record reads no row, not the school's
    assert client_for("A1.leader").get(url, {"year": 2025}).json()["rows"] == []


def test_xb_showcase_api_lists_the_districts_showcases_with_their_teams(
    xinbei: World, client_for: Client
) -> None:
    own, foreign = team(xinbei), team(xinbei, "B")
    for key, title, shown in (("A", "2025年度成果展示", own), ("B", "B区成果展示", foreign)):
        showcase_record(actor=xinbei.user(f"{key}.admin"), district=xinbei.districts[key],
                        title=title, held_on=dt.date(2025, 12, 1), teams=[shown])  # fmt: skip
    url = _district_url("backbone-showcase", xinbei)
    data = client_for("A.reviewer").get(url).json()["results"]
    assert [(s["title"], [t["name"] for t in s["teams"]]) for s in data] == [
        ("2025年度成果展示", [own.name])
    ]
    for stranger in ("B.admin", "A1.leader", "A1.teacher"):
        assert client_for(stranger).get(url).status_code == 404, stranger


def test_xb_project_api_lists_the_districts_projects_with_teacher_school_team_scope(
    xinbei: World, client_for: Client
) -> None:
    by = xinbei.user("A.admin")
    growth_team = team(xinbei)
    here = project(member(growth_team, xinbei.schools["A1"].teachers[0], by), by)
    there = project(member(growth_team, xinbei.schools["A2"].teachers[0], by), by)
    there.scope = "school"
    there.save(update_fields=["scope"])
    b_by = xinbei.user("B.admin")
    project(member(team(xinbei, "B"), xinbei.schools["B1"].teachers[0], b_by), b_by)
    url = _district_url("backbone-project", xinbei)
    rows = client_for("A.admin").get(url).json()["results"]
    assert {r["id"] for r in rows} == {here.pk, there.pk}
    row = next(r for r in rows if r["id"] == here.pk)
    assert (row["teacher_name"], row["school_name"], row["team_name"], row["scope_label"]) == (
        here.teacher.name, xinbei.schools["A1"].school.name, growth_team.name,
        "区域学生品格提升工程项目",
    )  # fmt: skip
    region = client_for("A.admin").get(url, {"scope": "region"}).json()["results"]
    assert [r["id"] for r in region] == [here.pk]
    assert client_for("B.admin").get(url).status_code == 404


def test_xb_radiate_api_lists_the_districts_column_posts_only(
    xinbei: World, client_for: Client
) -> None:
    posts = {}
    for key in ("A1", "B1"):
        sd = xinbei.schools[key]
        posts[key] = RadiatePost.objects.create(
            teacher=sd.teachers[0], school=sd.school, district_id=sd.school.district_id,
            reach="grade", title=f"{key}专栏", body="带领年级", posted_on=dt.date(2025, 11, 1),
            posted_by=xinbei.user(f"{key}.leader"),
        )  # fmt: skip
    url = _district_url("backbone-column", xinbei)
    rows = client_for("A.reviewer").get(url).json()["results"]
    assert [(r["title"], r["reach_label"], r["teacher_name"]) for r in rows] == [
        ("A1专栏", posts["A1"].get_reach_display(), xinbei.schools["A1"].teachers[0].name)
    ]
    assert client_for("B.reviewer").get(url).status_code == 404
