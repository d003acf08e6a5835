"""Receivers: a login stamps the session for the timeouts; a portal logout, and the
deactivation of an account, end the user's API tokens."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.http import HttpRequest

from .models import User
from .sessions import session_stamp_login
from .tokens import tokens_revoke_all


@receiver(user_logged_in, dispatch_uid="accounts.stamp_session")
def stamp_session(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    session = getattr(request, "session", None)
    if session is not None:
        session_stamp_login(session)


@receiver(user_logged_out, dispatch_uid="accounts.revoke_tokens_on_logout")
def revoke_tokens_on_logout(
    sender: Any, request: HttpRequest | None, user: User | None, **kwargs: Any
) -> None:
    if user is not None and user.pk is not None:
        tokens_revoke_all(user=user)


@receiver(post_save, sender=User, dispatch_uid="accounts.revoke_tokens_on_deactivation")
def revoke_tokens_on_deactivation(sender: Any, instance: User, **kwargs: Any) -> None:
    update_fields = kwargs.get("update_fields")
    if not instance.is_active and (update_fields is None or "is_active" in update_fields):
        tokens_revoke_all(user=instance)
