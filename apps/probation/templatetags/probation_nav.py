"""The teacher space's "我的见习" link: shown only to a teacher with a probation (read
once per request, kept on the user object)."""

from __future__ import annotations

from typing import Any

from django import template

from apps.probation.selectors import trainee_of_user

register = template.Library()
_ATTR = "_probation_has_trainee"


@register.simple_tag
def has_probation(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    cached = getattr(user, _ATTR, None)
    if cached is None:
        cached = trainee_of_user(user_id=user.pk) is not None
        setattr(user, _ATTR, cached)
    return bool(cached)
