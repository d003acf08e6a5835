"""The growth teams' work API (xinbei-2023), read only; the portal's pages write.
`schools/<school_id>/backbone/five/?year=` — the school's famous homeroom teachers and
members × the five items of a school year with what is missing (XB-FIVE), for the school's
leader and the district's roles; `me/backbone/five/?year=` — the caller's own;
`districts/<district_id>/backbone/{showcases,projects,column}/` — the district's showcases
with their teams (XB-SHOWCASE), character projects (XB-PROJECT, `?scope=`) and the "三名"
column (XB-RADIATE), for the district's roles. Another school or district is a 404."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from apps.backbone.models import CharacterProject, ProjectScope, RadiatePost, Showcase
from apps.backbone.selectors.five import five_of_user, five_rows, five_rules
from apps.backbone.selectors.work import district_posts, district_projects, district_showcases
from apps.backbone.serializers.work import (
    FiveOutput,
    ProjectOutput,
    RadiatePostOutput,
    ShowcaseOutput,
    five_payload,
)
from apps.core.schema import OneObjectListSchema
from apps.core.schoolyear import current_school_year
from apps.tenancy.api import DistrictScopedAPI, SchoolScopedAPI

YEAR = OpenApiParameter("year", OpenApiTypes.INT, description="学年（起始年份），默认本学年")


def _year(request: Request) -> int:
    """`?year=`: the current school year when absent; a 400 naming the field when not a year."""
    raw = request.query_params.get("year", "")
    if raw == "":
        return current_school_year()
    top = current_school_year() + 1
    if not raw.isdigit() or not 2000 <= int(raw) <= top:
        raise serializers.ValidationError({"year": [f"学年须为 2000–{top} 之间的年份。"]})
    return int(raw)


@extend_schema(tags=["backbone"])
class SchoolFiveViewSet(SchoolScopedAPI, viewsets.GenericViewSet[Any]):
    schema = OneObjectListSchema()
    """XB-FIVE: the school's famous teachers and members with their five ones."""

    serializer_class = FiveOutput
    queryset = CharacterProject.objects.none()  # the schema's model; reads go through selectors
    pagination_class = None

    @extend_schema(parameters=[YEAR], responses=FiveOutput)
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        year, district = _year(request), self.school.district
        rules = five_rules(district=district)
        rows = [] if rules is None else five_rows(
            district=district, year=year, rules=rules, school_ids=[self.school.pk]
        )  # fmt: skip
        return Response(FiveOutput(five_payload(year=year, rules=rules, rows=rows)).data)


@extend_schema(tags=["backbone"])
class MyFiveViewSet(viewsets.GenericViewSet[Any]):
    schema = OneObjectListSchema()
    """XB-FIVE: the caller's own five ones (only their own teacher records are read)."""

    serializer_class = FiveOutput
    queryset = CharacterProject.objects.none()
    pagination_class = None

    @extend_schema(parameters=[YEAR], responses=FiveOutput)
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        year = _year(request)
        rows, _linked, rules = five_of_user(user=request.user, year=year)
        return Response(FiveOutput(five_payload(year=year, rules=rules, rows=rows)).data)


@extend_schema(tags=["backbone"])
class DistrictShowcaseViewSet(
    DistrictScopedAPI, mixins.ListModelMixin, viewsets.GenericViewSet[Showcase]
):
    """XB-SHOWCASE: the district's showcases, newest first, with the teams that showed."""

    serializer_class = ShowcaseOutput

    def get_queryset(self) -> QuerySet[Showcase]:
        if getattr(self, "swagger_fake_view", False):
            return Showcase.objects.none()
        return district_showcases(district=self.district).order_by("-held_on", "-id")


@extend_schema(tags=["backbone"])
class DistrictProjectViewSet(
    DistrictScopedAPI, mixins.ListModelMixin, viewsets.GenericViewSet[CharacterProject]
):
    """XB-PROJECT: the district's character projects (`?scope=school|region|…`)."""

    serializer_class = ProjectOutput

    def get_queryset(self) -> QuerySet[CharacterProject]:
        if getattr(self, "swagger_fake_view", False):
            return CharacterProject.objects.none()
        rows = district_projects(district=self.district)
        wanted = self.request.query_params.get("scope", "")
        return rows.filter(scope=wanted) if wanted in ProjectScope.values else rows


@extend_schema(tags=["backbone"])
class DistrictColumnViewSet(
    DistrictScopedAPI, mixins.ListModelMixin, viewsets.GenericViewSet[RadiatePost]
):
    """XB-RADIATE: the "三名" column's posts of the district, newest first."""

    serializer_class = RadiatePostOutput

    def get_queryset(self) -> QuerySet[RadiatePost]:
        if getattr(self, "swagger_fake_view", False):
            return RadiatePost.objects.none()
        return district_posts(district=self.district)
