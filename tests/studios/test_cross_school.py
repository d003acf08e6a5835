"""The one place where reading crosses schools (ARCHITECTURE §4, issue 14 §5): district A's
studio draws members from A1 and A2; its lead (`A.lead`, a studio_lead at district A's
node) sees A2's member — name, school, what they did in the studio — on the studio's
pages, and nothing else of A2: every school page and API of A2, and of A1 beyond the
studio, is a 404, and the member's other data (employee number, phone, other
activities) never appears on the studio's pages."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from apps.accounts.models import User
from apps.compliance.packs import PACK_DIR, load_pack_file
from apps.people.models import Teacher
from apps.training.models import TrainingActivity
from tests.personas import World
from tests.studios import rows_space
from tests.tenancy.test_matrix import ROUTES
from tests.training import rows as training_rows

pytestmark = pytest.mark.django_db

PHONE = "13900000022"


def _a2_member(world: World) -> Teacher:
    """A2's member of the studio, with a login and a phone, who also attended one of
    A2's own activities (marked)."""
    teacher = world.schools["A2"].teachers[1]
    user = User(username="a2_member", full_name="成员用户", phone=PHONE)
    user.set_password("pw")
    user.save()
    Teacher.objects.filter(pk=teacher.pk).update(user=user)
    sd = world.schools["A2"]
    other = TrainingActivity.objects.create(
        district_id=sd.school.district_id, school=sd.school, organiser_level="school",
        title="MK-A2-校本研修另一场", topic="家校沟通", hours=2, form="lecture",
        credit_class="lecture", date=rows_space.session_day(), created_by=sd.job.created_by,
    )  # fmt: skip
    training_rows.attend(other, teacher, sd.job.created_by)
    return teacher


def _studio_pages(world: World) -> list[str]:
    team = world.studios["A.studio"].team
    session = rows_space.session(world, "A.studio")
    team_kwargs = {"team_id": team.pk}
    return [
        reverse("studios:team_space", kwargs=team_kwargs),
        reverse("studios:session_new", kwargs=team_kwargs),
        reverse("studios:session_detail", kwargs=team_kwargs | {"session_id": session.pk}),
        reverse("api:team-session-list", kwargs=team_kwargs),
        reverse("api:my-team-list"),
    ]


def test_the_lead_sees_the_a2_member_as_a_studio_member(world: World, client_for: Any) -> None:
    member = _a2_member(world)
    team_page, _, detail, *_ = _studio_pages(world)
    client = client_for("A.lead")
    for url in (team_page, detail):
        body = client.get(url).content.decode()
        assert member.name in body, url
        assert world.schools["A2"].school.name in body, url


def test_the_a2_members_other_data_never_shows_on_the_studio_pages(
    world: World, client_for: Any
) -> None:
    member = _a2_member(world)
    client = client_for("A.lead")
    for url in _studio_pages(world):
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert member.employee_no not in body, url
        assert PHONE not in body, url
        assert "校本研修另一场" not in body, url
        # A2's marker shows only inside its school's name: nothing else of A2 is there
        for key in ("A1", "A2"):
            rest = body.replace(world.schools[key].school.name, "")
            assert world.schools[key].marker not in rest, f"{url}: {key}"


def test_every_school_page_of_a1_and_a2_is_404_for_the_lead(world: World, client_for: Any) -> None:
    """Every school route of the matrix (GET), for both schools the studio draws from."""
    load_pack_file(PACK_DIR / "xuhui-2026.yaml")
    client = client_for("A.lead")
    checked = 0
    for name, route in sorted(ROUTES.items()):
        if route.scope != "school" or not route.get or route.compliance:
            continue
        for key in ("A1", "A2"):
            url = reverse(name, kwargs=route.kwargs(world.schools[key]))
            response = client.get(url)
            assert response.status_code == 404, f"{url} as A.lead: {response.status_code}"
            checked += 1
    assert checked > 100


def test_school_and_district_apis_hold_nothing_for_the_lead(world: World, client_for: Any) -> None:
    client = client_for("A.lead")
    assert client.get("/api/v1/schools/").json()["results"] == []
    district = world.districts["A"].pk
    assert (
        client.get(reverse("people:district_home", kwargs={"district_id": district})).status_code
        == 404
    )


def test_only_the_team_scope_opens_the_members_rows(
    world: World, client_for: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Control: row security is what hides other schools' members; without the team's
    widened scope the lead's request reads none of them."""
    from contextlib import nullcontext

    from apps.studios.selectors import space, teams

    for module in (space, teams):  # the space reads its members through teams.team_members
        monkeypatch.setattr(module, "team_scope", lambda team: nullcontext())
    url = reverse("studios:team_space", kwargs={"team_id": world.studios["A.studio"].team.pk})
    body = client_for("A.lead").get(url).content.decode()
    assert "成员（0）" in body
    assert "甲A22" not in body
