"""The probation's compliance evaluators (registered on import)."""

from . import probation  # noqa: F401
