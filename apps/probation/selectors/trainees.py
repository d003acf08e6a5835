"""Reads of trainees, mentors and assessments for the pages and the API."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from apps.core.schoolyear import full_years_between, today
from apps.core.web import int_or_404
from apps.people.models import AssignmentRole, HomeroomAssignment, Teacher
from apps.probation.models import (
    Assessment,
    AssessmentEvent,
    AssessmentFile,
    MentorLog,
    Trainee,
    TraineeStatus,
)
from apps.tenancy.models import District, School
from apps.training.models import LedgerEntry, ProbationBucket

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


def board_trainees(*, school: School, status: str = "", search: str = "") -> QuerySet[Trainee]:
    """The school's board: its trainees, narrowed by status and a name / 工号 search."""
    queryset = school_trainees(school=school)
    if status in TraineeStatus.values:
        queryset = queryset.filter(status=status)
    if search:
        queryset = queryset.filter(
            Q(teacher__name__icontains=search) | Q(teacher__employee_no__icontains=search)
        )
    return queryset


def trainee_get(*, school: School, trainee_id: int | str) -> Trainee:
    """One trainee of the school (404 when not there)."""
    return get_object_or_404(school_trainees(school=school), pk=int_or_404(trainee_id))


def candidate_get(*, district: District, trainee_id: int | str) -> Trainee:
    """One trainee of the district's graduation queue (404 when not there)."""
    return get_object_or_404(graduation_candidates(district=district), pk=int_or_404(trainee_id))


def registrable_teachers(*, school: School) -> QuerySet[Teacher]:
    """The school's active teachers who may start a probation: none yet, and never a
    homeroom teacher before."""
    return (
        Teacher.objects.for_school(school)
        .filter(is_active=True, ended_on__isnull=True)
        .exclude(Exists(Trainee.objects.filter(teacher=OuterRef("pk"))))
        .exclude(
            Exists(
                HomeroomAssignment.objects.filter(
                    teacher=OuterRef("pk"), role=AssignmentRole.HOMEROOM
                )
            )
        )
        .order_by("employee_no")
    )


def assessment_history(*, trainee: Trainee) -> list[Assessment]:
    """Every attempt's assessments with their events (who did what when): three queries."""
    return list(
        trainee_assessments(trainee=trainee)
        .select_related("submitted_by", "reviewed_by")
        .prefetch_related(
            Prefetch(
                "events", queryset=AssessmentEvent.objects.select_related("actor").order_by("at")
            )
        )
    )


def bucket_rows(*, trainee: Trainee) -> list[LedgerEntry]:
    """The ledger rows the buckets count: the teacher's probation rows from the start on
    (reversals included, as the buckets count them)."""
    return list(
        LedgerEntry.objects.filter(teacher_id=trainee.teacher_id, date__gte=trainee.started_on)
        .exclude(probation_bucket=ProbationBucket.NONE)
        .order_by("date", "id")
    )


def status_counts(*, district: District) -> list[dict[str, object]]:
    """Per school of the district: its trainees by status (one aggregate)."""
    counted = {status: Count("pk", filter=Q(status=status)) for status in TraineeStatus.values}
    rows = (
        Trainee.objects.filter(district=district)
        .values("school_id", "school__name", "school__code")
        .annotate(total=Count("pk"), **counted)
        .order_by("school__code")
    )
    return list(rows)


def school_assessments(*, school: School) -> QuerySet[Assessment]:
    """The school's assessments of every attempt (the API's list)."""
    return Assessment.objects.for_school(school).order_by(
        "trainee_id", "attempt", "assessed_on", "id"
    )


def assessment_file_get(
    *, school: School, trainee_id: int | str, assessment_id: int | str
) -> tuple[Assessment, bytes]:
    """An assessment of the school's trainee with its stored file (404 when either is not
    there, or it has no file)."""
    trainee = trainee_get(school=school, trainee_id=trainee_id)
    record = get_object_or_404(trainee.assessments.all(), pk=int_or_404(assessment_id))
    data = AssessmentFile.objects.filter(record=record).values_list("data", flat=True).first()
    if data is None:
        raise Http404
    return record, bytes(data)
