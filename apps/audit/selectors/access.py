"""The district's personal-data access log (apps.core.access_log), newest first."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db.models import QuerySet
from django.utils import timezone

from apps.core.access_log import DataAccessLog
from apps.tenancy.models import District, School


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def district_access_log(
    *,
    district: District,
    actor_ids: Sequence[int] | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> QuerySet[DataAccessLog]:
    """Exports and downloads of the district's data; `actor_ids=[]` matches nobody."""
    rows = DataAccessLog.objects.filter(district_id=district.pk)
    if actor_ids is not None:
        rows = rows.filter(user_id__in=list(actor_ids))
    if since:
        rows = rows.filter(at__gte=_day_start(since))
    if until:
        rows = rows.filter(at__lt=_day_start(until + dt.timedelta(days=1)))
    return rows.select_related("user").order_by("-at", "-pk")


def school_names(*, district: District) -> dict[int, str]:
    """The district's schools by id (the log keeps plain ids)."""
    return dict(School.objects.filter(district=district).values_list("pk", "name"))
