"""Issue 10 §3: accounts and roles. The district admin creates and deactivates district
staff and school leaders; a school leader creates teacher logins from the roster; nobody
grants a role above their own or outside their node; deactivation ends open sessions."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import Http404
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from apps.accounts import services
from apps.accounts.models import User
from apps.accounts.services import Node
from apps.accounts.tokens import token_issue
from apps.people.logins import teacher_logins_create
from apps.people.models import Teacher
from apps.tenancy.models import Membership, Role
from tests.personas import World

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Zq-2026-harbour"


def _signed_in(username: str, password: str = "pw") -> Client:  # noqa: S107
    client = Client()
    response = client.post("/accounts/login/", {"username": username, "password": password})
    assert response.status_code == 302, response.content.decode()[:300]
    return client


def _issued(body: str, testid: str) -> str:
    marker = f'data-testid="{testid}">'
    start = body.index(marker) + len(marker)
    return body[start : body.index("</dd>", start)].strip()


def test_the_district_admin_creates_a_school_leader_who_logs_in_once_and_changes_the_password(
    world: World,
) -> None:
    district, school = world.districts["A"], world.schools["A1"].school
    admin = _signed_in("A_admin")
    form_page = admin.get(reverse("accounts:staff_new", args=[district.pk])).content.decode()
    assert f"学校德育负责人 · {school.name}" in form_page  # the exact node of each option
    assert "区管理员 · A区（区级，全区）" in form_page
    assert world.schools["B1"].school.name not in form_page  # no node of another district
    response = admin.post(
        reverse("accounts:staff_new", args=[district.pk]),
        {
            "username": "wang.li",
            "full_name": "王丽",
            "phone": "13900139001",
            "staff_no": "",
            "grant": f"school_leader@s{school.pk}",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200 and "只显示这一次" in body
    password = _issued(body, "issued-password")
    user = User.objects.get(username="wang.li")
    assert user.must_change_password and password not in user.password
    assert Membership.objects.filter(user=user, school=school, role=Role.SCHOOL_LEADER).exists()
    listing = admin.get(reverse("accounts:staff_list", args=[district.pk])).content.decode()
    assert "王丽" in listing and "待首次登录" in listing
    assert password not in listing  # shown once, never again

    leader = _signed_in("13900139001", password)  # the mobile number logs in too
    assert leader.get(f"/s/{school.pk}/")["Location"].startswith("/accounts/password/")
    leader.post(
        "/accounts/password/",
        {"old_password": password, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert leader.get(f"/s/{school.pk}/").status_code == 200


def test_bad_input_names_the_field_and_saves_nothing(world: World) -> None:
    district = world.districts["A"]
    admin = _signed_in("A_admin")
    before = User.objects.count()
    response = admin.post(
        reverse("accounts:staff_new", args=[district.pk]),
        {
            "username": "A1_leader",
            "full_name": "重名",
            "phone": "123",
            "grant": "district_reviewer@d",
        },
    )
    body = response.content.decode()
    assert "用户名 A1_leader 已被平台上其他账号使用" in body
    assert "手机号应为 11 位数字" in body
    assert User.objects.count() == before


def test_a_district_admin_cannot_reach_or_grant_in_another_district(world: World) -> None:
    admin_a = world.user("A.admin")
    client = _signed_in("A_admin")
    other = world.districts["B"]
    assert client.get(reverse("accounts:staff_list", args=[other.pk])).status_code == 404
    b_leader = world.user("B1.leader")
    assert (
        client.get(
            reverse("accounts:staff_detail", args=[world.districts["A"].pk, b_leader.pk])
        ).status_code
        == 404
    )
    with pytest.raises(ValidationError):
        services.account_create(
            actor=admin_a,
            node=Node(other, world.schools["B1"].school),
            role=Role.SCHOOL_LEADER,
            username="intruder",
            full_name="越权",
        )
    with pytest.raises(Http404):
        services.password_reset(actor=admin_a, user=b_leader)
    assert not User.objects.filter(username="intruder").exists()


def test_a_school_leader_cannot_grant_a_district_role(world: World) -> None:
    leader, teacher = world.user("A1.leader"), world.user("A1.teacher")
    for role in (Role.DISTRICT_ADMIN, Role.DISTRICT_REVIEWER):
        with pytest.raises(ValidationError) as refused:
            services.role_grant(
                actor=leader, user=teacher, node=Node(world.districts["A"]), role=role
            )
        assert "超出了您自己的角色或范围" in str(refused.value)
    with pytest.raises(ValidationError):  # nor a role at another school
        services.role_grant(
            actor=leader,
            user=teacher,
            node=Node(world.districts["A"], world.schools["A2"].school),
            role=Role.TEACHER,
        )
    assert not Membership.objects.filter(user=teacher).exclude(role=Role.TEACHER).exists()


def test_a_reviewer_grants_nothing(world: World) -> None:
    with pytest.raises(ValidationError):
        services.role_grant(
            actor=world.user("A.reviewer"),
            user=world.user("A1.teacher"),
            node=Node(world.districts["A"]),
            role=Role.DISTRICT_REVIEWER,
        )


def test_a_school_leader_cannot_reset_a_district_admins_password(world: World) -> None:
    admin = world.user("A.admin")
    with pytest.raises(Http404):
        services.password_reset(actor=world.user("A1.leader"), user=admin)
    # not even when the admin is also a teacher on the leader's roster
    teacher = world.schools["A1"].teachers[1]
    Teacher.objects.filter(pk=teacher.pk).update(user=admin)
    Membership.objects.create(
        user=admin, district=world.districts["A"], school=world.schools["A1"].school, role="teacher"
    )
    client = _signed_in("A1_leader")
    response = client.post(
        reverse("people:teacher_login_reset", args=[world.schools["A1"].school.pk, teacher.pk])
    )
    assert response.status_code == 404
    assert User.objects.get(pk=admin.pk).check_password("pw")


def test_nobody_manages_their_own_account(world: World) -> None:
    admin = world.user("A.admin")
    with pytest.raises(Http404):
        services.account_deactivate(actor=admin, user=admin)
    with pytest.raises(ValidationError):
        services.role_grant(
            actor=admin, user=admin, node=Node(world.districts["A"]), role="district_reviewer"
        )


def test_an_account_with_a_role_elsewhere_is_not_managed_from_here(world: World) -> None:
    """A's admin cannot deactivate someone who also leads a school of district B."""
    reviewer = world.user("A.reviewer")
    Membership.objects.create(
        user=reviewer, district=world.districts["B"], school=world.schools["B1"].school,
        role="school_leader",
    )  # fmt: skip
    with pytest.raises(Http404):
        services.account_deactivate(actor=world.user("A.admin"), user=reviewer)


