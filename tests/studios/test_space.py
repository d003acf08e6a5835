"""The studio lead's space: `studio/` lands on the lead's team, the team page shows its
members (name, school), sessions with attendance counts, this school year's yearly plan,
outcomes and the quarterly briefs' due dates (XB23-BRIEF, the pack's brief_due_day)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.compliance.packs import PACK_DIR, load_pack_file
from apps.core.schoolyear import current_school_year, today
from apps.studios.access import group_name
from apps.studios.models import Brief, Outcome, OutcomeKind, Plan, PlanKind
from tests.personas import World
from tests.studios import rows_space

pytestmark = pytest.mark.django_db


def _team(world: World) -> Any:
    return world.studios["A.studio"].team


def _page(world: World, client_for: Any, persona: str = "A.lead") -> str:
    url = reverse("studios:team_space", kwargs={"team_id": _team(world).pk})
    response = client_for(persona).get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_lead_lands_on_the_studio_after_login(world: World, client_for: Any) -> None:
    client = client_for("A.lead")
    home = client.get(reverse("tenancy:home"))
    assert home["Location"] == reverse("studios:space")
    space = client.get(reverse("studios:space"))
    assert space["Location"] == reverse("studios:team_space", kwargs={"team_id": _team(world).pk})


def test_a_lead_of_two_teams_chooses_one(world: World, client_for: Any) -> None:
    other = rows_space.studio(world, "A2.studio").team
    Group.objects.get(name=group_name(other, "lead_team")).user_set.add(world.user("A.lead"))
    body = client_for("A.lead").get(reverse("studios:space")).content.decode()
    assert "A区班主任工作室" in body and other.name in body


def test_someone_without_a_team_is_told_so(world: World, client_for: Any) -> None:
    body = client_for("A1.teacher").get(reverse("studios:space")).content.decode()
    assert "没有主持或参加的工作室" in body


def test_the_team_page_shows_members_sessions_plan_and_outcomes(
    world: World, client_for: Any
) -> None:
    team, lead = _team(world), world.user("A.lead")
    rows_space.session(world, "A.studio")
    year = current_school_year()
    Plan.objects.create(team=team, kind=PlanKind.YEARLY, school_year=year - 1, title="去年的计划",
                        body="旧", submitted_by=lead)  # fmt: skip
    Plan.objects.create(team=team, kind=PlanKind.YEARLY, school_year=year, title="本学年计划",
                        body="每月一次研讨", submitted_by=lead)  # fmt: skip
    Outcome.objects.create(team=team, kind=OutcomeKind.CASES, title="同伴冲突案例集",
                           completed_on=today(), recorded_by=lead)  # fmt: skip
    body = _page(world, client_for)
    for name, school in (("甲A12", "A1"), ("甲A13", "A1"), ("甲A22", "A2")):
        assert name in body and world.schools[school].school.name in body
    assert "成员（3）" in body
    assert "工作室研讨" in body and "3 人参加" in body
    assert "本学年计划" in body and "去年的计划" not in body
    assert "同伴冲突案例集" in body
    assert "登记活动" in body  # the lead records sessions


def test_xb23_brief_due_dates_come_from_the_pack(world: World, client_for: Any) -> None:
    """With xuhui-backbone-2023 (brief_due_day 28): the four quarters' due days, the filed
    one marked 按时, a link to the briefs; without it, the page says the rule does not apply."""
    team = _team(world)
    assert "本区政策未规定季度简报截止日" in _page(world, client_for)
    load_pack_file(PACK_DIR / "xuhui-backbone-2023.yaml")
    district = world.districts["A"]
    district.policy_packs = ["xuhui-2026", "xuhui-backbone-2023"]
    district.save(update_fields=["policy_packs"])
    year = today().year
    Brief.objects.create(team=team, year=year, quarter=1, title="一季度简报", body="进展",
                         filed_at=dt.datetime(year, 3, 20, tzinfo=dt.UTC),
                         submitted_by=world.user("A.lead"))  # fmt: skip
    body = _page(world, client_for)
    for month in (3, 6, 9, 12):
        assert f"截止 {month}月28日" in body
    assert f'data-testid="chip-{year}-1">按时<' in body  # filed on the 20th
    assert f'href="/studio/teams/{team.pk}/briefs/"' in body


def test_a_team_the_user_may_not_read_is_404(world: World, client_for: Any) -> None:
    other = rows_space.studio(world, "B.studio").team
    url = reverse("studios:team_space", kwargs={"team_id": other.pk})
    assert client_for("A.lead").get(url).status_code == 404
    missing = reverse("studios:team_space", kwargs={"team_id": other.pk + 1000})
    assert client_for("A.lead").get(missing).status_code == 404


def test_the_team_page_reads_a_fixed_number_of_queries(world: World, client_for: Any) -> None:
    """More sessions and members do not mean more queries."""
    client = client_for("A.lead")
    url = reverse("studios:team_space", kwargs={"team_id": _team(world).pk})
    rows_space.session(world, "A.studio")
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    team, lead = _team(world), world.user("A.lead")
    for n in range(3):
        rows_space.session_record(
            team=team, actor=lead, **rows_space.session_fields(title=f"研讨{n}"),
            teachers=[m.teacher_id for m in world.studios["A.studio"].members],
        )  # fmt: skip
    with CaptureQueriesContext(connection) as four:
        client.get(url)
    assert len(four) == len(one)
