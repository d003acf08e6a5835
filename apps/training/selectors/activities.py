"""Reads of training activities (a school's own, or the district's own), their sign-in
(attendance) and the files kept with them; and the teachers a sign-in may tick."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from apps.core.web import int_or_404
from apps.people.models import Teacher
from apps.tenancy.models import District, School
from apps.training.models import (
    ActivityAttachment,
    ActivityAttachmentFile,
    Attendance,
    TrainingActivity,
)


def activity_list(
    *, school: School | None = None, district: District | None = None
) -> QuerySet[TrainingActivity]:
    if school is not None:
        queryset = TrainingActivity.objects.for_school(school)
    elif district is not None:
        queryset = TrainingActivity.objects.for_district(district).filter(school__isnull=True)
    else:
        raise TypeError("activity_list needs school= or district=")
    return queryset.select_related("created_by").order_by("-date", "-id")


def activity_list_with_counts(
    *, school: School | None = None, district: District | None = None
) -> QuerySet[TrainingActivity]:
    """Activities (a school's own, or the district's own) with how many attended."""
    return activity_list(school=school, district=district).annotate(
        attendee_count=Count("attendances")
    )


def activity_get(*, school: School, activity_id: int | str) -> TrainingActivity:
    return get_object_or_404(activity_list(school=school), pk=int_or_404(activity_id))


def district_activity_get(*, district: District, activity_id: int | str) -> TrainingActivity:
    return get_object_or_404(activity_list(district=district), pk=int_or_404(activity_id))


def attendance_of(*, activity: TrainingActivity) -> QuerySet[Attendance]:
    return activity.attendances.select_related("teacher", "teacher__school").order_by(
        "teacher__employee_no"
    )


def attendance_hours_by_teacher(*, activity: TrainingActivity) -> dict[int, Decimal]:
    """{teacher id: credited hours} of those already recorded at the activity."""
    return dict(activity.attendances.values_list("teacher_id", "hours"))


def activity_attachments(*, activity: TrainingActivity) -> QuerySet[ActivityAttachment]:
    """The files kept with an activity already fetched through a scoped selector."""
    return (
        ActivityAttachment.objects.filter(activity=activity)
        .select_related("uploaded_by")
        .order_by("created_at", "id")
    )


def activity_attachment_file(
    *, activity: TrainingActivity, attachment_id: int | str
) -> tuple[ActivityAttachment, bytes]:
    """One of the activity's attachments and its bytes (404 unless it is the activity's)."""
    attachment = get_object_or_404(
        ActivityAttachment.objects.filter(activity=activity), pk=int_or_404(attachment_id)
    )
    data = (
        ActivityAttachmentFile.objects.filter(attachment=attachment)
        .values_list("data", flat=True)
        .first()
    )
    if data is None:
        raise Http404
    return attachment, bytes(data)


def district_teachers(
    *,
    district: District,
    school_id: int | str | None = None,
    search: str = "",
    ids: list[int] | None = None,
) -> QuerySet[Teacher]:
    """Active teachers of every school of the district (for a district activity's sign-in),
    optionally of one school (a plain id: one outside the district matches nothing)."""
    queryset = Teacher.objects.for_district(district).filter(is_active=True)
    if school_id not in (None, ""):
        try:
            queryset = queryset.filter(school_id=int(school_id))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return queryset.none()
    if search:
        queryset = queryset.filter(Q(name__icontains=search) | Q(employee_no__icontains=search))
    if ids is not None:
        queryset = queryset.filter(pk__in=ids)
    return queryset.select_related("school").order_by("school__code", "employee_no")


def school_teachers_by_ids(*, school: School, ids: list[int]) -> QuerySet[Teacher]:
    """Teachers of the school among `ids` (any other id is simply not found)."""
    return Teacher.objects.for_school(school).filter(pk__in=ids).order_by("employee_no")
