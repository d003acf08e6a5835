from __future__ import annotations

from django.apps import AppConfig


class ProbationConfig(AppConfig):
    name = "apps.probation"
    label = "probation"
    verbose_name = "选聘配备与见习"

    def ready(self) -> None:
        # Registers the assignment guard (people.guards), the probation evaluators and the
        # assessment import runner.
        from . import guards, indicators  # noqa: F401, PLC0415
        from .services import imports  # noqa: F401, PLC0415 - registers the import runner
