"""API shapes of 账号管理 (issue 10 §3): accounts, their roles at a node, and the one-time
passwords handed back once. Inputs never carry a district: it comes from the URL; a
school in a body is a plain id, resolved inside that district (no existence oracle)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from apps.core.api import TextCheckedSerializerMixin
from apps.tenancy.models import Membership, Role

from .models import User


class RoleOutput(serializers.ModelSerializer[Membership]):
    """A role held at a node: the district (school null) or one school of it."""

    user = serializers.IntegerField(source="user_id", read_only=True)
    username = serializers.CharField(source="user.username", read_only=True)
    school = serializers.IntegerField(
        source="school_id", read_only=True, allow_null=True, default=None
    )
    node = serializers.CharField(source="node_name", read_only=True, help_text="角色适用的范围")
    role_display = serializers.CharField(source="get_role_display", read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "user", "username", "role", "role_display", "school", "node", "is_active"]


class AccountOutput(serializers.ModelSerializer[User]):
    roles = RoleOutput(
        source="district_roles", many=True, read_only=True, help_text="在本区（及其学校）的角色"
    )

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "full_name",
            "phone",
            "staff_no",
            "is_active",
            "must_change_password",
            "roles",
        ]


class IssuedPasswordOutput(serializers.Serializer[Any]):
    """A login and its one-time password: shown in this answer only, never stored in
    clear; the account must change it at its first login."""

    account = AccountOutput(source="user")
    password = serializers.CharField(help_text="一次性密码：只在这次答复中出现，请转交本人")


# The roles granted on 账号管理: the district's, and its schools' leaders (teachers get
# their logins from their school's roster).
STAFF_ROLES = [
    (role.value, role.label)
    for role in (Role.DISTRICT_ADMIN, Role.DISTRICT_REVIEWER, Role.SCHOOL_LEADER)
]


class NodeInput(serializers.Serializer[Any]):
    role = serializers.ChoiceField(choices=STAFF_ROLES)
    school = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        help_text="学校角色所在学校的 id（本区学校）；区级角色留空",
    )


class AccountInput(TextCheckedSerializerMixin, NodeInput):
    label_model = User

    username = serializers.CharField(
        max_length=150, help_text="3–150 位字母、数字或 _ . @ + -，例如 wang.li"
    )
    full_name = serializers.CharField(max_length=60)
    phone = serializers.CharField(
        max_length=20,
        required=False,
        allow_blank=True,
        default="",
        help_text="可用于登录，全平台唯一",
    )
    staff_no = serializers.CharField(
        max_length=32,
        required=False,
        allow_blank=True,
        default="",
        help_text="可用于登录，全平台唯一",
    )


class RoleGrantInput(NodeInput):
    user = serializers.IntegerField(help_text="已在本区任职（或曾任职）的账号 id")
