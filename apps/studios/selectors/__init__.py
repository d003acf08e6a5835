"""Reads of the studios app (other apps import from here)."""

from .outcomes import (
    outcome_file_get,
    readable_team,
    team_outcome_get,
    team_outcomes,
)

__all__ = [
    "outcome_file_get",
    "readable_team",
    "team_outcome_get",
    "team_outcomes",
]
