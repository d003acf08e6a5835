"""Reads of trainees, mentors and assessments for the pages and the API."""

from __future__ import annotations

from django.db.models import QuerySet

from apps.core.schoolyear import full_years_between, today
from apps.people.models import Teacher
from apps.probation.models import Assessment, MentorLog, Trainee, TraineeStatus
from apps.tenancy.models import District, School

from .progress import ProbationRules


def school_trainees(*, school: School) -> QuerySet[Trainee]:
    return (
        Trainee.objects.for_school(school)
        .select_related("teacher", "mentor", "assignment__school_class")
        .order_by("status", "planned_end_on", "teacher__employee_no")
    )


def district_trainees(*, district: District) -> QuerySet[Trainee]:
    return (
        Trainee.objects.filter(district=district)
        .select_related("teacher", "mentor", "school")
        .order_by("school__code", "planned_end_on", "teacher__employee_no")
    )


def graduation_candidates(*, district: District) -> QuerySet[Trainee]:
    """The district's queue: trainees whose school has sent them on (待区级结业考核)."""
    return district_trainees(district=district).filter(status=TraineeStatus.AWAITING)


def trainee_of_user(*, user_id: int) -> Trainee | None:
    """The signed-in teacher's own probation, if any (the newest stint's)."""
    return (
        Trainee.objects.filter(teacher__user_id=user_id)
        .select_related("teacher", "mentor", "school")
        .order_by("-started_on")
        .first()
    )


def trainee_assessments(*, trainee: Trainee) -> QuerySet[Assessment]:
    return trainee.assessments.order_by("attempt", "assessed_on", "id")


def trainee_mentor_logs(*, trainee: Trainee) -> QuerySet[MentorLog]:
    return trainee.mentor_logs.select_related("mentor").order_by("-date", "-id")


def qualified_mentors(*, school: School, rules: ProbationRules) -> list[Teacher]:
    """XH26-PROB-MENTOR: the school's active teachers with at least the pack's years as
    homeroom teacher (counted from 首次担任班主任时间 to today; the reading is a pack
    parameter marked 解释)."""
    on = today()
    return [
        teacher
        for teacher in Teacher.objects.for_school(school)
        .filter(is_active=True, ended_on__isnull=True, homeroom_since__isnull=False)
        .order_by("employee_no")
        if full_years_between(teacher.homeroom_since, on) >= rules.mentor_min_years
    ]


def mentor_qualifies(teacher: Teacher | None, rules: ProbationRules) -> bool:
    if teacher is None or teacher.homeroom_since is None:
        return False
    return full_years_between(teacher.homeroom_since, today()) >= rules.mentor_min_years
