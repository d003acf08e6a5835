from __future__ import annotations

from django.apps import AppConfig


class BackboneConfig(AppConfig):
    name = "apps.backbone"
    label = "backbone"
    verbose_name = "骨干与名班主任"

    def ready(self) -> None:
        # Registers the backbone evaluators (xuhui-backbone-2023, xinbei-2023, XH26-LADDER).
        # ---- pool (ladder): the rung on the development archive (core.badges) ----
        from apps.core.badges import register_teacher_badges  # noqa: PLC0415

        from . import indicators  # noqa: F401, PLC0415
        from .badges import ladder_badges  # noqa: PLC0415

        register_teacher_badges("backbone.ladder", ladder_badges)
        # ---- end pool ----
