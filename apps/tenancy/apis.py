"""/api/v1/schools/ and /api/v1/me/: the schools a caller may read, and who they are;
the district admin's 学校管理 (issue 10 §2):

* `districts/<district_id>/schools/` — the district's open schools (`?closed=true`: its
  closed ones), create, PATCH (a change of the featured projects needs a `reason`),
  `{id}/close/` and `{id}/reopen/` with a reason;
* `districts/<district_id>/school-imports/` — POST a filled school-list template (202, a
  job); `{id}/` polls the job, with every bad row of a failed file (nothing was saved);
  `template/` downloads the empty template.

Like the pages, these are the district's own admin's only (`DistrictAdminAPI`: its
reviewers get 404 too); the services check the actor again and answer bad input with
their Chinese messages, field by field.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import django_filters
from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpResponse
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter
from rest_framework.serializers import BaseSerializer
from rest_framework.views import APIView

from apps.core.schema import file_responses
from apps.core.web import read_upload, xlsx_response

from . import selectors, services
from .access import memberships_of, schools_visible_to
from .api import DistrictAdminAPI
from .models import School, SchoolImport
from .school_import import template as school_list_template
from .serializers import (
    DistrictSchoolOutput,
    MeOutput,
    ReasonInput,
    SchoolImportInput,
    SchoolImportOutput,
    SchoolInput,
    SchoolListQuery,
    SchoolOutput,
)

if TYPE_CHECKING:
    from apps.accounts.models import User


class SchoolFilter(django_filters.FilterSet):  # type: ignore[misc]  # django-filter is untyped
    district = django_filters.NumberFilter(field_name="district_id")  # no existence oracle

    class Meta:
        model = School
        fields = ["school_type", "is_rural"]


class SchoolViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[School]
):
    """Schools visible to the caller: all of their districts' schools and those they lead."""

    serializer_class = SchoolOutput
    filterset_class = SchoolFilter
    ordering_fields = ["code", "name"]

    def get_queryset(self) -> QuerySet[School]:
        if getattr(self, "swagger_fake_view", False):
            return School.objects.none()
        schools = schools_visible_to(self.request.user)  # type: ignore[arg-type]
        if self.action == "list":  # a closed school leaves the lists; it can still be read
            schools = schools.filter(closed_at__isnull=True)
        return schools.select_related("district", "education_group").order_by("district_id", "code")


class MeView(APIView):
    @extend_schema(responses=MeOutput)
    def get(self, request: Request) -> Response:
        user = request.user
        data = {
            "id": user.pk,
            "username": user.get_username(),
            "display_name": getattr(user, "display_name", user.get_username()),
            "memberships": memberships_of(user),
        }
        return Response(MeOutput(data).data)


# --------------------------------------------------------------------------- 学校管理


@extend_schema(tags=["district-schools"])
class DistrictSchoolViewSet(
    DistrictAdminAPI,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[School],
):
    """The district's schools, by code: the open ones, or with `?closed=true` the closed
    ones (a closed school keeps its history, leaves the lists and takes no new records);
    one school is read open or closed."""

    http_method_names = ["get", "post", "patch", "head", "options"]
    ordering_fields = ["code", "name"]
    lookup_value_regex = r"\d+"

    def get_serializer_class(self) -> type[BaseSerializer[Any]]:
        if self.action in ("create", "partial_update"):
            return SchoolInput
        return DistrictSchoolOutput if self.action == "list" else SchoolOutput

    def get_queryset(self) -> QuerySet[School]:
        if getattr(self, "swagger_fake_view", False):
            return School.objects.none()
        query = SchoolListQuery(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        closed = bool(query.validated_data["closed"])
        return selectors.district_schools(district=self.district, closed=closed)

    def get_object(self) -> School:
        return selectors.district_school(district=self.district, school_id=self.kwargs["pk"])

    @extend_schema(parameters=[SchoolListQuery])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(request=SchoolInput, responses={201: SchoolOutput})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = SchoolInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields = {k: v for k, v in data.validated_data.items() if k != "reason"}
        school = services.school_create(actor=self.actor, district=self.district, **fields)
        return Response(SchoolOutput(school).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=SchoolInput, responses=SchoolOutput)
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Change the fields sent; a change of `featured_projects` needs `reason`."""
        school = self.get_object()
        data = SchoolInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        school = services.school_update(actor=self.actor, school=school, **data.validated_data)
        return Response(SchoolOutput(school).data)

    @extend_schema(request=ReasonInput, responses=SchoolOutput)
    @action(detail=True, methods=["post"])
    def close(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Close the school: its rows and history stay; it leaves the lists and takes no
        new records."""
        return self._change(request, services.school_close)

    @extend_schema(request=ReasonInput, responses=SchoolOutput)
    @action(detail=True, methods=["post"])
    def reopen(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Open a closed school again: it is back in the lists and takes new records."""
        return self._change(request, services.school_reopen)

    def _change(self, request: Request, change: Any) -> Response:
        school = self.get_object()
        data = ReasonInput(data=request.data)
        data.is_valid(raise_exception=True)
        school = change(actor=self.actor, school=school, reason=data.validated_data["reason"])
        return Response(SchoolOutput(school).data)

    @property
    def actor(self) -> User:
        return self.request.user  # type: ignore[return-value]


@extend_schema(tags=["district-schools"])
class SchoolImportViewSet(
    DistrictAdminAPI, mixins.RetrieveModelMixin, viewsets.GenericViewSet[SchoolImport]
):
    """Upload a filled school-list template; poll the job until `state` is succeeded
    (every school created) or failed (every bad row in `errors`, nothing saved)."""

    serializer_class = SchoolImportOutput
    lookup_value_regex = r"\d+"
    parser_classes = [MultiPartParser]

    def get_queryset(self) -> QuerySet[SchoolImport]:
        return SchoolImport.objects.none()  # one job at a time, through the selector

    def get_object(self) -> SchoolImport:
        return selectors.school_import_get(district=self.district, job_id=self.kwargs["pk"])

    @extend_schema(request=SchoolImportInput, responses={202: SchoolImportOutput})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = SchoolImportInput(data=request.data)
        data.is_valid(raise_exception=True)
        name, content = read_upload(
            data.validated_data["file"], max_bytes=settings.IMPORT_MAX_BYTES
        )
        job = services.school_import_start(
            actor=request.user,  # type: ignore[arg-type]
            district=self.district,
            file_name=name,
            data=content or b"",
        )
        return Response(SchoolImportOutput(job).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(responses=file_responses("学校名单导入模板 (.xlsx)", "xlsx"))
    @action(detail=False, methods=["get"])
    def template(self, request: Request, *args: Any, **kwargs: Any) -> HttpResponse:
        """The empty template (no personal data: not in the access log)."""
        return xlsx_response(
            school_list_template(),
            fallback="school-list-template.xlsx",
            name="学校名单导入模板.xlsx",
        )


router = DefaultRouter()
router.include_root_view = False
router.include_format_suffixes = False
router.register("schools", SchoolViewSet, basename="school")
DISTRICT = r"districts/(?P<district_id>\d+)"
router.register(f"{DISTRICT}/schools", DistrictSchoolViewSet, basename="district-school")
router.register(f"{DISTRICT}/school-imports", SchoolImportViewSet, basename="school-import")
