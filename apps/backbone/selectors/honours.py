"""The homeroom titles and awards teachers hold (XB-LEADER, XB-MEMBER), for many
teachers at once."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from apps.backbone.models import HomeroomHonour, Honour


def honours_of(teacher_ids: Iterable[int], on: dt.date) -> dict[int, set[str]]:
    """{teacher id: the Chinese names of the honours held on `on`} in one query."""
    held: dict[int, set[str]] = defaultdict(set)
    rows = HomeroomHonour.objects.filter(teacher_id__in=list(teacher_ids), awarded_on__lte=on)
    for teacher_id, honour in rows.values_list("teacher_id", "honour"):
        held[teacher_id].add(str(Honour(honour).label))
    return held
