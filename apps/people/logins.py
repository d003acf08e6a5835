"""Teacher logins from the roster: a school leader turns teachers of their school into
accounts — one, or all selected at once — and can reset or end them.

`teacher_logins_create`, in a few statements whatever the number of teachers:

1. The actor must be allowed to grant the teacher role at this school (its leader:
   `apps.accounts.services.check_grant`), and the school must be open.
2. The selected ids must all be active teachers of this school without a login; a
   foreign or unknown id fails the whole request, nothing is created.
3. Each login's username is `<school code>.<employee number>` (or `<school code>.t<id>`
   where the number does not make a valid one, or is taken); its staff number (工号,
   usable to log in) is the employee number where no other account on the platform
   already logs in with it — else left empty, and the sheet says so.
4. The accounts, their teacher roles and the teachers' link to them are written in one
   transaction; the one-time passwords go back to the caller (the page or the sheet)
   and nowhere else.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404

from apps.accounts.models import User
from apps.accounts.services import (
    IssuedLogin,
    Node,
    account_deactivate,
    check_grant,
    logins_create_many,
    password_reset,
)
from apps.core.xlsx import TableSheet, xlsx_bytes
from apps.tenancy.models import Role, School, refuse_if_closed

from .models import Teacher

if TYPE_CHECKING:
    from collections.abc import Sequence

USERNAME = re.compile(r"^[A-Za-z0-9_.@+-]{3,150}$")


@dataclass(frozen=True)
class TeacherLogin:
    teacher: Teacher
    issued: IssuedLogin

    @property
    def staff_no_note(self) -> str:
        if self.issued.user.staff_no:
            return "可用工号登录"
        return "工号已被平台上其他账号使用，请用用户名登录"


def _teachers(school: School, teacher_ids: Iterable[int]) -> list[Teacher]:
    """Step 2."""
    wanted = set(teacher_ids)
    if not wanted:
        raise ValidationError({"teachers": "请至少选择一位教师。"})
    teachers = list(
        Teacher.objects.for_school(school)
        .filter(pk__in=wanted, is_active=True)
        .order_by("employee_no")
    )
    if len(teachers) != len(wanted):
        raise ValidationError(
            {"teachers": "所选教师中有不属于本校或已离职的，请刷新页面后重新选择。"}
        )
    with_login = [t.name for t in teachers if t.user_id is not None]
    if with_login:
        raise ValidationError({"teachers": "以下教师已有登录账号：" + "、".join(with_login)})
    return teachers


def _taken(names: set[str]) -> set[str]:
    rows = User.objects.filter(
        Q(username__in=names) | Q(staff_no__in=names) | Q(phone__in=names)
    ).values_list("username", "staff_no", "phone")
    return {value for row in rows for value in row if value in names}


def _login_rows(school: School, teachers: Sequence[Teacher]) -> list[tuple[str, str, str]]:
    """Step 3: (username, full name, staff number) per teacher."""
    wanted = {f"{school.code}.{t.employee_no}".lower() for t in teachers} | {
        t.employee_no for t in teachers
    }
    taken = _taken(wanted)
    rows = []
    for teacher in teachers:
        username = f"{school.code}.{teacher.employee_no}".lower()
        if not USERNAME.match(username) or username in taken:
            username = f"{school.code}.t{teacher.pk}".lower()
        staff_no = teacher.employee_no if teacher.employee_no not in taken else ""
        taken |= {username, staff_no} - {""}
        rows.append((username, teacher.name, staff_no))
    return rows


def teacher_logins_create(
    *, actor: User, school: School, teacher_ids: Iterable[int]
) -> list[TeacherLogin]:
    node = Node(school.district, school)
    check_grant(actor=actor, node=node, role=Role.TEACHER)  # step 1
    refuse_if_closed(school)
    teachers = _teachers(school, teacher_ids)
    with transaction.atomic():  # step 4
        issued = logins_create_many(
            rows=_login_rows(school, teachers), node=node, role=Role.TEACHER
        )
        for teacher, login in zip(teachers, issued, strict=True):
            teacher.user = login.user
        Teacher.objects.bulk_update(teachers, ["user"])
    return [TeacherLogin(t, i) for t, i in zip(teachers, issued, strict=True)]


def _login_of(school: School, teacher: Teacher) -> User:
    if teacher.school_id != school.pk or teacher.user is None:
        raise Http404
    return teacher.user


def teacher_login_reset(*, actor: User, school: School, teacher: Teacher) -> IssuedLogin:
    return password_reset(actor=actor, user=_login_of(school, teacher))


def teacher_login_deactivate(*, actor: User, school: School, teacher: Teacher) -> User:
    return account_deactivate(actor=actor, user=_login_of(school, teacher))


def logins_sheet(school: School, logins: Sequence[TeacherLogin]) -> bytes:
    """The downloadable sheet of the new logins and their one-time passwords."""
    return xlsx_bytes(
        [
            TableSheet(
                title="教师账号",
                headers=["工号", "姓名", "用户名", "一次性密码", "说明"],
                rows=[
                    [
                        login.teacher.employee_no,
                        login.teacher.name,
                        login.issued.user.username,
                        login.issued.password,
                        login.staff_no_note,
                    ]
                    for login in logins
                ],
            ),
            TableSheet(
                title="说明",
                headers=[],
                rows=[
                    [f"{school.name} 教师登录账号。密码只出现在这份表格中，系统不保存明文。"],
                    ["请逐一交给本人；首次登录后须修改密码。表格分发后请删除。"],
                    ["可用用户名、工号或手机号登录。"],
                ],
            ),
        ]
    )
