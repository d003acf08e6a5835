"""What the session remembers for the timeouts (apps.accounts.middleware), and the words
the login page uses to say why someone was signed out."""

from __future__ import annotations

import time

from django.contrib.sessions.backends.base import SessionBase

LOGIN_AT = "_hr_login_at"  # unix time of the login
LAST_SEEN = "_hr_last_seen"  # unix time of the last request (to the resolution)
SIGNED_OUT_REASON = "_hr_signed_out"  # "idle" | "absolute", read once by the login page

SIGNED_OUT_MESSAGES = {
    "idle": "长时间未操作，已自动退出，请重新登录。",
    "absolute": "登录时间已超过上限，已自动退出，请重新登录。",
}


def session_stamp_login(session: SessionBase) -> None:
    now = int(time.time())
    session[LOGIN_AT] = now
    session[LAST_SEEN] = now


def signed_out_message(session: SessionBase) -> str:
    """Why the person was signed out ("" if they were not), said once."""
    return SIGNED_OUT_MESSAGES.get(session.pop(SIGNED_OUT_REASON, ""), "")
