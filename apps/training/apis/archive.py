"""`schools/<school_id>/archive-entries/`: development-archive entries (list, create,
retrieve; `…/<id>/file/` downloads the evidence)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from apps.core.access_log import log_data_access
from apps.core.web import file_response, read_upload
from apps.people import selectors as people_selectors
from apps.tenancy.api import SchoolScopedAPI
from apps.training.models import ArchiveEntry
from apps.training.selectors.archive import archive_entry_get, archive_file_data, archive_list
from apps.training.serializers.archive import ArchiveEntryInput, ArchiveEntryOutput
from apps.training.services.archive import archive_entry_create

from .common import FILE_RESPONSE, ID


class ArchiveFilter(django_filters.FilterSet):  # type: ignore[misc]  # django-filter is untyped
    teacher = django_filters.NumberFilter(field_name="teacher_id")

    class Meta:
        model = ArchiveEntry
        fields = ["kind", "level"]


@extend_schema(tags=["training"])
class ArchiveEntryViewSet(
    SchoolScopedAPI,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[ArchiveEntry],
):
    """XH26-A3-1, PT24-ARCHIVE: achievements and honours in the teachers' archives."""

    serializer_class = ArchiveEntryOutput
    filterset_class = ArchiveFilter
    parser_classes = [MultiPartParser, FormParser, JSONParser]
    ordering_fields = ["date", "created_at"]
    lookup_value_regex = ID

    def get_queryset(self) -> QuerySet[ArchiveEntry]:
        if getattr(self, "swagger_fake_view", False):
            return ArchiveEntry.objects.none()
        return archive_list(school=self.school)

    @extend_schema(request=ArchiveEntryInput, responses={201: ArchiveEntryOutput})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Add an entry for a teacher of this school (the school's leader; multipart with
        `file` for the evidence)."""
        data = ArchiveEntryInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        try:
            teacher = people_selectors.teacher_get(
                school=self.school, teacher_id=values.pop("teacher")
            )
        except Http404:
            raise ValidationError({"teacher": "找不到该教师，或该教师不属于本校。"}) from None
        file_name, content = read_upload(values.pop("file", None))
        entry = archive_entry_create(
            teacher=teacher, actor=request.user, file_name=file_name, data=content, **values
        )
        return Response(ArchiveEntryOutput(entry).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=FILE_RESPONSE)
    @action(detail=True, methods=["get"])
    def file(self, request: Request, *args: Any, **kwargs: Any) -> HttpResponse:
        entry = archive_entry_get(school=self.school, entry_id=kwargs["pk"])
        log_data_access(request, what="发展档案附件下载", subject=entry)
        return file_response(entry, archive_file_data(entry=entry), prefix="archive")
