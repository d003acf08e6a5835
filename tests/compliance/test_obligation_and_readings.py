"""POLICY "How to read the numbers and the verbs": an encouraged or "in principle"
indicator shows progress and what is missing but is never 未达标; where a parameter is a
reading of the text (解释), the result says so — on the cell's explanation, the school's
self-check and the results API (XH26-A2-1 research-session parameters, XH26-A1-4)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from apps.compliance import engine, services
from apps.compliance.models import Indicator, Obligation, PolicyPack, ResultStatus
from apps.core.schoolyear import current_school_year
from apps.people.models import HomeroomAssignment
from apps.tenancy.models import School
from tests.personas import World

YEAR = current_school_year()


def _outcome(world: World, key: str, code: str) -> Any:
    district = world.schools[key].school.district
    schools = list(School.objects.filter(district=district).order_by("code"))
    rows = engine.evaluate(
        district=district, school_year=YEAR, schools=schools, as_of=engine.as_of_for(YEAR)
    )
    school = world.schools[key].school
    return next(r.outcome for r in rows if r.indicator.code == code and r.school_id == school.pk)


def test_an_encouraged_indicator_is_never_not_met(xuhui_world: World) -> None:
    """XH26-A1-4 read as encouraged (积极试点): a school with no homeroom teacher at all
    shows its shortfall, but not as 未达标."""
    HomeroomAssignment.objects.filter(school=xuhui_world.schools["A1"].school).delete()
    assert _outcome(xuhui_world, "A1", "XH26-A1-4").status == ResultStatus.NOT_MET
    newest = PolicyPack.objects.filter(code="xuhui-2026").order_by("-version")[0]
    Indicator.objects.filter(pack=newest, code="XH26-A1-4").update(obligation=Obligation.ENCOURAGED)
    outcome = _outcome(xuhui_world, "A1", "XH26-A1-4")
    assert outcome.status == ResultStatus.ENCOURAGED
    assert outcome.missing  # what is missing is still named
    assert "不计为未达标" in outcome.note


def test_soft_rules_of_the_packs_are_marked(xuhui_world: World) -> None:
    """XB-FIVE (鼓励) and XB-TEAM-SIZE (一般) of xinbei-2023 are not requirements."""
    soft = dict(
        Indicator.objects.filter(pack__code="xinbei-2023", code__in=["XB-FIVE", "XB-TEAM-SIZE"])
        .order_by("code", "-pack__version")
        .values_list("code", "obligation")
    )
    assert soft == {"XB-FIVE": "encouraged", "XB-TEAM-SIZE": "in_principle"}


def test_readings_are_shown_where_the_result_is_read(xuhui_world: World, client_for: Any) -> None:
    """XH26-A2-1's session rules are readings of "分层分主题 … 留存完整记录": the cell's
    explanation, the self-check and the API name them as 解释."""
    sd = xuhui_world.schools["A1"]
    run = services.run_start(district=sd.school.district, school_year=YEAR)
    services.run_execute(run_id=run.pk)
    result = run.results.get(school=sd.school, indicator_code="XH26-A2-1")
    detail = client_for("A.admin").get(
        reverse("compliance:result_detail", args=[sd.school.district_id, result.pk])
    )
    assert (
        "解释" in detail.content.decode()
        and "研修活动最少出席班主任人数" in detail.content.decode()
    )
    check = client_for("A1.leader").get(reverse("compliance:self_check", args=[sd.school.pk]))
    assert "研修活动最少出席班主任人数：<strong>2人</strong>" in check.content.decode()
    api = client_for("A1.leader").get(f"/api/v1/schools/{sd.school.pk}/compliance-results/")
    row = next(r for r in api.json()["results"] if r["indicator_code"] == "XH26-A2-1")
    assert {r["key"] for r in row["readings"]} >= {"research_min_homeroom_attendees"}
    assert [p["evaluator"] for p in row["parts"]] == [
        "evidence.document",
        "training.monthly_sessions",
    ]
    assert all("missing" in p for p in row["parts"])
