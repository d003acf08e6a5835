"""Writes of accounts and roles: create a login, grant and end a role, reset a password,
deactivate an account.

Who may do what (every function checks it itself, so no page or API can forget):

1. A role is granted at a node — a district, or a school of it. A district admin grants
   every role at their own district and at its schools; a school leader grants the
   school roles (leader, teacher) at their own school only; nobody else grants anything.
   So nobody grants a role above their own or outside their node (`grantable_roles`).
2. An account is managed (password reset, deactivation) by someone who could have
   granted every role the account holds, and never by its owner: a school leader cannot
   reset a district admin's password, nor the leader of another school's.
3. A new or reset password is random, handed back once to the caller (page, sheet,
   command) and stored only as Django's hash; the account must change it at its next
   login (`must_change_password`, enforced by `ForcePasswordChangeMiddleware`).
4. Deactivation ends every session and API token of the account at once: it makes the
   password unusable, which changes the session auth hash every session and token is
   bound to (a reactivated account starts again with a reset).

Errors are `ValidationError({field: 中文})`; a target outside the caller's authority is
`Http404`, like every "not yours" in the product.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404

from apps.tenancy.access import memberships_of
from apps.tenancy.models import (
    DISTRICT_ROLES,
    SCHOOL_ROLES,
    District,
    Membership,
    Role,
    School,
)

from .models import User

# Letters and digits a person can read off a sheet without confusing them (no 0/O, 1/l/I).
PASSWORD_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # noqa: S105
PASSWORD_LENGTH = 12
USERNAME_PATTERN = re.compile(r"^[A-Za-z0-9_.@+-]{3,150}$")
PHONE_PATTERN = re.compile(r"^1\d{10}$")


@dataclass(frozen=True)
class Node:
    """Where a role applies: a district (school None) or one school of it."""

    district: District
    school: School | None = None

    @property
    def label(self) -> str:
        if self.school is None:
            return f"{self.district.name}（区级）"
        return f"{self.school.name}（{self.district.name}）"


@dataclass(frozen=True)
class IssuedLogin:
    """A login and the one-time password that goes with it (shown once, never stored)."""

    user: User
    password: str


def random_password() -> str:
    return "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(PASSWORD_LENGTH))


# --------------------------------------------------------------------------- authority


def grantable_roles(actor: User, node: Node) -> set[str]:
    """The roles `actor` may grant at `node` (step 1)."""
    if not getattr(actor, "is_authenticated", False) or not actor.is_active:
        return set()
    granted: set[str] = set()
    for m in memberships_of(actor):
        if m.role == Role.DISTRICT_ADMIN and m.district_id == node.district.pk:
            granted |= set(DISTRICT_ROLES) if node.school is None else set(SCHOOL_ROLES)
        elif (
            m.role == Role.SCHOOL_LEADER
            and node.school is not None
            and m.school_id == node.school.pk
        ):
            granted |= set(SCHOOL_ROLES)
    return granted


def _node_of(membership: Membership) -> Node:
    return Node(membership.district, membership.school)


def may_manage(actor: User, target: User) -> bool:
    """Step 2: the actor could have granted every active role the target holds."""
    if target.pk == actor.pk or target.is_superuser:
        return False
    held = list(
        Membership.objects.filter(user=target, is_active=True).select_related("district", "school")
    )
    if not held:
        return False
    return all(m.role in grantable_roles(actor, _node_of(m)) for m in held)


def _check_manage(actor: User, target: User) -> None:
    if not may_manage(actor, target):
        raise Http404


# --------------------------------------------------------------------------- checks


def login_name_errors(
    *, username: str, phone: str = "", staff_no: str = "", exclude_pk: int | None = None
) -> dict[str, str]:
    """The problems of the three login names: format, and that none is taken by another
    account as any of the three (a person types one name; it must name one account)."""
    errors: dict[str, str] = {}
    if not USERNAME_PATTERN.match(username):
        errors["username"] = "用户名须为 3–150 位字母、数字或 _ . @ + -，例如 zhang.wei。"
    if phone and not PHONE_PATTERN.match(phone):
        errors["phone"] = "手机号应为 11 位数字，以 1 开头，例如 13800138000。"
    if len(staff_no) > 32:
        errors["staff_no"] = "工号最多 32 个字符。"
    for field, value, label in (
        ("username", username, "用户名"),
        ("phone", phone, "手机号"),
        ("staff_no", staff_no, "工号"),
    ):
        if not value or field in errors:
            continue
        taken = User.objects.filter(Q(username=value) | Q(phone=value) | Q(staff_no=value))
        if exclude_pk is not None:
            taken = taken.exclude(pk=exclude_pk)
        if taken.exists():
            errors[field] = f"{label} {value} 已被平台上其他账号使用，请换一个。"
    return errors


def _check_grant(actor: User, node: Node, role: str) -> None:
    if role not in Role.values:
        raise ValidationError({"role": "请选择一个有效的角色。"})
    if node.school is not None and node.school.district_id != node.district.pk:
        raise Http404
    if role in DISTRICT_ROLES and node.school is not None:
        raise ValidationError({"role": f"{Role(role).label} 是区级角色，只能授予在区一级。"})
    if role in SCHOOL_ROLES and node.school is None:
        raise ValidationError({"role": f"{Role(role).label} 是学校角色，请选择所在学校。"})
    if role not in grantable_roles(actor, node):
        raise ValidationError(
            {"role": f"您不能在 {node.label} 授予 {Role(role).label}：超出了您自己的角色或范围。"}
        )


# --------------------------------------------------------------------------- writes


def account_create(
    *,
    actor: User | None,
    node: Node,
    role: str,
    username: str,
    full_name: str,
    phone: str = "",
    staff_no: str = "",
) -> IssuedLogin:
    """A new account holding `role` at `node`, with a one-time password. `actor=None`
    only for the operator's command (`create_district`)."""
    username, phone, staff_no = username.strip(), phone.strip(), staff_no.strip()
    if actor is not None:
        _check_grant(actor, node, role)
    errors = login_name_errors(username=username, phone=phone, staff_no=staff_no)
    if not full_name.strip():
        errors["full_name"] = "请填写姓名。"
    if errors:
        raise ValidationError(errors)
    password = random_password()
    with transaction.atomic():
        user = User(
            username=username,
            full_name=full_name.strip(),
            phone=phone,
            staff_no=staff_no,
            must_change_password=True,
        )
        user.set_password(password)
        user.save()
        Membership.objects.create(user=user, district=node.district, school=node.school, role=role)
    return IssuedLogin(user, password)


