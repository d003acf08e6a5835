"""Login by username, staff number (工号) or mobile number.

Each of the three names at most one account on the platform (the username by Django,
the other two by partial unique constraints on `User`), so the name a person types is
looked up in that order: a username first, then a staff number, then a mobile number.
The password check, the inactive-account refusal and the timing defence are Django's
(`ModelBackend`); django-axes, in front of this backend, counts failures against the
name exactly as typed.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.db.models import Case, IntegerField, Q, Value, When
from django.http import HttpRequest

from .models import User


def user_by_login_name(name: str) -> User | None:
    """The account a login name names (username, then staff number, then mobile), in one
    query; None when none does."""
    name = name.strip()
    if not name:
        return None
    rank = Case(
        When(username=name, then=Value(0)),
        When(staff_no=name, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return (
        User.objects.filter(Q(username=name) | Q(staff_no=name) | Q(phone=name))
        .annotate(rank=rank)
        .order_by("rank")
        .first()
    )


class LoginNameBackend(ModelBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if username is None or password is None:
            return None
        user = user_by_login_name(username)
        if user is None:
            User().set_password(password)  # the same work as a real check (timing)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
