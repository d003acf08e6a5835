"""Reads of the teachers' external training records (学时审定): the school's queue, one
record and its evidence, a teacher's own records, and what an import would duplicate."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from apps.core.web import int_or_404
from apps.people.models import Teacher
from apps.tenancy.models import School
from apps.training.models import ExternalTraining, ExternalTrainingFile, RecordStatus


def external_queue(
    *, school: School, status: str = "", teacher_id: int | str | None = None
) -> QuerySet[ExternalTraining]:
    """学时审定: the school's external records; those waiting come oldest first."""
    queryset = ExternalTraining.objects.for_school(school).select_related("teacher")
    if status:
        queryset = queryset.filter(status=status)
    if teacher_id not in (None, ""):
        try:
            queryset = queryset.filter(teacher_id=int(teacher_id))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return queryset.none()
    if status == RecordStatus.SUBMITTED:
        return queryset.order_by("created_at", "id")
    return queryset.order_by("-created_at", "-id")


def external_detail(*, school: School, record_id: int | str) -> ExternalTraining:
    return get_object_or_404(
        ExternalTraining.objects.for_school(school).select_related("teacher", "reviewed_by"),
        pk=int_or_404(record_id),
    )


def external_file_data(*, record: ExternalTraining) -> bytes:
    """The evidence file of a record already fetched through a scoped selector (404 when
    it has none)."""
    if not record.file_name:
        raise Http404
    data = ExternalTrainingFile.objects.filter(record=record).values_list("data", flat=True).first()
    if data is None:
        raise Http404
    return bytes(data)


def own_external(*, teachers: list[Teacher]) -> QuerySet[ExternalTraining]:
    """A teacher's own external records (their teacher records only, never a colleague's)."""
    return (
        ExternalTraining.objects.filter(teacher__in=teachers)
        .select_related("teacher", "school")
        .order_by("-created_at", "-id")
    )


def own_external_get(*, teachers: list[Teacher], record_id: int | str) -> ExternalTraining:
    return get_object_or_404(own_external(teachers=teachers), pk=int_or_404(record_id))


def external_identities(*, school: School, teacher_ids: Iterable[int]) -> set[tuple[Any, ...]]:
    """(teacher id, title, organiser, date, hours) of the teachers' records that count or
    wait to (not the returned ones): what an imported row must not repeat."""
    return set(
        ExternalTraining.objects.for_school(school)
        .filter(
            teacher_id__in=set(teacher_ids),
            status__in=(RecordStatus.SUBMITTED, RecordStatus.VERIFIED),
        )
        .values_list("teacher_id", "title", "organiser", "date", "hours")
    )
