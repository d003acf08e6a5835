from __future__ import annotations

from django.apps import AppConfig


class StudiosConfig(AppConfig):
    name = "apps.studios"
    label = "studios"
    verbose_name = "工作室与工作坊"

    def ready(self) -> None:
        # Registers the studio lead's portal home, the studios' evaluators and who
        # 续航 is for (XH26-TIER).
        from . import audience, indicators, portal  # noqa: F401, PLC0415

        audience.register()
