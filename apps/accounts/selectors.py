"""Reads of accounts."""

from __future__ import annotations

from .models import User


def user_by_id(user_id: object) -> User | None:
    """The user with this id, or None (also for an id that is not a number)."""
    try:
        pk = int(str(user_id))
    except ValueError:
        return None
    return User.objects.filter(pk=pk).first()
