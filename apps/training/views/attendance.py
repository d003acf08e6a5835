"""The sign-in checklist of an activity (school or district): who is recorded, who can be
ticked, and recording the ticked ones — hours as typed, else the activity's — through
`services.activities.attendance_record`. On an error nothing is written and the ticks are
kept, to show the checklist again as it was."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dataclass_field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest

from apps.core.web import parse_ids
from apps.people.models import Teacher
from apps.training.models import TrainingActivity
from apps.training.selectors.activities import attendance_hours_by_teacher, attendance_of
from apps.training.services.activities import attendance_record

CHECKLIST_LIMIT = 300  # teachers listed at once on a sign-in checklist


def hours_of(post: Any, teacher_ids: list[int]) -> tuple[dict[int, Decimal], list[str]]:
    """Per-teacher hours (`hours_<id>`; a blank keeps the activity's), and the values that
    are not numbers."""
    hours: dict[int, Decimal] = {}
    bad: list[str] = []
    for teacher_id in teacher_ids:
        raw = (post.get(f"hours_{teacher_id}") or "").strip()
        if not raw:
            continue
        try:
            value = Decimal(raw)
        except ArithmeticError:
            bad.append(raw)
            continue
        if not value.is_finite():
            bad.append(raw)
            continue
        hours[teacher_id] = value
    return hours, bad


@dataclass
class SignIn:
    """What recording a posted checklist did: how many were recorded, or the errors (with
    the ticks and typed hours, to show the checklist again as it was)."""

    count: int = 0
    errors: list[str] = dataclass_field(default_factory=list)
    checked: set[int] = dataclass_field(default_factory=set)
    posted: dict[int, str] = dataclass_field(default_factory=dict)


class SignInMixin:
    """The sign-in checklist of an activity (school or district): who is recorded, who
    can be ticked, and recording the ticked ones through `attendance_record`."""

    request: HttpRequest
    activity: TrainingActivity

    def candidates(self) -> QuerySet[Teacher]:
        raise NotImplementedError

    def candidates_by_ids(self, ids: list[int]) -> list[Teacher]:
        raise NotImplementedError

    def checklist(self, *, checked: set[int], posted: dict[int, str]) -> dict[str, Any]:
        recorded = attendance_hours_by_teacher(activity=self.activity)
        teachers = list(self.candidates()[: CHECKLIST_LIMIT + 1])
        rows = [
            {
                "teacher": teacher,
                "recorded": recorded.get(teacher.pk),
                "checked": teacher.pk in checked,
                "hours": posted.get(teacher.pk, str(self.activity.hours)),
            }
            for teacher in teachers[:CHECKLIST_LIMIT]
        ]
        return {
            "checklist": rows,
            "checklist_truncated": len(teachers) > CHECKLIST_LIMIT,
            "checklist_limit": CHECKLIST_LIMIT,
            "attendances": attendance_of(activity=self.activity),
        }

    def record(self) -> SignIn:
        """Record the ticked teachers of the posted checklist (hours as typed, else the
        activity's); on an error nothing is written and the ticks are kept."""
        post = self.request.POST
        posted = {
            int(key.removeprefix("hours_")): str(value)
            for key, value in post.items()
            if key.startswith("hours_") and key.removeprefix("hours_").isdigit()
        }
        ids = parse_ids(post.getlist("teachers"))
        if ids is None:
            return SignIn(errors=["所选教师无效，请刷新页面后重新勾选。"], posted=posted)
        if not ids:
            return SignIn(errors=["请至少勾选一位参加的教师。"], posted=posted)
        result = SignIn(checked=set(ids), posted=posted)
        teachers = self.candidates_by_ids(ids)
        if len(teachers) != len(ids):
            result.errors = ["所选教师不属于本活动的范围，请刷新页面后重新勾选。"]
            return result
        hours, bad = hours_of(post, ids)
        if bad:
            result.errors = [f"认定学时应为数字：{'、'.join(bad)}。"]
            return result
        try:
            rows = attendance_record(
                activity=self.activity, teachers=teachers, actor=self.request.user, hours=hours
            )
        except ValidationError as error:
            result.errors = list(error.messages)
            return result
        result.count = len(rows)
        return result