def test_deactivation_ends_an_open_session_and_the_api_tokens(world: World) -> None:
    reviewer = world.user("A.reviewer")
    session = _signed_in("A_reviewer")
    key, _token = token_issue(user=reviewer)
    district = world.districts["A"]
    assert session.get(f"/d/{district.pk}/").status_code == 200
    admin = _signed_in("A_admin")
    response = admin.post(reverse("accounts:staff_deactivate", args=[district.pk, reviewer.pk]))
    assert response.status_code == 302
    after = session.get(f"/d/{district.pk}/")
    assert after.status_code == 302 and after["Location"].startswith("/accounts/login/")
    api = Client().get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {key}")
    assert api.status_code == 401
    again = Client().post("/accounts/login/", {"username": "A_reviewer", "password": "pw"})
    assert again.status_code == 200  # the login form again: the old password is gone


def test_a_reset_password_ends_the_old_one_and_must_be_changed(world: World) -> None:
    reviewer = world.user("A.reviewer")
    session = _signed_in("A_reviewer")
    admin = _signed_in("A_admin")
    district = world.districts["A"]
    body = admin.post(
        reverse("accounts:staff_reset", args=[district.pk, reviewer.pk])
    ).content.decode()
    password = _issued(body, "issued-password")
    assert session.get(f"/d/{district.pk}/").status_code == 302  # the old session ended
    assert (
        Client().post("/accounts/login/", {"username": "A_reviewer", "password": "pw"}).status_code
        == 200
    )
    fresh = _signed_in("A_reviewer", password)
    assert fresh.get(f"/d/{district.pk}/")["Location"].startswith("/accounts/password/")


