"""Homeroom honours (区高级 / 市高级 / 市特级班主任, 市级优秀班主任, 基本功大赛区级一等奖):
who holds which on a day, for many teachers at once, and the lists of a school and of a teacher.

The ORDER of the titles ("市高级班主任及以上") is data: xinbei-2023's parameter
`homeroom_title_ranks` under XB-LEADER, lowest first; `title_at_least` reads it."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence

from django.db.models import QuerySet

from apps.backbone.models import HomeroomHonour, Honour
from apps.people.models import Teacher
from apps.tenancy.models import School

TITLE_RANKS_KEY = "homeroom_title_ranks"
_BY_LABEL = {str(label): value for value, label in Honour.choices}


def honour_value(label_or_value: str) -> str | None:
    """The Honour value of a pack's Chinese label (or of a value itself); None if unknown."""
    if label_or_value in Honour.values:
        return label_or_value
    return _BY_LABEL.get(label_or_value)


def honours_of(teacher_ids: Iterable[int], *, on: dt.date) -> dict[int, set[str]]:
    """{teacher id: the Honour values held on `on`} (awarded on or before it); one query.
    Teachers holding none are absent."""
    ids = sorted(set(teacher_ids))
    found: dict[int, set[str]] = defaultdict(set)
    rows = HomeroomHonour.objects.filter(teacher_id__in=ids, awarded_on__lte=on)
    for teacher_id, honour in rows.values_list("teacher_id", "honour"):
        found[teacher_id].add(honour)
    return dict(found)


def honour_dates_of(teacher_ids: Iterable[int], *, on: dt.date) -> dict[int, dict[str, dt.date]]:
    """{teacher id: {Honour value: awarded on}} for the honours held on `on`; one query."""
    ids = sorted(set(teacher_ids))
    found: dict[int, dict[str, dt.date]] = defaultdict(dict)
    rows = HomeroomHonour.objects.filter(teacher_id__in=ids, awarded_on__lte=on)
    for teacher_id, honour, day in rows.values_list("teacher_id", "honour", "awarded_on"):
        found[teacher_id][honour] = day
    return dict(found)


def title_at_least(held: Iterable[str], minimum: str, ranks: Sequence[str]) -> bool:
    """Whether `held` (Honour values) holds `minimum` or a title above it in `ranks` (the
    pack's labels or values, lowest first). A minimum not in the ranks needs itself."""
    order = [honour_value(rank) for rank in ranks]
    wanted = honour_value(minimum)
    held_values = {honour_value(h) for h in held}
    if wanted not in order:
        return wanted in held_values
    return any(rank in held_values for rank in order[order.index(wanted) :])


def school_honours(*, school: School) -> QuerySet[HomeroomHonour]:
    return (
        HomeroomHonour.objects.filter(school=school)
        .select_related("teacher", "recorded_by")
        .order_by("teacher__name", "teacher_id", "-awarded_on", "id")
    )


def teacher_honours(*, teacher: Teacher) -> QuerySet[HomeroomHonour]:
    return HomeroomHonour.objects.filter(teacher=teacher, school_id=teacher.school_id).order_by(
        "-awarded_on", "id"
    )


def honour_get(*, school: School, honour_id: int) -> HomeroomHonour | None:
    return (
        HomeroomHonour.objects.filter(school=school, pk=honour_id).select_related("teacher").first()
    )


__all__ = [
    "TITLE_RANKS_KEY",
    "honour_dates_of",
    "honour_get",
    "honour_value",
    "honours_of",
    "school_honours",
    "school_teachers",
    "teacher_honours",
    "title_at_least",
]


def school_teachers(*, school: School) -> QuerySet[Teacher]:
    """The school's active teachers (the choices of the honour, application and rating forms)."""
    return Teacher.objects.filter(school=school, is_active=True).order_by("name", "id")


def honour_names_of(teacher_ids: Iterable[int], on: dt.date) -> dict[int, set[str]]:
    """{teacher id: the Chinese names of the honours held on `on`} — the packs' own
    spelling, which the growth teams' conditions (XB-LEADER, XB-MEMBER) compare with."""
    return {
        teacher_id: {str(Honour(h).label) for h in held}
        for teacher_id, held in honours_of(teacher_ids, on=on).items()
    }
