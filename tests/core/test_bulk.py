"""COPY writes (apps/core/bulk.py): values land as written, NULLs and text that would
break the format included, whether given as tuples or as ready lines."""

from __future__ import annotations

import datetime as dt

import pytest

from apps.accounts.models import User
from apps.core.bulk import copy_line, copy_rows

COLUMNS = ("username", "password", "is_superuser", "is_staff", "is_active", "first_name",
           "last_name", "email", "date_joined", "last_login", "full_name", "phone",
           "preferred_language", "must_change_password", "staff_no")  # fmt: skip
JOINED = dt.datetime(2026, 9, 1, 8, 30, tzinfo=dt.UTC)


def _user(name: str, **fields: object) -> tuple[object, ...]:
    values = {"username": name, "password": "x", "is_superuser": False, "is_staff": False,
              "is_active": True, "first_name": "", "last_name": "", "email": "",
              "date_joined": JOINED, "last_login": None, "full_name": "", "phone": "",
              "preferred_language": "zh-hans", "must_change_password": False,
              "staff_no": ""} | fields  # fmt: skip
    return tuple(values[c] for c in COLUMNS)


@pytest.mark.django_db
def test_rows_and_lines_are_copied_with_nulls_booleans_dates_and_awkward_text() -> None:
    rows = [
        _user("tab\tuser", first_name="a\\b", last_name="line\nbreak", full_name="张三"),
        copy_line(*_user("plain", is_superuser=True, last_login=JOINED, preferred_language="en")),
        *[_user(f"u{i}") for i in range(2500)],  # more than one buffered write
    ]
    assert copy_rows(User, COLUMNS, rows) == 2502
    odd = User.objects.get(username="tab\tuser")
    assert (odd.first_name, odd.last_name, odd.full_name) == ("a\\b", "line\nbreak", "张三")
    assert odd.last_login is None
    plain = User.objects.get(username="plain")
    assert plain.is_superuser and plain.last_login == JOINED and plain.preferred_language == "en"
    assert User.objects.filter(username__startswith="u").count() == 2500
