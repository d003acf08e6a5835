"""正式聘任 (XH26-PROB-ASSESS, XH26-A1-1): a trainee becomes a class's homeroom teacher
only when every bucket of 8+32+X is met, all three assessments of the current attempt
are passed and — where the pack makes it the path (XH26-DEPUTY) — the deputy practice
is done. The refusal names each missing piece. The appointment creates the homeroom
assignment through people's service, which the probation guard (`guards.py`) lets
through for an appointed trainee only; no other path gives a trainee a first homeroom
post."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction

from apps.core.plausible import record_date_error
from apps.people.models import AssignmentRole, SchoolClass
from apps.people.services import assignment_create
from apps.probation.models import Trainee, TraineeStatus
from apps.probation.selectors.progress import probation_rules, progress_of

from .trainees import require_leader, trainee_changed

if TYPE_CHECKING:
    from apps.accounts.models import User


def refusal_text(name: str, missing: list[str]) -> str:
    """The one message of every refused path (this service, the form, the import)."""
    return f"{name}尚在见习期，不能正式聘任为班主任：" + "；".join(missing) + "。"


@transaction.atomic
def trainee_appoint(
    *, trainee: Trainee, actor: User, school_class: SchoolClass, appointed_on: dt.date
) -> Trainee:
    require_leader(actor, trainee.school)
    locked = (
        Trainee.objects.select_for_update().select_related("teacher", "school").get(pk=trainee.pk)
    )
    if locked.status == TraineeStatus.APPOINTED:
        raise ValidationError(
            {"status": f"{locked.teacher.name}已于 {locked.appointed_on:%Y-%m-%d} 正式聘任。"}
        )
    errors: dict[str, str] = {}
    (progress,) = progress_of([locked], probation_rules(district=locked.school.district))
    if progress.missing:
        errors["status"] = refusal_text(locked.teacher.name, progress.missing)
    message = record_date_error(
        appointed_on,
        label="聘任日期",
        not_before=locked.started_on,
        not_before_label="见习开始日期",
    )
    if message:
        errors["appointed_on"] = message
    if school_class.school_id != locked.school_id:
        errors["school_class"] = "请选择本校的班级。"
    if errors:
        raise ValidationError(errors)
    locked.status = TraineeStatus.APPOINTED
    locked.appointed_on = appointed_on
    locked.save(update_fields=["status", "appointed_on", "updated_at"])
    assignment = assignment_create(
        school=locked.school, teacher=locked.teacher, school_class=school_class,
        role=AssignmentRole.HOMEROOM,
    )  # fmt: skip
    locked.assignment = assignment
    locked.save(update_fields=["assignment", "updated_at"])
    if locked.teacher.homeroom_since is None:
        locked.teacher.homeroom_since = appointed_on
        locked.teacher.save(update_fields=["homeroom_since", "updated_at"])
    trainee_changed(locked)
    return locked
