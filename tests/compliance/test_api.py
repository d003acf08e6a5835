"""The compliance API (/api/v1/policy-packs/, districts/<id>/compliance-runs/,
…/compliance-results/, schools/<id>/compliance-results/, …/parameter-overrides/):
who may read and write what (ARCHITECTURE §4), filters on the latest results, idempotent
runs, district overrides reaching the next run, and query counts that do not grow with
the number of schools (CONVENTIONS "Queries")."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from apps.compliance import services
from apps.compliance.models import ComplianceRun, ParameterOverride
from apps.core.schoolyear import current_school_year
from apps.people.models import AssignmentRole, HomeroomAssignment, SchoolClass, Teacher
from apps.tenancy.models import School, SchoolType
from tests.compliance.conftest import XUHUI_INDICATORS as N
from tests.personas import World
from tests.probation.staffing_rows import reserve_and_plan

YEAR = current_school_year()
API = "/api/v1"


def _execute(world: World, district_key: str = "A", **kwargs: Any) -> ComplianceRun:
    """Start and execute a run in this process (in `db` tests on_commit never fires)."""
    run = services.run_start(district=world.districts[district_key], school_year=YEAR, **kwargs)
    services.run_execute(run_id=run.pk)
    run.refresh_from_db()
    return run


def _page(client: Client, url: str, **params: Any) -> dict[str, Any]:
    response = client.get(url, {"school_year": YEAR, "page_size": 500, **params})
    assert response.status_code == 200, response.content
    return response.json()


def _rows(client: Client, url: str, **params: Any) -> list[dict[str, Any]]:
    body = _page(client, url, **params)
    assert body["count"] == len(body["results"])
    return body["results"]


def _district_results(world: World, key: str = "A") -> str:
    return f"{API}/districts/{world.districts[key].pk}/compliance-results/"


def _school_results(world: World, key: str) -> str:
    return f"{API}/schools/{world.schools[key].school.pk}/compliance-results/"


# --------------------------------------------------------------------------- policy packs


def test_policy_packs_are_readable_by_any_signed_in_user(
    xuhui_world: World, client_for: Any
) -> None:
    client = client_for("B2.teacher")
    packs = client.get(f"{API}/policy-packs/", {"code": "xuhui-2026"}).json()["results"]
    assert [p["code"] for p in packs] == ["xuhui-2026"]
    parameters = {p["key"]: p for p in packs[0]["parameters"]}
    assert parameters["homeroom_coverage_target"]["value"] == 1.0
    assert parameters["homeroom_coverage_target"]["rule_id"] == "XH26-RESERVE"

    detail = client.get(f"{API}/policy-packs/{packs[0]['id']}/")
    assert detail.status_code == 200
    assert detail.json()["parameters"] == packs[0]["parameters"]

    indicators = client.get(f"{API}/policy-packs/{packs[0]['id']}/indicators/").json()
    assert len(indicators) == N
    a1_4 = next(i for i in indicators if i["code"] == "XH26-A1-4")
    assert a1_4["category_zh"] == "选聘配备"
    assert a1_4["evaluator"] == "all_of"
    staffing = a1_4["params"]["parts"][0]
    assert staffing["evaluator"] == "people.homeroom_staffing"
    assert staffing["params"]["coverage_target"] == "$homeroom_coverage_target"

    assert client_for("anon").get(f"{API}/policy-packs/").status_code in (401, 403)
    assert client.get(f"{API}/policy-packs/999999/").status_code == 404


# --------------------------------------------------------------------------- results


def test_district_admin_lists_results_filtered_by_status_and_category(
    xuhui_world: World, client_for: Any
) -> None:
    """XH26-A1-4 (选聘配备): A1 and A2 have 1 of 2 classes staffed → partly met."""
    _execute(xuhui_world)
    client = client_for("A.admin")
    url = _district_results(xuhui_world)

    everything = _rows(client, url)
    assert len(everything) == 2 * N
    first = everything[0]
    assert set(first) >= {
        "indicator_code", "category", "title", "status", "value", "target", "deadline",
        "missing", "evidence", "note", "school", "school_name",
    }  # fmt: skip

    partly = _rows(client, url, status="partly_met")
    assert partly and {r["status"] for r in partly} == {"partly_met"}
    a1 = xuhui_world.schools["A1"].school
    row = next(r for r in partly if r["school"] == a1.pk and r["indicator_code"] == "XH26-A1-4")
    assert row["school_name"] == a1.name
    assert row["category"] == "选聘配备"
    staffing = row["parts"][0]
    assert staffing["value"] == "班主任配备 1/2（50%）；副班主任 1 人次"
    assert staffing["target"] == "配备率 ≥ 100%；副班主任 ≥ 1 人次"
    assert staffing["missing"] == ["未配班主任：二年级A1班"]

    staffing = _rows(client, url, category="选聘配备")
    assert staffing and {r["category"] for r in staffing} == {"选聘配备"}
    assert {r["indicator_code"] for r in staffing} == {
        "XH26-A1-1", "XH26-A1-2", "XH26-A1-3", "XH26-A1-4",
    }  # fmt: skip
    both = _rows(client, url, category="选聘配备", status="partly_met")
    assert {(r["school"], r["indicator_code"]) for r in both} == {
        (xuhui_world.schools["A1"].school.pk, "XH26-A1-4"),
        (xuhui_world.schools["A2"].school.pk, "XH26-A1-4"),
    }
    one_school = _rows(client, url, school=a1.pk, indicator="XH26-A1-4")
    assert [(r["school"], r["status"]) for r in one_school] == [(a1.pk, "partly_met")]

    assert client.get(url, {"status": "nonsense"}).status_code == 400
    assert client.get(url, {"school_year": "abc"}).status_code == 400


def test_the_status_filter_sees_only_the_latest_result(xuhui_world: World, client_for: Any) -> None:
    """An older `partly_met` superseded by a school's recompute is not listed as partly met."""
    _execute(xuhui_world)
    sd = xuhui_world.schools["A1"]
    HomeroomAssignment.objects.create(
        school=sd.school, district_id=sd.school.district_id, teacher=sd.teachers[2],
        school_class=sd.classes[1], school_year=YEAR, role=AssignmentRole.HOMEROOM,
    )  # fmt: skip
    reserve_and_plan(sd, YEAR)  # XH26-A1-4's reserve pool and workforce plan
    _execute(xuhui_world, school=sd.school)
    client = client_for("A.reviewer")
    rows = _rows(client, _district_results(xuhui_world), indicator="XH26-A1-4")
    assert {r["school"]: r["status"] for r in rows} == {
        sd.school.pk: "met",
        xuhui_world.schools["A2"].school.pk: "partly_met",
    }
    partly = _rows(client, _district_results(xuhui_world), status="partly_met")
    assert all(r["school"] != sd.school.pk for r in partly if r["indicator_code"] == "XH26-A1-4")


