from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import AppConfig
from django.urls import reverse

if TYPE_CHECKING:
    from apps.tenancy.models import Membership


def district_home(membership: Membership) -> str:
    return reverse("people:district_home", kwargs={"district_id": membership.district_id})


def school_home(membership: Membership) -> str:
    return reverse("people:school_home", kwargs={"school_id": membership.school_id})


class PeopleConfig(AppConfig):
    name = "apps.people"
    label = "people"
    verbose_name = "人员与班级"

    def ready(self) -> None:
        from apps.tenancy.models import Role  # noqa: PLC0415
        from apps.tenancy.portals import register_home  # noqa: PLC0415

        from . import indicators, services  # noqa: F401, PLC0415 - register evaluators, import runner

        register_home(Role.DISTRICT_ADMIN, Role.DISTRICT_REVIEWER, url=district_home)
        register_home(Role.SCHOOL_LEADER, url=school_home)
