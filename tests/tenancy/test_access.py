"""Access helpers and scoped querysets agree on who reads what (ARCHITECTURE §4)."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction
from django.http import Http404

from apps.people.models import Teacher
from apps.tenancy.access import access_district, access_school, schools_visible_to
from apps.tenancy.models import District, DistrictLevel, Membership, Role
from tests.personas import World


def test_city_role_reaches_the_districts_under_it(world: World) -> None:
    city = District.objects.create(code="city", name="某市", level=DistrictLevel.CITY)
    District.objects.filter(pk=world.districts["A"].pk).update(parent=city)
    user = world.user("B1.teacher")
    Membership.objects.create(user=user, district=city, role=Role.DISTRICT_ADMIN)
    user.__dict__.pop("_tenancy_memberships", None)
    assert access_district(user, world.districts["A"].pk) == world.districts["A"]
    with pytest.raises(Http404):
        access_district(user, world.districts["B"].pk)
    visible = set(schools_visible_to(user).values_list("pk", flat=True))
    via_queryset = set(Teacher.objects.visible_to(user).values_list("school_id", flat=True))
    assert (
        visible
        == via_queryset
        == {
            world.schools["A1"].school.pk,
            world.schools["A2"].school.pk,
        }
    )


@pytest.mark.parametrize("bad", ["abc", "", None, "1.5", "-1"])
def test_malformed_ids_are_404(world: World, bad: object) -> None:
    with pytest.raises(Http404):
        access_school(world.user("A1.leader"), bad)  # type: ignore[arg-type]
    with pytest.raises(Http404):
        access_district(world.user("A.admin"), bad)  # type: ignore[arg-type]


def test_inactive_membership_grants_nothing(world: World) -> None:
    user = world.user("A1.leader")
    Membership.objects.filter(user=user).update(is_active=False)
    with pytest.raises(Http404):
        access_school(user, world.schools["A1"].school.pk)


def test_district_reviewer_reads_but_does_not_write(world: World) -> None:
    user = world.user("A.reviewer")
    school = world.schools["A2"].school
    assert access_school(user, school.pk) == school
    with pytest.raises(Http404):
        access_school(user, school.pk, write=True)


def _violates_tenant_fk(create: object) -> bool:
    """Run `create` in a savepoint and force the deferred composite FK to be checked."""
    try:
        with transaction.atomic():
            create()  # type: ignore[operator]
            connection.check_constraints()
    except IntegrityError:
        return True
    return False


def test_membership_district_must_match_school(world: World) -> None:
    """The database refuses a membership whose district is not its school's."""
    assert _violates_tenant_fk(
        lambda: Membership.objects.create(
            user=world.user("A1.teacher"),
            district=world.districts["B"],
            school=world.schools["A1"].school,
            role=Role.SCHOOL_LEADER,
        )
    )


def test_tenant_rows_must_match_their_school_district(world: World) -> None:
    assert _violates_tenant_fk(
        lambda: Teacher.objects.create(
            school=world.schools["A1"].school,
            district=world.districts["B"],
            employee_no="X",
            name="错区",
            gender="M",
        )
    )
    assert not _violates_tenant_fk(
        lambda: Teacher.objects.create(
            school=world.schools["A1"].school,
            district=world.districts["A"],
            employee_no="Y",
            name="本区",
            gender="M",
        )
    )


def test_id_filters_do_not_reveal_that_a_foreign_row_exists(
    world: World, client_for: object
) -> None:
    """A foreign teacher id and an id that exists nowhere answer the same."""
    client = client_for("A1.leader")  # type: ignore[operator]
    url = f"/api/v1/schools/{world.schools['A1'].school.pk}/assignments/"
    foreign = client.get(url, {"teacher": world.schools["B1"].teachers[0].pk})
    missing = client.get(url, {"teacher": 99_999_999})
    assert foreign.status_code == missing.status_code == 200
    assert foreign.json()["results"] == missing.json()["results"] == []
    schools = [
        client.get("/api/v1/schools/", {"district": world.districts[key].pk}).status_code
        for key in ("A", "B")
    ]
    assert schools == [200, 200]
    assert client.get("/api/v1/schools/", {"district": 99_999_999}).status_code == 200
