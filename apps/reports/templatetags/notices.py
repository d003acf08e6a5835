"""`{% load notices %}{% todo_card %}`: the 待办 card of a home page.

The homes belong to the people and training apps, which never import reports; a
template library is not an import, so their templates load this one. The card asks the
due sources (apps/core/todo.py) for the person's active role: a few queries whatever
the number of items."""

from __future__ import annotations

from typing import Any

from django import template

from apps.core.schoolyear import today
from apps.reports.services.notices import todo_for
from apps.tenancy.access import memberships_of

register = template.Library()

CARD_ITEMS = 8


@register.inclusion_tag("reports/_todo_card.html", takes_context=True)
def todo_card(context: template.Context) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"items": [], "total": 0}
    active = context.get("active_membership")
    holdings = [active] if active is not None else memberships_of(user)
    items = [item for item in todo_for(holdings=holdings, today=today()) if item.user_id == user.pk]
    return {"items": items[:CARD_ITEMS], "total": len(items), "more": len(items) - CARD_ITEMS}
