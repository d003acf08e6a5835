from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import AppConfig
from django.urls import reverse

if TYPE_CHECKING:
    from apps.tenancy.models import Membership


def teacher_home(_membership: Membership) -> str:
    return reverse("training:teacher_home")


class TrainingConfig(AppConfig):
    name = "apps.training"
    label = "training"
    verbose_name = "研修与学时"

    def ready(self) -> None:
        from apps.tenancy.models import Role  # noqa: PLC0415
        from apps.tenancy.portals import register_home  # noqa: PLC0415

        from . import indicators  # noqa: F401, PLC0415 - registers the training evaluators
        from .services import imports  # noqa: F401, PLC0415 - registers the import runner

        register_home(Role.TEACHER, url=teacher_home)
