"""Reads of the studios app (other apps import from here)."""

from .teams import district_teams, rules_of, school_teams, team_get_for, team_members

__all__ = ["district_teams", "rules_of", "school_teams", "team_get_for", "team_members"]