def test_a_school_leader_sees_only_their_schools_results(
    xuhui_world: World, client_for: Any
) -> None:
    _execute(xuhui_world)
    leader = client_for("A1.leader")
    rows = _rows(leader, _school_results(xuhui_world, "A1"))
    assert len(rows) == N
    assert {r["school"] for r in rows} == {xuhui_world.schools["A1"].school.pk}
    assert leader.get(_school_results(xuhui_world, "A2")).status_code == 404
    assert leader.get(_school_results(xuhui_world, "B1")).status_code == 404
    assert leader.get(_district_results(xuhui_world)).status_code == 404
    # the school's teachers do not see its lists; the district's roles do
    assert client_for("A1.teacher").get(_school_results(xuhui_world, "A1")).status_code == 404
    assert len(_rows(client_for("A.reviewer"), _school_results(xuhui_world, "A1"))) == N


# --------------------------------------------------------------------------- foreign roles


def _district_urls(world: World) -> list[str]:
    district = world.districts["A"].pk
    run = _execute(world)
    return [
        f"{API}/districts/{district}/compliance-runs/",
        f"{API}/districts/{district}/compliance-runs/{run.pk}/",
        f"{API}/districts/{district}/compliance-results/",
        f"{API}/districts/{district}/parameter-overrides/",
        _school_results(world, "A1"),
        _school_results(world, "A2"),
    ]


