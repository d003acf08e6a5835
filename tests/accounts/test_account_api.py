"""Issue 10 §5: accounts and roles through the API. The district admin creates staff
accounts (the one-time password in the answer, once), resets and deactivates them, grants
and ends roles; a school leader creates logins for the teachers on its roster. Nobody
grants a role above their own or outside their node; a school leader reaches no other
school's teachers and cannot reset a district admin's password."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from apps.accounts.models import User
from apps.people.models import Teacher
from apps.tenancy.models import Membership, Role
from tests.personas import World

pytestmark = pytest.mark.django_db

JSON = "application/json"


def _signed_in(username: str, password: str = "pw") -> Client:  # noqa: S107
    client = Client()
    response = client.post("/accounts/login/", {"username": username, "password": password})
    assert response.status_code == 302, response.content.decode()[:300]
    return client


def _accounts(world: World, key: str = "A") -> str:
    return f"/api/v1/districts/{world.districts[key].pk}/accounts/"


def _roles(world: World, key: str = "A") -> str:
    return f"/api/v1/districts/{world.districts[key].pk}/roles/"


def _logins(world: World, key: str = "A1") -> str:
    return f"/api/v1/schools/{world.schools[key].school.pk}/teacher-logins/"


def _login_refused(username: str, password: str) -> bool:
    response = Client().post("/accounts/login/", {"username": username, "password": password})
    return response.status_code == 200  # the login form again


# --------------------------------------------------------------------------- accounts


def test_a_new_account_gets_its_password_once_and_must_change_it_at_first_login(
    world: World, client_for: Any
) -> None:
    school = world.schools["A1"].school
    admin = client_for("A.admin")
    response = admin.post(
        _accounts(world),
        {"username": "wang.li", "full_name": "王丽", "phone": "13900139001",
         "role": "school_leader", "school": school.pk},
        JSON,
    )  # fmt: skip
    assert response.status_code == 201, response.content
    body = response.json()
    password = body["password"]
    assert len(password) >= 12
    assert body["account"]["must_change_password"] is True
    assert [(r["role"], r["school"]) for r in body["account"]["roles"]] == [
        ("school_leader", school.pk)
    ]
    user = User.objects.get(username="wang.li")
    assert password not in user.password and user.check_password(password)
    assert password not in admin.get(_accounts(world)).content.decode()  # shown once
    assert password not in admin.get(f"{_accounts(world)}{user.pk}/").content.decode()

    token = Client().post("/api/v1/auth/token/", {"username": "wang.li", "password": password})
    assert token.status_code == 400 and "修改为您自己的密码" in token.json()["password"][0]
    leader = _signed_in("13900139001", password)  # the mobile number logs in too
    assert leader.get(f"/s/{school.pk}/")["Location"].startswith("/accounts/password/")


def test_bad_input_names_the_field_and_saves_nothing(world: World, client_for: Any) -> None:
    before = User.objects.count()
    response = client_for("A.admin").post(
        _accounts(world),
        {"username": "A1_leader", "full_name": "重名", "phone": "123", "role": "district_reviewer"},
        JSON,
    )
    assert response.status_code == 400
    errors = response.json()
    assert "用户名 A1_leader 已被平台上其他账号使用" in errors["username"][0]
    assert "手机号应为 11 位数字" in errors["phone"][0]
    foreign_school = client_for("A.admin").post(
        _accounts(world),
        {"username": "li.na", "full_name": "李娜", "role": "school_leader",
         "school": world.schools["B1"].school.pk},
        JSON,
    )  # fmt: skip
    assert foreign_school.status_code == 400
    assert "不属于本区" in foreign_school.json()["school"][0]
    assert User.objects.count() == before


def test_a_reset_password_is_handed_back_once_and_ends_the_old_one(
    world: World, client_for: Any
) -> None:
    reviewer = world.user("A.reviewer")
    session = _signed_in("A_reviewer")
    district = world.districts["A"]
    response = client_for("A.admin").post(f"{_accounts(world)}{reviewer.pk}/reset-password/")
    assert response.status_code == 200
    password = response.json()["password"]
    assert response.json()["account"]["username"] == "A_reviewer"
    assert session.get(f"/d/{district.pk}/").status_code == 302  # the old session ended
    assert _login_refused("A_reviewer", "pw")
    again = _signed_in("A_reviewer", password)
    assert again.get(f"/d/{district.pk}/")["Location"].startswith("/accounts/password/")


def test_deactivation_ends_an_open_session(world: World, client_for: Any) -> None:
    reviewer = world.user("A.reviewer")
    district = world.districts["A"]
    session = _signed_in("A_reviewer")
    assert session.get(f"/d/{district.pk}/").status_code == 200
    response = client_for("A.admin").post(f"{_accounts(world)}{reviewer.pk}/deactivate/")
    assert response.status_code == 200 and response.json()["is_active"] is False
    after = session.get(f"/d/{district.pk}/")
    assert after.status_code == 302 and after["Location"].startswith("/accounts/login/")
    assert session.get("/api/v1/me/").status_code in (401, 403)
    assert _login_refused("A_reviewer", "pw")


def test_nobody_resets_or_deactivates_themselves_or_an_account_of_another_district(
    world: World, client_for: Any
) -> None:
    admin = client_for("A.admin")
    own = world.user("A.admin")
    assert admin.post(f"{_accounts(world)}{own.pk}/deactivate/").status_code == 404
    b_reviewer = world.user("B.reviewer")
    assert admin.post(f"{_accounts(world)}{b_reviewer.pk}/reset-password/").status_code == 404
    assert admin.post(f"{_accounts(world, 'B')}{b_reviewer.pk}/deactivate/").status_code == 404
    assert User.objects.get(pk=b_reviewer.pk).is_active
    assert User.objects.get(pk=own.pk).check_password("pw")


# --------------------------------------------------------------------------- roles


def test_the_admin_grants_a_role_at_exactly_one_node_and_ends_it(
    world: World, client_for: Any
) -> None:
    reviewer, school = world.user("A.reviewer"), world.schools["A2"].school
    admin = client_for("A.admin")
    granted = admin.post(
        _roles(world), {"user": reviewer.pk, "role": "school_leader", "school": school.pk}, JSON
    )
    assert granted.status_code == 201, granted.content
    role = granted.json()
    assert role["node"] == school.name  # exactly the node it applies to
    assert role["school"] == school.pk and role["is_active"]
    listed = {
        (r["username"], r["role"], r["school"]) for r in admin.get(_roles(world)).json()["results"]
    }
    assert ("A_reviewer", "school_leader", school.pk) in listed
    assert not any(username.startswith("B_") for username, _r, _s in listed)

    ended = admin.post(f"{_roles(world)}{role['id']}/end/")
    assert ended.status_code == 200 and ended.json()["is_active"] is False
    listed = {(r["username"], r["school"]) for r in admin.get(_roles(world)).json()["results"]}
    assert ("A_reviewer", school.pk) not in listed


def test_nobody_grants_a_role_above_their_own_or_outside_their_node(
    world: World, client_for: Any
) -> None:
    leader = world.user("A1.leader")
    to_admin = {"user": leader.pk, "role": "district_admin", "school": None}
    before = Membership.objects.filter(is_active=True).count()
    # a reviewer holds a district role below the admin's; a school leader one below both
    assert client_for("A.reviewer").post(_roles(world), to_admin, JSON).status_code == 404
    assert client_for("A1.leader").post(_roles(world), to_admin, JSON).status_code == 404
    assert client_for("B.admin").post(_roles(world), to_admin, JSON).status_code == 404
    admin = client_for("A.admin")
    at_a_school = admin.post(
        _roles(world),
        {"user": leader.pk, "role": "district_reviewer", "school": world.schools["A1"].school.pk},
        JSON,
    )
    assert at_a_school.status_code == 400 and "只能授予在区一级" in at_a_school.json()["role"][0]
    foreign_node = admin.post(
        _roles(world),
        {"user": leader.pk, "role": "school_leader", "school": world.schools["B1"].school.pk},
        JSON,
    )
    assert foreign_node.status_code == 400 and "school" in foreign_node.json()
    own = admin.post(
        _roles(world), {"user": world.user("A.admin").pk, "role": "district_reviewer"}, JSON
    )
    assert own.status_code == 400 and "不能给自己授予角色" in own.json()["role"][0]
    foreign_user = admin.post(
        _roles(world), {"user": world.user("B1.leader").pk, "role": "district_reviewer"}, JSON
    )
    assert foreign_user.status_code == 400 and "user" in foreign_user.json()
    assert Membership.objects.filter(is_active=True).count() == before


def test_a_school_leader_cannot_grant_a_district_role_or_create_district_accounts(
    world: World, client_for: Any
) -> None:
    leader = client_for("A1.leader")
    before = (User.objects.count(), Membership.objects.count())
    grant = {"user": world.user("A1.teacher").pk, "role": "district_reviewer"}
    assert leader.post(_roles(world), grant, JSON).status_code == 404
    account = {"username": "sneaky", "full_name": "越权", "role": "district_admin"}
    assert leader.post(_accounts(world), account, JSON).status_code == 404
    assert leader.get(_accounts(world)).status_code == 404
    assert (User.objects.count(), Membership.objects.count()) == before


# --------------------------------------------------------------------------- teacher logins


def test_a_school_leader_creates_logins_for_roster_teachers_shown_once(
    world: World, client_for: Any
) -> None:
    sd = world.schools["A1"]
    leader = client_for("A1.leader")
    ids = [sd.teachers[1].pk, sd.teachers[2].pk]
    response = leader.post(_logins(world), {"teachers": ids}, JSON)
    assert response.status_code == 201, response.content
    logins = response.json()
    assert [row["teacher"] for row in logins] == ids
    first = logins[0]
    assert first["username"] == f"{sd.school.code}.{sd.teachers[1].employee_no}".lower()
    user = User.objects.get(username=first["username"])
    assert first["password"] not in user.password and user.must_change_password
    assert Teacher.objects.get(pk=ids[0]).user_id == user.pk
    assert Membership.objects.filter(user=user, school=sd.school, role=Role.TEACHER).exists()
    teacher = _signed_in(first["staff_no"], first["password"])  # the 工号 logs in
    assert teacher.get("/me/")["Location"].startswith("/accounts/password/")
    again = leader.post(_logins(world), {"teachers": ids}, JSON)
    assert again.status_code == 400 and "已有登录账号" in again.json()["teachers"][0]


def test_a_school_leader_cannot_create_logins_for_another_schools_teachers(
    world: World, client_for: Any
) -> None:
    leader = client_for("A1.leader")
    other = world.schools["A2"]
    before = User.objects.count()
    foreign = {"teachers": [other.teachers[2].pk]}
    assert leader.post(_logins(world, "A2"), foreign, JSON).status_code == 404
    named = leader.post(_logins(world), foreign, JSON)  # under its own school's URL
    assert named.status_code == 400 and "不属于本校" in named.json()["teachers"][0]
    assert leader.post(f"{_logins(world)}{other.teachers[0].pk}/reset-password/").status_code == 404
    assert User.objects.count() == before
    assert world.user("A2.teacher").check_password("pw")


def test_a_school_leader_resets_and_deactivates_a_teachers_login(
    world: World, client_for: Any
) -> None:
    sd = world.schools["A1"]
    url = f"{_logins(world)}{sd.teachers[0].pk}/"
    session = _signed_in("A1_teacher")
    assert session.get("/me/").status_code == 200
    leader = client_for("A1.leader")
    reset = leader.post(f"{url}reset-password/")
    assert reset.status_code == 200 and reset.json()["username"] == "A1_teacher"
    password = reset.json()["password"]
    assert session.get("/me/").status_code == 302  # the old session ended
    session = _signed_in("A1_teacher", password)
    ended = leader.post(f"{url}deactivate/")
    assert ended.status_code == 200 and ended.json()["is_active"] is False
    after = session.get("/me/")
    assert after.status_code == 302 and after["Location"].startswith("/accounts/login/")
    assert _login_refused("A1_teacher", password)


def test_a_school_leader_cannot_reset_a_district_admins_password(
    world: World, client_for: Any
) -> None:
    """The district admin is also on A1's roster (teaches there): the school's leader still
    cannot reset that login — it holds a role above the leader's."""
    sd = world.schools["A1"]
    admin = world.user("A.admin")
    Teacher.objects.filter(pk=sd.teachers[1].pk).update(user=admin)
    leader = client_for("A1.leader")
    url = f"{_logins(world)}{sd.teachers[1].pk}/"
    assert leader.post(f"{url}reset-password/").status_code == 404
    assert leader.post(f"{url}deactivate/").status_code == 404
    admin.refresh_from_db()
    assert admin.is_active and admin.check_password("pw")


@pytest.mark.parametrize("path", ["accounts", "roles"])
def test_the_lists_cost_the_same_queries_for_5_accounts_as_for_25(
    path: str, world: World, client_for: Any
) -> None:
    admin = client_for("A.admin")
    url = f"/api/v1/districts/{world.districts['A'].pk}/{path}/"
    admin.get(url)  # the session and the memberships, read once per client

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert admin.get(url).status_code == 200
        return len(captured)

    few = queries()
    for n in range(20):
        user = User.objects.create(username=f"count{n}", full_name=f"计数{n}")
        school = world.schools["A1" if n % 2 else "A2"].school
        Membership.objects.create(
            user=user, district=school.district, school=school, role=Role.SCHOOL_LEADER
        )
    assert admin.get(url).json()["count"] >= 24
    assert queries() == few
    for ordering in ("district_roles", "user__username", "-role"):  # only named fields order
        assert admin.get(url, {"ordering": ordering}).status_code == 200
