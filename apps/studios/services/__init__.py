"""Writes of the studios app (other apps import from here)."""

from .outcomes import outcome_add, outcome_promote

__all__ = ["outcome_add", "outcome_promote"]
