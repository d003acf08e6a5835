"""The probation's guard on people's assignments (people.guards): a teacher whose
probation is open gets no homeroom post but by appointment (`services.trainee_appoint`),
whatever the path — the roster form, the API or the import — and is told what is
missing, in the appointment's own words. One query for the trainees, three for their
progress, whatever the number of requests."""

from __future__ import annotations

from collections.abc import Sequence

from apps.people.guards import AssignmentRequest, register_assignment_guard
from apps.people.models import AssignmentRole
from apps.tenancy.models import School

from .models import OPEN_STATUSES, Trainee
from .selectors.progress import probation_rules, progress_of
from .services.appointment import refusal_text


def probation_guard(school: School, requests: Sequence[AssignmentRequest]) -> dict[int, str]:
    homeroom = {
        index: request.teacher.pk
        for index, request in enumerate(requests)
        if request.role == AssignmentRole.HOMEROOM
    }
    if not homeroom:
        return {}
    trainees = {
        t.teacher_id: t
        for t in Trainee.objects.filter(
            teacher__in=set(homeroom.values()), status__in=OPEN_STATUSES
        ).select_related("teacher")
    }
    if not trainees:
        return {}
    progress = {
        p.trainee.teacher_id: p
        for p in progress_of(trainees.values(), probation_rules(district=school.district))
    }
    return {
        index: refusal_text(progress[teacher_id].trainee.teacher.name,
                            progress[teacher_id].missing or ["请在见习管理中办理正式聘任"])
        for index, teacher_id in homeroom.items()
        if teacher_id in progress
    }  # fmt: skip


register_assignment_guard("probation", probation_guard)
