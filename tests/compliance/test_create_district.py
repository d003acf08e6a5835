"""Issue 10 §1: the operator creates a district with its packs and its first admin, from
the command line, once; a second run changes nothing and says so."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from apps.accounts.models import User
from apps.compliance.models import PolicyPack
from apps.tenancy.models import District, Membership, Role

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("create_district", *args, stdout=out)
    return out.getvalue()


def one_time_password(output: str) -> str:
    match = re.search(r"one-time password: (\S+)", output)
    assert match, output
    return match.group(1)


def test_creates_the_district_its_packs_and_an_admin_who_must_change_the_password() -> None:
    output = run(
        "--code", "xinqiao", "--name", "新桥区", "--city", "shanghai", "--city-name", "上海市",
        "--packs", "xuhui-2026,xuhui-backbone-2023",
    )  # fmt: skip
    district = District.objects.get(code="xinqiao")
    assert district.name == "新桥区"
    assert district.parent is not None and district.parent.name == "上海市"
    assert district.policy_packs == ["xuhui-2026", "xuhui-backbone-2023"]
    assert set(PolicyPack.objects.values_list("code", flat=True)) == {
        "xuhui-2026",
        "xuhui-backbone-2023",
    }
    admin = User.objects.get(username="xinqiao.admin")
    assert Membership.objects.filter(
        user=admin, district=district, school=None, role=Role.DISTRICT_ADMIN
    ).exists()
    password = one_time_password(output)
    assert password not in admin.password  # only the hash is kept

    client = Client()
    response = client.post("/accounts/login/", {"username": "xinqiao.admin", "password": password})
    assert response.status_code == 302
    forced = client.get(f"/d/{district.pk}/", follow=True)
    assert forced.redirect_chain[-1][0].startswith("/accounts/password/")
    assert "请先设置您自己的密码" in forced.content.decode()
    changed = client.post(
        "/accounts/password/",
        {
            "old_password": password,
            "new_password1": "Xq-2026-sunrise",
            "new_password2": "Xq-2026-sunrise",
        },
    )
    assert changed.status_code == 302
    assert client.get(f"/d/{district.pk}/").status_code == 200


def test_a_second_run_changes_nothing_and_says_so() -> None:
    args = ("--code", "xinqiao", "--name", "新桥区", "--packs", "xuhui-2026")
    first = run(*args)
    password_hash = User.objects.get(username="xinqiao.admin").password
    second = run(*args)
    assert "未做任何改动" in second and "nothing changed" in second
    assert one_time_password(first) not in second and "one-time password" not in second
    assert District.objects.filter(code="xinqiao").count() == 1
    assert User.objects.filter(username="xinqiao.admin").get().password == password_hash
    assert Membership.objects.count() == 1


def test_an_unknown_pack_is_refused_in_chinese_and_english_and_nothing_is_created() -> None:
    with pytest.raises(CommandError) as refused:
        run("--code", "xinqiao", "--name", "新桥区", "--packs", "xuhui-2026,xuhui-2099")
    assert "未知的政策包：xuhui-2099" in str(refused.value)
    assert "Unknown policy pack: xuhui-2099" in str(refused.value)
    assert "xuhui-2026" in str(refused.value)  # the available ones are listed
    assert not District.objects.exists()
    assert not User.objects.exists()


def test_a_rerun_with_other_values_is_refused_and_changes_nothing() -> None:
    run("--code", "xinqiao", "--name", "新桥区", "--packs", "xuhui-2026")
    with pytest.raises(CommandError) as refused:
        run("--code", "xinqiao", "--name", "新桥区", "--packs", "putuo-2024")
    assert "已存在，但与参数不同" in str(refused.value)
    assert District.objects.get(code="xinqiao").policy_packs == ["xuhui-2026"]