def logins_create_many(
    *, rows: Iterable[tuple[str, str, str]], node: Node, role: str
) -> list[IssuedLogin]:
    """Many accounts at once (username, full name, staff number), each holding `role` at
    `node`, in a few statements. The caller has checked the grant and the names."""
    issued: list[IssuedLogin] = []
    users: list[User] = []
    for username, full_name, staff_no in rows:
        password = random_password()
        user = User(
            username=username, full_name=full_name, staff_no=staff_no, must_change_password=True
        )
        user.set_password(password)
        users.append(user)
        issued.append(IssuedLogin(user, password))
    User.objects.bulk_create(users)
    Membership.objects.bulk_create(
        Membership(user=u, district=node.district, school=node.school, role=role) for u in users
    )
    return issued


def check_grant(*, actor: User, node: Node, role: str) -> None:
    """Raise unless `actor` may grant `role` at `node` (for callers that write in bulk)."""
    _check_grant(actor, node, role)


def role_grant(*, actor: User, user: User, node: Node, role: str) -> Membership:
    """Grant `role` at `node` to an account the actor already reaches (or re-activate it)."""
    _check_grant(actor, node, role)
    if user.pk == actor.pk:
        raise ValidationError({"role": "不能给自己授予角色，请另一位管理员操作。"})
    if not user.is_active:
        raise ValidationError({"role": "该账号已停用，请先重置密码以启用，再授予角色。"})
    membership, created = Membership.objects.get_or_create(
        user=user, district=node.district, school=node.school, role=role
    )
    if not created and not membership.is_active:
        membership.is_active = True
        membership.save(update_fields=["is_active", "updated_at"])
    return membership


def role_end(*, actor: User, membership: Membership) -> Membership:
    """End one role (the membership stays, inactive, in the history)."""
    if membership.user_id == actor.pk:
        raise ValidationError({"role": "不能结束自己的角色，请另一位管理员操作。"})
    if membership.role not in grantable_roles(actor, _node_of(membership)):
        raise Http404
    membership.is_active = False
    membership.save(update_fields=["is_active", "updated_at"])
    return membership


def password_reset(*, actor: User, user: User) -> IssuedLogin:
    """A new one-time password (the old one, its sessions and its tokens end); the
    account is active again if it was deactivated."""
    _check_manage(actor, user)
    password = random_password()
    user.set_password(password)
    user.must_change_password = True
    user.is_active = True
    user.save(update_fields=["password", "must_change_password", "is_active"])
    return IssuedLogin(user, password)


def account_deactivate(*, actor: User, user: User) -> User:
    """Step 4: the account can no longer log in, and every session and token ends now."""
    _check_manage(actor, user)
    user.is_active = False
    user.set_unusable_password()
    user.save(update_fields=["is_active", "password"])
    return user
