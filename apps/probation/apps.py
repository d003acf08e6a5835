from __future__ import annotations

from django.apps import AppConfig


class ProbationConfig(AppConfig):
    name = "apps.probation"
    label = "probation"
    verbose_name = "选聘配备与见习"

    def ready(self) -> None:
        # Registers the assignment guard (people.guards) and the probation evaluators.
        from . import guards, indicators  # noqa: F401, PLC0415
