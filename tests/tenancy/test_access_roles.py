"""`access_district(user, id, roles=…)`: acting for a district (reviewing its evidence, say)
needs one of the roles at that district itself; plain reading is unchanged."""

from __future__ import annotations

import pytest
from django.http import Http404

from apps.tenancy.access import access_district, holds_district_role
from apps.tenancy.models import District, DistrictLevel, Membership, Role
from tests.personas import World

REVIEWERS = (Role.DISTRICT_REVIEWER, Role.DISTRICT_ADMIN)


@pytest.mark.parametrize("persona", ["A.reviewer", "A.admin"])
def test_district_roles_act_for_their_own_district(persona: str, world: World) -> None:
    district = world.districts["A"]
    user = world.user(persona)
    assert access_district(user, district.pk, roles=REVIEWERS) == district
    assert access_district(user, str(district.pk), roles=REVIEWERS) == district
    assert holds_district_role(user, district.pk, REVIEWERS)
    with pytest.raises(Http404):
        access_district(user, world.districts["B"].pk, roles=REVIEWERS)


def test_roles_narrow_to_the_ones_asked_for(world: World) -> None:
    district = world.districts["A"]
    with pytest.raises(Http404):
        access_district(world.user("A.reviewer"), district.pk, roles=[Role.DISTRICT_ADMIN])
    assert access_district(world.user("A.admin"), district.pk, roles=[Role.DISTRICT_ADMIN])


@pytest.mark.parametrize("persona", ["A1.leader", "A1.teacher", "B.admin", "B.reviewer"])
def test_others_cannot_act_for_the_district(persona: str, world: World) -> None:
    with pytest.raises(Http404):
        access_district(world.user(persona), world.districts["A"].pk, roles=REVIEWERS)


def test_a_city_role_reads_but_does_not_act_for_the_districts_under_it(world: World) -> None:
    city = District.objects.create(code="city", name="某市", level=DistrictLevel.CITY)
    District.objects.filter(pk=world.districts["A"].pk).update(parent=city)
    user = world.user("B1.teacher")
    Membership.objects.create(user=user, district=city, role=Role.DISTRICT_ADMIN)
    district = world.districts["A"]
    assert access_district(user, district.pk) == district  # reading: as before
    with pytest.raises(Http404):
        access_district(user, district.pk, roles=REVIEWERS)
    assert access_district(user, city.pk, roles=REVIEWERS) == city


@pytest.mark.parametrize("bad", ["abc", "", None, "1.5"])
def test_malformed_ids_are_404_with_roles(world: World, bad: object) -> None:
    with pytest.raises(Http404):
        access_district(world.user("A.admin"), bad, roles=REVIEWERS)  # type: ignore[arg-type]