def test_the_grant_page_grants_exactly_the_node_shown(world: World) -> None:
    district, school = world.districts["A"], world.schools["A2"].school
    reviewer = world.user("A.reviewer")
    admin = _signed_in("A_admin")
    response = admin.post(
        reverse("accounts:staff_grant", args=[district.pk, reviewer.pk]),
        {"grant": f"school_leader@s{school.pk}"},
    )
    assert response.status_code == 302
    roles = admin.get(response["Location"]).content.decode()
    assert f"已授予：学校德育负责人 · {school.name}（A区）" in roles
    assert Membership.objects.filter(user=reviewer, school=school, role="school_leader").exists()
    foreign = world.schools["B1"].school
    refused = admin.post(
        reverse("accounts:staff_grant", args=[district.pk, reviewer.pk]),
        {"grant": f"school_leader@s{foreign.pk}"},
    )
    assert "请选择列表中的角色与范围" in refused.content.decode()
    assert not Membership.objects.filter(user=reviewer, school=foreign).exists()


# --------------------------------------------------------------------------- teacher logins


def _logins_url(world: World, key: str = "A1") -> str:
    return reverse("people:teacher_logins", args=[world.schools[key].school.pk])


def test_a_leader_creates_one_teacher_login_shown_on_the_page(world: World) -> None:
    teacher = world.schools["A1"].teachers[1]
    client = _signed_in("A1_leader")
    body = client.post(_logins_url(world), {"teachers": [teacher.pk]}).content.decode()
    password = _issued(body, "issued-password")
    teacher.refresh_from_db()
    assert teacher.user is not None and teacher.user.staff_no == teacher.employee_no
    assert Membership.objects.filter(
        user=teacher.user, role="teacher", school=teacher.school
    ).exists()
    own = _signed_in(teacher.employee_no, password)  # by staff number
    assert own.get("/me/")["Location"].startswith("/accounts/password/")


def test_a_leader_creates_all_selected_logins_at_once_in_a_sheet(
    world: World, django_assert_max_num_queries: Any
) -> None:
    school = world.schools["A1"]
    Teacher.objects.filter(pk=school.teachers[0].pk).update(user=None)
    client = _signed_in("A1_leader")
    ids = [t.pk for t in school.teachers]
    with django_assert_max_num_queries(40):  # a few statements, not a query per teacher
        response = client.post(_logins_url(world), {"teachers": ids, "delivery": "sheet"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content))["教师账号"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert {r[0] for r in rows} == {t.employee_no for t in school.teachers}
    for employee_no, _name, username, password, _note in rows:
        user = User.objects.get(username=username)
        assert user.check_password(password) and password not in user.password
        assert Teacher.objects.get(school=school.school, employee_no=employee_no).user == user


def test_teacher_logins_take_the_same_queries_for_one_or_two_teachers(world: World) -> None:
    """Set-based: creating two logins costs the statements of creating one."""
    counts = []
    for key, how_many in (("A1", 1), ("A2", 2)):
        leader = world.user(f"{key}.leader")
        teachers = world.schools[key].teachers[1 : 1 + how_many]
        with CaptureQueriesContext(connection) as captured:
            teacher_logins_create(
                actor=leader, school=world.schools[key].school, teacher_ids=[t.pk for t in teachers]
            )
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_a_leader_cannot_create_logins_for_another_schools_teachers(world: World) -> None:
    foreign = world.schools["B1"].teachers[1]
    neighbour = world.schools["A2"].teachers[1]
    client = _signed_in("A1_leader")
    before = User.objects.count()
    for teacher in (foreign, neighbour):
        body = client.post(_logins_url(world), {"teachers": [teacher.pk]}).content.decode()
        assert "不属于本校" in body
    assert client.post(_logins_url(world, "A2"), {"teachers": [neighbour.pk]}).status_code == 404
    assert client.get(_logins_url(world, "B1")).status_code == 404
    assert User.objects.count() == before


def test_a_leader_deactivates_a_teacher_login_and_its_session_ends(world: World) -> None:
    teacher = world.schools["A1"].teachers[0]
    session = _signed_in("A1_teacher")
    assert session.get("/me/").status_code == 200
    leader = _signed_in("A1_leader")
    leader.post(reverse("people:teacher_login_deactivate", args=[teacher.school_id, teacher.pk]))
    assert session.get("/me/")["Location"].startswith("/accounts/login/")
    assert not User.objects.get(pk=world.user("A1.teacher").pk).is_active
