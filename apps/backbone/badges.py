"""The backbone app's badges on the development archive (core.badges): each homeroom
teacher's rung on the career ladder (XH26-LADDER), where the district's packs have it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from apps.backbone.selectors.ladder import rungs_of
from apps.core.badges import Badge
from apps.core.schoolyear import today
from apps.people.models import Teacher
from apps.tenancy.models import District


def ladder_badges(teacher_ids: Sequence[int]) -> dict[int, list[Badge]]:
    by_district: dict[int, list[int]] = defaultdict(list)
    for pk, district_id in Teacher.objects.filter(pk__in=teacher_ids).values_list(
        "pk", "district_id"
    ):
        by_district[district_id].append(pk)
    found: dict[int, list[Badge]] = {}
    on = today()
    for district in District.objects.filter(pk__in=by_district).order_by("pk"):
        for pk, reading in rungs_of(by_district[district.pk], on=on, district=district).items():
            since = f"自 {reading.since:%Y-%m-%d} 起；" if reading.since else ""
            found[pk] = [Badge(f"班主任职级：{reading.label}", f"{since}{reading.basis_text}")]
    return found
