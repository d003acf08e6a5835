"""Writes of the studios app (other apps import from here)."""

from .members import lead_end, lead_grant, member_add, member_leave
from .rules import rules_review, rules_submit
from .teams import (
    TeamFields,
    funding_add,
    plan_save,
    team_create,
    team_end,
    team_update,
    theme_add,
    theme_remove,
)

__all__ = [
    "TeamFields",
    "funding_add",
    "lead_end",
    "lead_grant",
    "member_add",
    "member_leave",
    "plan_save",
    "rules_review",
    "rules_submit",
    "team_create",
    "team_end",
    "team_update",
    "theme_add",
    "theme_remove",
]