@pytest.mark.parametrize("persona", ["B.admin", "B.reviewer", "B1.leader", "A1.leader"])
def test_a_foreign_district_role_gets_404_on_every_district_route(
    xuhui_world: World, client_for: Any, persona: str
) -> None:
    client = client_for(persona)
    urls = _district_urls(xuhui_world)
    own_school = urls[-2] if persona == "A1.leader" else None
    for url in urls:
        if url != own_school:
            assert client.get(url).status_code == 404, (persona, url)
    runs, overrides = ComplianceRun.objects.count(), ParameterOverride.objects.count()
    district = xuhui_world.districts["A"].pk
    posted = client.post(
        f"{API}/districts/{district}/compliance-runs/",
        {"school_year": YEAR},
        content_type="application/json",
    )
    assert posted.status_code == 404
    posted = client.post(
        f"{API}/districts/{district}/parameter-overrides/",
        _override(0.9),
        content_type="application/json",
    )
    assert posted.status_code == 404
    assert (ComplianceRun.objects.count(), ParameterOverride.objects.count()) == (runs, overrides)


# --------------------------------------------------------------------------- runs


def test_a_reviewer_starts_a_run_and_posting_again_returns_the_same_run(
    xuhui_world: World, client_for: Any
) -> None:
    """Runs are idempotent per (district, year, packs, data) (ARCHITECTURE §5)."""
    client = client_for("A.reviewer")
    url = f"{API}/districts/{xuhui_world.districts['A'].pk}/compliance-runs/"
    first = client.post(url, {"school_year": YEAR}, content_type="application/json")
    assert first.status_code == 202, first.content
    body = first.json()
    assert (body["state"], body["trigger"], body["school_year"]) == ("pending", "manual", YEAR)
    assert body["requested_by"] == "A_reviewer"
    again = client.post(url, {"school_year": YEAR}, content_type="application/json")
    assert again.status_code == 202
    assert again.json()["id"] == body["id"]

    services.run_execute(run_id=body["id"])  # what the worker does
    detail = client.get(f"{url}{body['id']}/").json()
    assert (detail["state"], detail["percent"]) == ("succeeded", 100)
    assert detail["progress"] == detail["total"] == N
    assert sum(detail["summary"].values()) == 2 * N
    after = client.post(url, {"school_year": YEAR}, content_type="application/json")
    assert after.json()["id"] == body["id"]  # unchanged data: still the same run

    listed = client.get(url, {"school_year": YEAR, "state": "succeeded"}).json()["results"]
    assert [r["id"] for r in listed] == [body["id"]]
    assert client.get(url, {"state": "pending"}).json()["results"] == []


def test_starting_a_run_validates_the_input_and_needs_packs(world: World, client_for: Any) -> None:
    client = client_for("A.admin")
    url = f"{API}/districts/{world.districts['A'].pk}/compliance-runs/"
    assert client.post(url, {}, content_type="application/json").status_code == 400
    world.districts["A"].policy_packs = []
    world.districts["A"].save(update_fields=["policy_packs"])
    response = client.post(url, {"school_year": YEAR}, content_type="application/json")
    assert response.status_code == 400
    assert "政策包" in response.json()["district"][0]
    assert ComplianceRun.objects.count() == 0


# --------------------------------------------------------------------------- overrides


def _override(value: Any, **extra: Any) -> dict[str, Any]:
    return {
        "pack_code": "xuhui-2026",
        "key": "homeroom_coverage_target",
        "value": value,
        "reason": "区内编制紧张，本学年按九成配备考核",
        **extra,
    }


