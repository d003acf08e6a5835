"""The probation's compliance evaluators (registered on import)."""

from . import deputies, lishui, probation  # noqa: F401
