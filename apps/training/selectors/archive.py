"""Reads of the teachers' development archives (XH26-A3-1, PT24-ARCHIVE): the school's
teachers with their entry counts, a teacher's entries, one entry and its evidence file."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404

from apps.core.web import int_or_404
from apps.people import selectors as people_selectors
from apps.people.models import Teacher
from apps.tenancy.models import School
from apps.training.models import ArchiveEntry, ArchiveFile, LedgerEntry


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


def earned_elsewhere(*, teacher: Teacher) -> list[Teacher]:
    """The person's earlier stints (ADR 0012), latest first, each with its school, its
    archive entries (`entries`) and its hours (`hours`, all years): what the archive lists
    as "earned at" another school, read only. Three queries; one for a first stint."""
    stints = list(people_selectors.earlier_stints(teacher=teacher))
    if not stints:
        return []
    entries: dict[int, list[ArchiveEntry]] = defaultdict(list)
    for entry in ArchiveEntry.objects.filter(teacher__in=stints).order_by("-date", "-id"):
        entries[entry.teacher_id].append(entry)
    hours = dict(
        LedgerEntry.objects.filter(teacher__in=stints)
        .values("teacher_id")
        .annotate(h=Sum("hours"))
        .order_by()
        .values_list("teacher_id", "h")
    )
    for stint in stints:
        stint.entries = entries.get(stint.pk, [])  # type: ignore[attr-defined]
        stint.hours = hours.get(stint.pk, Decimal(0))  # type: ignore[attr-defined]
    return stints


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