def _school_with_17_of_18_classes_staffed(world: World) -> School:
    district = world.districts["A"]
    school = School.objects.create(
        district=district, code="school-a3", name="学校MK-A3-", school_type=SchoolType.PRIMARY
    )
    scope = {"school": school, "district_id": district.pk}
    teachers = Teacher.objects.bulk_create(
        Teacher(**scope, employee_no=f"A3-{n}", name=f"丙{n}", gender="F",
                teaching_since=dt.date(2010, 9, 1))
        for n in range(18)
    )  # fmt: skip
    classes = SchoolClass.objects.bulk_create(
        SchoolClass(**scope, school_year=YEAR, grade=1 + n // 3, name=f"{n % 3 + 1}班")
        for n in range(18)
    )
    rows = [
        HomeroomAssignment(**scope, teacher=t, school_class=c, school_year=YEAR,
                           role=AssignmentRole.HOMEROOM)
        for t, c in zip(teachers[:17], classes[:17], strict=True)
    ]  # fmt: skip
    rows.append(
        HomeroomAssignment(**scope, teacher=teachers[17], school_class=classes[0],
                           school_year=YEAR, role=AssignmentRole.DEPUTY_TRAINING)
    )  # fmt: skip
    HomeroomAssignment.objects.bulk_create(rows)
    return school


def _a1_4(client: Client, school: School) -> dict[str, Any]:
    rows = _rows(client, f"{API}/schools/{school.pk}/compliance-results/", indicator="XH26-A1-4")
    assert len(rows) == 1
    return rows[0]


def test_an_override_by_a_reviewer_is_404_and_writes_nothing(
    xuhui_world: World, client_for: Any
) -> None:
    url = f"{API}/districts/{xuhui_world.districts['A'].pk}/parameter-overrides/"
    for persona in ("A.reviewer", "A1.leader", "A1.teacher", "B.admin"):
        response = client_for(persona).post(url, _override(0.9), content_type="application/json")
        assert response.status_code == 404, persona
    assert ParameterOverride.objects.count() == 0
    # the reviewer still reads the (empty) history
    assert client_for("A.reviewer").get(url).json()["results"] == []


def test_xh26_a1_4_override_by_the_admin_is_used_by_the_next_run(
    xuhui_world: World, client_for: Any
) -> None:
    """XH26-RESERVE/XH26-A1-4: 17 of 18 classes staffed is below the policy's 100% and
    partly met; after the district admin sets `homeroom_coverage_target` to 0.9 the next
    run finds it met, and the district's history records who changed it and why."""
    school = _school_with_17_of_18_classes_staffed(xuhui_world)
    admin = client_for("A.admin")
    runs = f"{API}/districts/{xuhui_world.districts['A'].pk}/compliance-runs/"
    first = admin.post(runs, {"school_year": YEAR}, content_type="application/json").json()
    services.run_execute(run_id=first["id"])
    before = _a1_4(admin, school)
    assert before["status"] == "partly_met"
    assert before["parts"][0]["value"].startswith("班主任配备 17/18（94%）")

    url = f"{API}/districts/{xuhui_world.districts['A'].pk}/parameter-overrides/"
    created = admin.post(url, _override(0.9), content_type="application/json")
    assert created.status_code == 201, created.content
    assert created.json() | {"id": 0, "set_at": ""} == {
        "id": 0, "pack_code": "xuhui-2026", "key": "homeroom_coverage_target", "value": 0.9,
        "cleared": False, "reason": "区内编制紧张，本学年按九成配备考核", "set_by": "A_admin",
        "set_at": "",
    }  # fmt: skip
    history = admin.get(url).json()["results"]
    assert [h["id"] for h in history] == [created.json()["id"]]

    second = admin.post(runs, {"school_year": YEAR}, content_type="application/json").json()
    assert second["id"] != first["id"]  # the parameters changed: a new run
    services.run_execute(run_id=second["id"])
    after = _a1_4(admin, school)
    assert after["parts"][0]["status"] == "met"
    assert after["parts"][0]["target"].startswith("配备率 ≥ 90%")
    # district B keeps the policy's 100%
    assert ParameterOverride.objects.filter(district=xuhui_world.districts["B"]).count() == 0


def test_an_override_is_validated_and_can_be_cleared(xuhui_world: World, client_for: Any) -> None:
    admin = client_for("A.admin")
    url = f"{API}/districts/{xuhui_world.districts['A'].pk}/parameter-overrides/"
    post = lambda body: admin.post(url, body, content_type="application/json")  # noqa: E731
    missing_value = _override(None)
    assert "value" in post(missing_value).json()
    assert "value" in post(_override("九成")).json()  # the type must match the policy value
    assert "value" in post(_override(True)).json()  # a bool would pass as a number
    assert "pack_code" in post(_override(0.9, pack_code="putuo-2024")).json()
    assert "key" in post(_override(0.9, key="no_such_key")).json()
    assert "reason" in post(_override(0.9, reason="  ")).json()
    assert ParameterOverride.objects.count() == 0
    cleared = post(_override(None, clear=True))
    assert cleared.status_code == 201
    assert (cleared.json()["cleared"], cleared.json()["value"]) == (True, None)


# --------------------------------------------------------------------------- query counts


def _add_schools(world: World, count: int, prefix: str) -> None:
    """Schools with a class, a homeroom teacher and a deputy each, made in bulk."""
    district = world.districts["A"]
    schools = School.objects.bulk_create(
        School(district=district, code=f"{prefix}{n}", name=f"学校{prefix}{n}",
               school_type=SchoolType.PRIMARY,
               featured_projects=["dual_track_deputy"] if n % 2 else [])
        for n in range(count)
    )  # fmt: skip
    teachers = Teacher.objects.bulk_create(
        Teacher(school=s, district=district, employee_no=f"{s.code}-{k}", name=f"丁{k}",
                gender="M", teaching_since=dt.date(2015, 9, 1))
        for s in schools for k in (1, 2)
    )  # fmt: skip
    classes = SchoolClass.objects.bulk_create(
        SchoolClass(school=s, district=district, school_year=YEAR, grade=1, name="1班")
        for s in schools
    )
    HomeroomAssignment.objects.bulk_create(
        HomeroomAssignment(school=c.school, district=district, teacher=t, school_class=c,
                           school_year=YEAR, role=role)
        for c, pair in zip(classes, zip(teachers[::2], teachers[1::2], strict=True), strict=True)
        for t, role in zip(pair, (AssignmentRole.HOMEROOM, AssignmentRole.DEPUTY_EXPERT),
                           strict=True)
    )  # fmt: skip


def _run_queries(world: World) -> int:
    run = services.run_start(district=world.districts["A"], school_year=YEAR, force=True)
    with CaptureQueriesContext(connection) as captured:
        services.run_execute(run_id=run.pk)
    return len(captured)


def test_a_district_run_and_the_results_api_do_not_grow_with_schools(
    xuhui_world: World, client_for: Any
) -> None:
    client = client_for("A.admin")
    url = _district_results(xuhui_world)
    _add_schools(xuhui_world, 3, "x")  # 5 schools
    few_run = _run_queries(xuhui_world)
    client.get(url)  # warm the session
    with CaptureQueriesContext(connection) as few_api:
        few = _page(client, url)
    _add_schools(xuhui_world, 45, "y")  # 50 schools
    many_run = _run_queries(xuhui_world)
    with CaptureQueriesContext(connection) as many_api:
        many = _page(client, url)
    assert School.objects.filter(district=xuhui_world.districts["A"]).count() == 50
    assert (few["count"], len(few["results"])) == (5 * N, 5 * N)
    assert (many["count"], len(many["results"])) == (50 * N, 500)  # a full page of 500
    assert many_run == few_run
    # The 5 schools' results fit on their page, so no COUNT; the 50 schools' page has
    # rows after it and adds the one COUNT (apps.core.api.CheapCountPaginator).
    assert len(many_api) == len(few_api) + 1


def test_the_school_results_api_does_not_grow_with_rows(
    xuhui_world: World, client_for: Any
) -> None:
    client = client_for("A1.leader")
    url = _school_results(xuhui_world, "A1")
    _execute(xuhui_world)
    client.get(url)
    with CaptureQueriesContext(connection) as one_run:
        _rows(client, url)
    for _ in range(3):
        _execute(xuhui_world, force=True)
    with CaptureQueriesContext(connection) as four_runs:
        assert len(_rows(client, url)) == N
    assert len(four_runs) == len(one_run)
