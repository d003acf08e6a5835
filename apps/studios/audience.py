"""Who 续航 is for (XH26-TIER): the hosts of the district's active school-level studios.
Registered with training in `StudiosConfig.ready`, so the programme's eligibility list
and its enrolment check read the real hosts."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from apps.tenancy.models import District
from apps.training.models import Programme
from apps.training.selectors import register_programme_audience

from .models import Team, TeamKind

RULE = "续航：校级班主任工作室主持人"
NOTE = "对象取自本区各校在工作室模块登记的、仍在运行的校级班主任工作室主持人。"


def school_studio_hosts(*, district: District, school_year: int) -> QuerySet[Any]:
    """The host teachers' ids of the district's active school studios (one subquery)."""
    return Team.objects.filter(
        district=district,
        kind=TeamKind.STUDIO,
        school__isnull=False,
        ended_on__isnull=True,
        host__isnull=False,
    ).values("host_id")


def register() -> None:
    register_programme_audience(Programme.XUHANG, school_studio_hosts, rule=RULE, note=NOTE)
