"""A day has 24 hours: nobody is credited more on one day, across every record —
attendance and verified external training together (`apps.core.plausible.HOURS_PER_DAY`,
a physical bound, not a policy number).

Every writer that credits hours (`activities.attendance_record`, the verification and the
import of external training) checks the hours it is about to add before any ledger row is
written: for each (teacher, day) it adds to, the ledger's net hours that day (reversals
included) plus what it adds. A teacher's own submission is checked the same way, so they
hear it while logging rather than when the school verifies.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Sum

from apps.core.plausible import day_hours_error
from apps.people.models import Teacher
from apps.training.models import LedgerEntry

Key = tuple[int, dt.date]


def _credited(keys: set[Key]) -> dict[Key, Decimal]:
    """Net ledger hours of each (teacher id, day), in one aggregate."""
    if not keys:
        return {}
    rows = (
        LedgerEntry.objects.filter(
            teacher_id__in={teacher for teacher, _day in keys},
            date__in={day for _teacher, day in keys},
        )
        .values("teacher_id", "date")
        .annotate(total=Sum("hours"))
    )
    return {(row["teacher_id"], row["date"]): row["total"] for row in rows}


def day_hours_problems(adding: Iterable[tuple[Teacher, dt.date, Decimal]]) -> dict[Key, str]:
    """{(teacher id, day): message} for each day that `adding` (teacher, day, hours) would
    take past a day's hours."""
    added: dict[Key, Decimal] = defaultdict(Decimal)
    names: dict[int, str] = {}
    for teacher, day, hours in adding:
        added[(teacher.pk, day)] += hours
        names[teacher.pk] = teacher.name
    credited = _credited(set(added))
    problems: dict[Key, str] = {}
    for key, hours in sorted(added.items(), key=lambda item: (item[0][1], item[0][0])):
        message = day_hours_error(
            already=credited.get(key, Decimal(0)), adding=hours, who=names[key[0]], day=key[1]
        )
        if message:
            problems[key] = message
    return problems


def check_day_hours(
    adding: Iterable[tuple[Teacher, dt.date, Decimal]], *, field: str = "hours"
) -> None:
    """ValidationError({field: [one message per day too full]}) before anything is written."""
    problems = day_hours_problems(adding)
    if problems:
        raise ValidationError({field: list(problems.values())})
