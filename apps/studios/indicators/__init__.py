"""The studios' compliance evaluators (registered on import)."""

from . import briefs  # noqa: F401
