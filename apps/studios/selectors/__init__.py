"""Reads of the studios app (other apps import from here)."""

from .outcomes import (
    OUTCOME_HEADERS,
    outcome_file_get,
    outcome_rows,
    readable_team,
    team_outcome_get,
    team_outcomes,
)

__all__ = [
    "OUTCOME_HEADERS",
    "outcome_file_get",
    "outcome_rows",
    "readable_team",
    "team_outcome_get",
    "team_outcomes",
]
