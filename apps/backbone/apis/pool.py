"""`schools/<school_id>/pool-entries/`: the school's election entries (list) and an
application on a teacher's behalf (create, the school's leader);
`districts/<district_id>/pool-entries/?year=&status=`: the district's entries of a year,
for the district's roles. Writes go through the services, whose Chinese errors answer as
400s; a teacher of another school is a 404."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from apps.backbone.models import PoolEntry, PoolStatus
from apps.backbone.selectors.pool import district_entries, school_entries
from apps.backbone.serializers.pool import PoolApplyInput, PoolEntryOutput
from apps.backbone.services.pool import pool_apply
from apps.core.schoolyear import current_school_year
from apps.people import selectors as people_selectors
from apps.tenancy.api import DistrictScopedAPI, SchoolScopedAPI


@extend_schema(tags=["backbone"])
class SchoolPoolEntryViewSet(
    SchoolScopedAPI, mixins.ListModelMixin, viewsets.GenericViewSet[PoolEntry]
):
    """XB-POOL: the school's entries, newest year first; its leader applies for a teacher."""

    serializer_class = PoolEntryOutput
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self) -> QuerySet[PoolEntry]:
        if getattr(self, "swagger_fake_view", False):
            return PoolEntry.objects.none()
        return school_entries(school=self.school)

    @extend_schema(request=PoolApplyInput, responses={201: PoolEntryOutput})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = PoolApplyInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        teacher = people_selectors.teacher_get(school=self.school, teacher_id=values["teacher"])
        entry = pool_apply(
            actor=request.user,
            teacher=teacher,
            year=values["year"],
            level=values["level"],
            statement=values["statement"],
        )
        fresh = school_entries(school=self.school).get(pk=entry.pk)
        return Response(PoolEntryOutput(fresh).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["backbone"])
class DistrictPoolEntryViewSet(
    DistrictScopedAPI, mixins.ListModelMixin, viewsets.GenericViewSet[PoolEntry]
):
    """XB-POOL: the district's entries of a year (`?year=`, default this school year;
    `?status=`)."""

    serializer_class = PoolEntryOutput

    def get_queryset(self) -> QuerySet[PoolEntry]:
        if getattr(self, "swagger_fake_view", False):
            return PoolEntry.objects.none()
        current = current_school_year()
        try:
            year = int(self.request.query_params.get("year", current))
        except ValueError:
            year = current
        rows = district_entries(district=self.district, year=year)
        wanted = self.request.query_params.get("status", "")
        return rows.filter(status=wanted) if wanted in PoolStatus.values else rows
