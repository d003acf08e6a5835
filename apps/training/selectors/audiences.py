"""Who a tiered programme is for, when an app above training knows it (XH26-TIER): 续航 is
for the hosts of school studios, which the studios app registers in its `ready()`:

    register_programme_audience(Programme.XUHANG, audience, rule="…", note="…")

`audience(district=…, school_year=…)` answers with a queryset of teacher ids (one
subquery, no rows fetched); the eligibility list and the enrolment check filter by it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from apps.tenancy.models import District

AudienceFn = Callable[..., QuerySet[Any]]


@dataclass(frozen=True)
class Audience:
    teacher_ids: AudienceFn  # (district=, school_year=) -> queryset of teacher ids
    rule: str
    note: str


_AUDIENCES: dict[str, Audience] = {}


def register_programme_audience(
    programme: str, teacher_ids: AudienceFn, *, rule: str, note: str
) -> None:
    if programme in _AUDIENCES and _AUDIENCES[programme].teacher_ids is not teacher_ids:
        raise ValueError(f"an audience for {programme!r} is registered twice")
    _AUDIENCES[programme] = Audience(teacher_ids, rule, note)


def programme_audience(programme: str) -> Audience | None:
    return _AUDIENCES.get(programme)


def audience_ids(programme: str, *, district: District, school_year: int) -> QuerySet[Any] | None:
    audience = _AUDIENCES.get(programme)
    if audience is None:
        return None
    return audience.teacher_ids(district=district, school_year=school_year)
