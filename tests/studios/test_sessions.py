"""A team's sessions (XH26-STUDIO-MONTHLY): recorded by the lead (or a manager) as a
training activity organised by the studio, attended by members of two schools, the hours
reaching each member's ledger; non-members refused by name; the page and the API."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from apps.compliance.packs import PACK_DIR, load_pack_file
from apps.studios.models import Member, Session
from apps.studios.services import session_record
from apps.training.models import LedgerEntry, OrganiserLevel, TrainingActivity
from tests.personas import World
from tests.studios import rows_space

pytestmark = pytest.mark.django_db


def _studio(world: World) -> Any:
    return world.studios["A.studio"]


def _member_ids(world: World) -> list[int]:
    return [m.teacher_id for m in _studio(world).members]


def _record(world: World, actor: str, teachers: list[int], **extra: Any) -> Session:
    fields = rows_space.session_fields() | extra
    return session_record(
        team=_studio(world).team, actor=world.user(actor), teachers=teachers, **fields
    )


def test_xh26_studio_monthly_session_hours_reach_every_members_ledger(world: World) -> None:
    """The lead's session is a studio research session; A2's member gets its 2 hours."""
    session = _record(world, "A.lead", _member_ids(world))
    activity = session.activity
    assert activity.organiser_level == OrganiserLevel.STUDIO
    assert activity.organiser_name == "A区班主任工作室"
    assert activity.is_research_session
    assert activity.school_id is None
    assert activity.district_id == world.districts["A"].pk
    a2_member = world.schools["A2"].teachers[1]
    entry = LedgerEntry.objects.get(teacher=a2_member, activity=activity)
    assert entry.hours == Decimal("2.0")
    assert entry.school_id == world.schools["A2"].school.pk
    credited = LedgerEntry.objects.filter(activity=activity).values_list("teacher_id", flat=True)
    assert sorted(credited) == sorted(_member_ids(world))


def test_xh26_studio_monthly_non_member_is_refused_by_name(world: World) -> None:
    stranger = world.schools["A2"].teachers[0]  # a teacher of A2, not in the studio
    with pytest.raises(ValidationError) as refused:
        _record(world, "A.lead", [*_member_ids(world), stranger.pk])
    assert refused.value.message_dict == {
        "teachers": [f"以下教师不是本工作室的在册成员：{stranger.name}。"]
    }
    assert not Session.objects.exists()
    assert not TrainingActivity.objects.filter(organiser_level=OrganiserLevel.STUDIO).exists()


def test_xh26_studio_monthly_a_member_who_left_cannot_be_ticked(world: World) -> None:
    left = _studio(world).members[2]
    Member.objects.filter(pk=left.pk).update(left_on=rows_space.session_day())
    with pytest.raises(ValidationError) as refused:
        _record(world, "A.lead", [left.teacher_id])
    assert "甲A22" in refused.value.message_dict["teachers"][0]


@pytest.mark.parametrize("actor", ["A1.leader", "A2.leader", "A.reviewer", "B.admin"])
def test_xh26_studio_monthly_only_the_lead_or_a_manager_records(world: World, actor: str) -> None:
    with pytest.raises(PermissionDenied):
        _record(world, actor, _member_ids(world))
    assert not Session.objects.exists()
    _record(world, "A.admin", _member_ids(world))  # the district's admin manages it
    assert Session.objects.count() == 1


def test_xh26_studio_monthly_the_packs_research_session_rules_apply(world: World) -> None:
    """With xuhui-2026 loaded, a session's minutes must be long enough (training's rule)."""
    load_pack_file(PACK_DIR / "xuhui-2026.yaml")
    with pytest.raises(ValidationError) as refused:
        _record(world, "A.lead", _member_ids(world), minutes="开会。")
    assert "活动纪要" in refused.value.message_dict["minutes"][0]
    assert not Session.objects.exists()


def _form(world: World, teachers: list[int]) -> dict[str, Any]:
    fields = rows_space.session_fields()
    return fields | {"hours": "2", "teachers": teachers, "theme": ""}


def test_session_page_ticks_members_by_school_and_shows_who_attended(
    world: World, client_for: Any
) -> None:
    team = _studio(world).team
    client = client_for("A.lead")
    url = reverse("studios:session_new", kwargs={"team_id": team.pk})
    page = client.get(url).content.decode()
    for key, name in (("A1", "甲A12"), ("A1", "甲A13"), ("A2", "甲A22")):
        assert world.schools[key].school.name in page
        assert name in page
    response = client.post(url, _form(world, _member_ids(world)))
    session = Session.objects.get(team=team)
    assert response["Location"] == reverse(
        "studios:session_detail", kwargs={"team_id": team.pk, "session_id": session.pk}
    )
    detail = client.get(response["Location"]).content.decode()
    assert "参加成员（3）" in detail
    assert "甲A22" in detail and world.schools["A2"].school.name in detail


def test_session_page_refuses_a_non_member_on_the_form(world: World, client_for: Any) -> None:
    team = _studio(world).team
    url = reverse("studios:session_new", kwargs={"team_id": team.pk})
    stranger = world.schools["B1"].teachers[0].pk
    response = client_for("A.lead").post(url, _form(world, [stranger]))
    assert response.status_code == 200
    assert "不是本工作室的在册成员" in response.content.decode()
    assert not Session.objects.exists()


def test_session_api_lists_and_records_for_the_lead(world: World, client_for: Any) -> None:
    team = _studio(world).team
    url = reverse("api:team-session-list", kwargs={"team_id": team.pk})
    client = client_for("A.lead")
    data = _form(world, _member_ids(world)) | {"date": str(rows_space.session_day())}
    data.pop("theme")
    created = client.post(url, data, content_type="application/json")
    assert created.status_code == 201, created.content
    assert created.json()["attendee_count"] == 3
    listed = client.get(url).json()["results"]
    assert [(row["title"], row["attendee_count"]) for row in listed] == [("班级建设难题研讨", 3)]
    stranger = world.schools["A2"].teachers[0]
    refused = client.post(url, data | {"teachers": [stranger.pk]}, content_type="application/json")
    assert refused.status_code == 400
    assert stranger.name in refused.content.decode()
    assert Session.objects.count() == 1
