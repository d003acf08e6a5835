"""Reads of the teachers' development archives (XH26-A3-1, PT24-ARCHIVE): the school's
teachers with their entry counts, a teacher's entries, one entry and its evidence file."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from apps.core.web import int_or_404
from apps.people.models import Teacher
from apps.tenancy.models import School
from apps.training.models import ArchiveEntry, ArchiveFile


def archive_teachers(*, school: School, search: str = "") -> QuerySet[Teacher]:
    """The school's active teachers with how many archive entries each has."""
    queryset = Teacher.objects.for_school(school).filter(is_active=True)
    if search:
        queryset = queryset.filter(Q(name__icontains=search) | Q(employee_no__icontains=search))
    return queryset.annotate(entry_count=Count("archive")).order_by("employee_no")


def archive_list(*, school: School) -> QuerySet[ArchiveEntry]:
    return (
        ArchiveEntry.objects.for_school(school).select_related("teacher").order_by("-date", "-id")
    )


def archive_entries(*, teacher: Teacher) -> QuerySet[ArchiveEntry]:
    return (
        ArchiveEntry.objects.for_school(teacher.school)
        .filter(teacher=teacher)
        .select_related("created_by")
        .order_by("-date", "-id")
    )


def archive_entry_get(*, school: School, entry_id: int | str) -> ArchiveEntry:
    return get_object_or_404(archive_list(school=school), pk=int_or_404(entry_id))


def own_archive_entry_get(*, teachers: list[Teacher], entry_id: int | str) -> ArchiveEntry:
    return get_object_or_404(
        ArchiveEntry.objects.filter(teacher__in=teachers).select_related("teacher"),
        pk=int_or_404(entry_id),
    )


def archive_file_data(*, entry: ArchiveEntry) -> bytes:
    if not entry.file_name:
        raise Http404
    data = ArchiveFile.objects.filter(entry=entry).values_list("data", flat=True).first()
    if data is None:
        raise Http404
    return bytes(data)
