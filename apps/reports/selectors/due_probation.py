"""The probation's due sources (apps/core/todo.py registry), registered with the others
by `due.register`:

* `probation.deadlines` (school leaders): each open probation of the school whose planned
  end is within `NOTICE_DUE_HORIZON_DAYS` or past (见习期将满 / 已满仍未聘任), and each
  trainee who may now be appointed (三级考核合格、学时已满);
* `probation.graduation_queue` (district reviewers, admins): each trainee a school sent on
  to the district's graduation assessment (待区级结业考核).

Two or three queries for all holdings (the trainees, then their progress)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.urls import reverse

from apps.core.todo import DueItem
from apps.probation.models import (
    OPEN_STATUSES,
    Assessment,
    AssessmentLevel,
    AssessmentStatus,
    Trainee,
    TraineeStatus,
)
from apps.probation.selectors import probation_rules, progress_of
from apps.reports.models import NoticeKind
from apps.tenancy.models import District


def _by(holdings: Iterable[Any], attr: str) -> dict[int, list[Any]]:
    grouped: dict[int, list[Any]] = defaultdict(list)
    for holding in holdings:
        grouped[getattr(holding, attr)].append(holding)
    return grouped


def _detail(trainee: Trainee) -> str:
    return reverse(
        "probation:trainee_detail",
        kwargs={"school_id": trainee.school_id, "trainee_id": trainee.pk},
    )


def _deadline_item(trainee: Trainee, today: dt.date) -> tuple[str, str, str] | None:
    """(key, title, body) of a probation near or past its planned end, else None."""
    end = trainee.planned_end_on
    name = trainee.teacher.name
    if end < today:
        body = f"{name}的见习期已于 {end:%Y-%m-%d} 期满，尚未正式聘任，计入 XH26-A1-1 未达标。"
        return f"probation:{trainee.pk}:overdue", f"见习期已满仍未聘任：{name}", body
    if (end - today).days <= settings.NOTICE_DUE_HORIZON_DAYS:
        body = f"{name}的见习期将于 {end:%Y-%m-%d} 期满，请在此前完成三级考核与正式聘任。"
        return f"probation:{trainee.pk}:ending", f"见习期将满：{name}（{end:%Y-%m-%d}）", body
    return None


def probation_deadlines(*, holdings: Sequence[Any], today: dt.date) -> list[DueItem]:
    by_school = _by(holdings, "school_id")
    trainees = list(
        Trainee.objects.filter(school_id__in=by_school, status__in=OPEN_STATUSES)
        .filter(school__closed_at__isnull=True)
        .select_related("teacher", "school__district")
        .order_by("planned_end_on", "id")
    )
    rules: dict[int, Any] = {}
    by_district: dict[int, list[Trainee]] = defaultdict(list)
    for trainee in trainees:
        by_district[trainee.district_id].append(trainee)
    appointable: set[int] = set()
    for district_id, mine in by_district.items():
        district: District = mine[0].school.district
        rules[district_id] = probation_rules(district=district)
        appointable |= {
            p.trainee.pk for p in progress_of(mine, rules[district_id]) if p.appointable
        }
    items = []
    for trainee in trainees:
        found = _deadline_item(trainee, today)
        if trainee.pk in appointable:
            name = trainee.teacher.name
            body = f"{name}学时已满、三级考核均已合格，请办理正式聘任。"
            found = (f"probation:{trainee.pk}:appointable:{trainee.attempt}",
                     f"可以正式聘任：{name}", body)  # fmt: skip
        if found is None:
            continue
        key, title, body = found
        for holding in by_school[trainee.school_id]:
            items.append(DueItem(
                user_id=holding.user_id, key=key, kind=NoticeKind.DUE, title=title, body=body,
                link=_detail(trainee), district_id=trainee.district_id,
                school_id=trainee.school_id, due_on=trainee.planned_end_on,
            ))  # fmt: skip
    return items


def graduation_queue(*, holdings: Sequence[Any], today: dt.date) -> list[DueItem]:
    by_district = _by(holdings, "district_id")
    graduated = Assessment.objects.filter(
        trainee=OuterRef("pk"), attempt=OuterRef("attempt"),
        level=AssessmentLevel.DISTRICT_GRADUATION, status=AssessmentStatus.PASSED,
    )  # fmt: skip
    waiting = (
        Trainee.objects.filter(district_id__in=by_district, status=TraineeStatus.AWAITING)
        .filter(school__closed_at__isnull=True)
        .exclude(Exists(graduated))  # passed: the school's appointment is next
        .select_related("teacher", "school")
        .order_by("planned_end_on", "id")
    )
    items = []
    for trainee in waiting:
        link = reverse("probation:queue", kwargs={"district_id": trainee.district_id})
        for holding in by_district[trainee.district_id]:
            items.append(DueItem(
                user_id=holding.user_id, key=f"probation:{trainee.pk}:graduation:{trainee.attempt}",
                kind=NoticeKind.TODO,
                title=f"待区级结业考核：{trainee.school.name} {trainee.teacher.name}",
                body=f"{trainee.school.name}已报送{trainee.teacher.name}参加区级结业考核"
                f"（见习期至 {trainee.planned_end_on:%Y-%m-%d}）。",
                link=link, district_id=trainee.district_id, school_id=trainee.school_id,
                due_on=trainee.planned_end_on, for_district=True,
            ))  # fmt: skip
    return items
