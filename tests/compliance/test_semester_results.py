"""Results read per semester where the rule is per semester (issue 11 §9, ADR 0015):
PT24-CREDIT 每学期末赋分 is judged at the end of each semester, so a run keeps each
semester's result beside the year's, the results API answers `?semester=1|2` and lists
the periods it has, the self-check page has a semester selector — and a foreign
district's user still sees nothing of it."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.compliance import services
from apps.compliance.models import ComplianceRun, CurrentResult
from apps.people.models import AssignmentRole, HomeroomAssignment, SchoolClass
from apps.training import services as training_services
from tests.personas import World

YEAR = 2025  # a whole past school year: both semesters have ended
API = "/api/v1"
CREDIT_PARAMS = {"lecture_hours_per_credit": 10, "practice_hours_per_credit": 20}


@pytest.fixture
def putuo_world(world: World, packs: None) -> World:
    """Both districts on putuo-2024; A1's first two teachers homeroom teachers in 2025,
    their credits assigned for the first semester only."""
    for district in world.districts.values():
        district.policy_packs = ["putuo-2024"]
        district.save(update_fields=["policy_packs"])
    sd = world.schools["A1"]
    for index, teacher in enumerate(sd.teachers[:2]):
        school_class = SchoolClass.objects.create(
            school=sd.school, district_id=sd.school.district_id, school_year=YEAR,
            grade=3 + index, name="甲班",
        )  # fmt: skip
        HomeroomAssignment.objects.create(
            school=sd.school, district_id=sd.school.district_id, teacher=teacher,
            school_class=school_class, school_year=YEAR, role=AssignmentRole.HOMEROOM,
        )  # fmt: skip
    _assign(world, semester=1)
    return world


def _assign(world: World, *, semester: int) -> None:
    training_services.credits_assign_semester(
        school=world.schools["A1"].school, school_year=YEAR, semester=semester,
        actor=world.user("A1.leader"), params={**CREDIT_PARAMS, "credit_rounding": "floor"},
    )  # fmt: skip


def _run(world: World, key: str = "A", **kwargs: Any) -> ComplianceRun:
    run = services.run_start(district=world.districts[key], school_year=YEAR, **kwargs)
    services.run_execute(run_id=run.pk)
    run.refresh_from_db()
    assert run.state == "succeeded", run.message
    return run


def _school_url(world: World, key: str = "A1") -> str:
    return f"{API}/schools/{world.schools[key].school.pk}/compliance-results/"


def _district_url(world: World, key: str = "A") -> str:
    return f"{API}/districts/{world.districts[key].pk}/compliance-results/"


def _credit(client: Client, url: str, **params: Any) -> dict[str, Any]:
    response = client.get(url, {"school_year": YEAR, "indicator": "PT24-CREDIT", **params})
    assert response.status_code == 200, response.content
    [row] = response.json()["results"]
    return row


def test_pt24_credit_semester_one_met_semester_two_not_met_read_through_the_api(
    putuo_world: World, client_for: Any
) -> None:
    """PT24-CREDIT 每学期末赋分: credits assigned for semester 1 only — the API read for
    semester 1 says met, for semester 2 not met naming who is missing; the year (the
    default) is not met either, since both semesters have ended."""
    _run(putuo_world)
    client = client_for("A1.leader")
    first = _credit(client, _school_url(putuo_world), semester=1)
    assert (first["semester"], first["status"]) == (1, "met")
    assert first["value"] == "2/2 名班主任已赋分（100%）"
    second = _credit(client, _school_url(putuo_world), semester=2)
    assert (second["semester"], second["status"]) == (2, "not_met")
    assert second["missing"] and all(m.endswith("第二学期未赋分") for m in second["missing"])
    year = _credit(client, _school_url(putuo_world))
    assert (year["semester"], year["status"]) == (0, "not_met")

    _assign(putuo_world, semester=2)  # the officer catches up; the school is recomputed
    _run(putuo_world, school=putuo_world.schools["A1"].school)
    assert _credit(client, _school_url(putuo_world), semester=2)["status"] == "met"
    assert _credit(client, _school_url(putuo_world), semester=1)["status"] == "met"


def test_pt24_credit_semester_read_lists_only_the_rules_judged_per_semester(
    putuo_world: World, client_for: Any
) -> None:
    """PT24-CREDIT: a semester's read of the district gives the per-semester rule's row
    of every school, and nothing of the rules judged per year (PT24-HOURS …)."""
    _run(putuo_world)
    client = client_for("A.admin")
    response = client.get(_district_url(putuo_world), {"school_year": YEAR, "semester": 1})
    assert response.status_code == 200
    rows = response.json()["results"]
    assert {r["indicator_code"] for r in rows} == {"PT24-CREDIT"}
    assert {r["school"] for r in rows} == {putuo_world.schools[k].school.pk for k in ("A1", "A2")}
    year = client.get(_district_url(putuo_world), {"school_year": YEAR, "page_size": 500})
    codes = {r["indicator_code"] for r in year.json()["results"]}
    assert "PT24-HOURS" in codes and "PT24-CREDIT" in codes


def test_pt24_credit_periods_lists_the_year_and_its_semesters(
    putuo_world: World, client_for: Any
) -> None:
    """PT24-CREDIT: the API lists the periods there are results for, each with its label."""
    _run(putuo_world)
    response = client_for("A1.leader").get(_school_url(putuo_world) + "periods/")
    assert response.status_code == 200
    assert response.json() == [
        {"school_year": YEAR, "semester": 0, "label": "2025学年"},
        {"school_year": YEAR, "semester": 1, "label": "2025学年第一学期"},
        {"school_year": YEAR, "semester": 2, "label": "2025学年第二学期"},
    ]


@pytest.mark.parametrize("value", ["3", "秋季", "2025-2026-1"])
def test_pt24_credit_a_bad_semester_is_a_chinese_400_naming_the_parameter(
    putuo_world: World, client_for: Any, value: str
) -> None:
    """PT24-CREDIT: a semester that is none of 0, 1, 2 is refused in Chinese, by name."""
    response = client_for("A1.leader").get(
        _school_url(putuo_world), {"school_year": YEAR, "semester": value}
    )
    assert response.status_code == 400
    [message] = response.json()["semester"]
    assert "semester" in message and "第一学期" in message


def test_pt24_credit_a_foreign_district_reads_no_semester_results(
    putuo_world: World, client_for: Any
) -> None:
    """PT24-CREDIT per semester, tenancy unchanged: another district's users get 404 for
    A's results and periods, and their own lists show none of A's rows."""
    _run(putuo_world)
    _run(putuo_world, "B")
    for persona in ("B.admin", "B1.leader"):
        client = client_for(persona)
        for url in (_school_url(putuo_world), _district_url(putuo_world)):
            assert client.get(url, {"school_year": YEAR, "semester": 1}).status_code == 404
            assert client.get(url + "periods/").status_code == 404
    own = client_for("B.admin").get(
        _district_url(putuo_world, "B"), {"school_year": YEAR, "semester": 1}
    )
    assert own.status_code == 200
    a_schools = {putuo_world.schools[k].school.pk for k in ("A1", "A2")}
    assert own.json()["results"]
    assert not {r["school"] for r in own.json()["results"]} & a_schools


def test_pt24_credit_semester_rows_kept_once_per_key_and_read_in_a_fixed_number_of_queries(
    putuo_world: World, client_for: Any
) -> None:
    """PT24-CREDIT: a run keeps each begun semester of the year under its own key, once
    (a forced second run replaces, never adds), and a semester's read does not grow
    with the rows."""
    _run(putuo_world)
    _run(putuo_world, force=True)
    a1 = putuo_world.schools["A1"].school
    keys = list(
        CurrentResult.objects.filter(school=a1, indicator_code="PT24-CREDIT").values_list(
            "school_year", "semester"
        )
    )
    assert sorted(keys) == [(YEAR, 0), (YEAR, 1), (YEAR, 2)]
    client = client_for("A.admin")
    with CaptureQueriesContext(connection) as one_school:
        client.get(_school_url(putuo_world), {"school_year": YEAR, "semester": 2})
    with CaptureQueriesContext(connection) as district:
        client.get(_district_url(putuo_world), {"school_year": YEAR, "semester": 2})
    assert len(district) <= len(one_school) + 1


def test_pt24_credit_self_check_page_shows_the_chosen_semester(
    putuo_world: World, client_for: Any
) -> None:
    """PT24-CREDIT: the self-check page's semester selector shows that semester's result
    of the per-semester rule — met for semester 1, not met for semester 2 — and says so."""
    _run(putuo_world)
    client = client_for("A1.leader")
    url = reverse("compliance:self_check", args=[putuo_world.schools["A1"].school.pk])

    first = client.get(url, {"year": YEAR, "semester": 1})
    assert first.status_code == 200
    html = first.content.decode()
    assert "2025学年第一学期" in html
    assert 'data-testid="row-PT24-CREDIT"' in html
    assert 'data-testid="row-PT24-HOURS"' not in html  # judged per year, not per semester
    assert first.context["semester"] == 1
    rows = {i.code: r for _c, items in first.context["groups"] for i, r, _rd in items}
    assert rows["PT24-CREDIT"].status == "met"

    second = client.get(url, {"year": YEAR, "semester": 2})
    rows = {i.code: r for _c, items in second.context["groups"] for i, r, _rd in items}
    assert rows["PT24-CREDIT"].status == "not_met"
    assert "第二学期未赋分" in second.content.decode()

    whole = client.get(url, {"year": YEAR, "semester": "x"})  # an edited link: the year
    assert whole.status_code == 200 and whole.context["semester"] == 0
    assert 'data-testid="row-PT24-HOURS"' in whole.content.decode()


def test_pt24_credit_a_semester_result_explains_its_period_and_links_back_to_it(
    putuo_world: World, client_for: Any
) -> None:
    """PT24-CREDIT: a semester's result, opened from the self-check, says which semester
    it is and leads back to the self-check of that semester."""
    _run(putuo_world)
    school = putuo_world.schools["A1"].school
    client = client_for("A1.leader")
    row = _credit(client, _school_url(putuo_world), semester=2)
    page = client.get(reverse("compliance:school_result_detail", args=[school.pk, row["id"]]))
    html = page.content.decode()
    assert "2025学年第二学期的结果" in html
    assert f"?year={YEAR}&semester=2" in html
