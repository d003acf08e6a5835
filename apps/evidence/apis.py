"""/api/v1/ of evidence.

* `schools/<school_id>/evidence/` — a school's items (its leader and its district's roles
  read them); POST submits one (the leader; multipart with `file` for a document);
  `…/<id>/withdraw/` withdraws an item still waiting; `…/<id>/file/` downloads the file;
* `districts/<district_id>/evidence/` — the district's items for review (district roles);
  `…/<id>/review/` accepts or returns one (reviewers and admins of that district);
  `…/<id>/file/` downloads the file.

The school or district comes from the URL through `SchoolScopedAPI`/`DistrictScopedAPI`;
every item is fetched through a selector scoped to it, so another tenant's item is a 404.
Writes go through the services.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.http import HttpResponse
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from apps.core.access_log import log_data_access
from apps.core.schema import file_responses
from apps.core.web import file_response, read_upload
from apps.tenancy.api import DistrictScopedAPI, SchoolScopedAPI

from . import selectors, services
from .models import EvidenceItem
from .permissions import access_review_district
from .selectors import ALL_STATUSES
from .serializers import EvidenceInput, EvidenceOutput, ReviewInput

FILE_RESPONSE = file_responses("上传的文件（PDF、Word、Excel 或图片），以附件形式下载")
ORDERING_FIELDS = ["created_at", "updated_at", "reviewed_at"]


@extend_schema(tags=["evidence"])
class SchoolEvidenceViewSet(
    SchoolScopedAPI,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[EvidenceItem],
):
    """A school's evidence items, newest first."""

    serializer_class = EvidenceOutput
    parser_classes = [MultiPartParser, FormParser, JSONParser]
    filterset_fields = ["school_year", "status", "indicator_code", "kind"]
    ordering_fields = ORDERING_FIELDS

    def get_queryset(self) -> QuerySet[EvidenceItem]:
        if getattr(self, "swagger_fake_view", False):
            return EvidenceItem.objects.none()
        return selectors.evidence_list(school=self.school, history=True)

    def get_object(self) -> EvidenceItem:
        return selectors.evidence_get(school=self.school, item_id=self.kwargs["pk"])

    @extend_schema(request=EvidenceInput, responses={201: EvidenceOutput})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Submit a document (multipart, with `file`) or an attestation (the school's leader)."""
        data = EvidenceInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        file_name, file_data = read_upload(values.get("file"))
        item = services.evidence_submit(
            school=self.school,
            actor=request.user,  # type: ignore[arg-type]
            indicator_code=values["indicator_code"],
            school_year=values["school_year"],
            kind=values["kind"],
            title=values["title"],
            statement=values["statement"],
            file_name=file_name,
            data=file_data,
        )
        fresh = selectors.evidence_get(school=self.school, item_id=item.pk)
        return Response(EvidenceOutput(fresh).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=EvidenceOutput)
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Withdraw an item that is still waiting for review (the school's leader)."""
        item = services.evidence_withdraw(item=self.get_object(), actor=request.user)  # type: ignore[arg-type]
        fresh = selectors.evidence_get(school=self.school, item_id=item.pk)
        return Response(EvidenceOutput(fresh).data)

    @extend_schema(responses=FILE_RESPONSE)
    @action(detail=True, methods=["get"])
    def file(self, request: Request, *args: Any, **kwargs: Any) -> HttpResponse:
        """The item's uploaded file, as an attachment (404 when it has none)."""
        item = selectors.evidence_get(school=self.school, item_id=kwargs["pk"], history=False)
        log_data_access(request, what="佐证材料文件下载", subject=item)
        return file_response(item, selectors.evidence_file_data(item=item), prefix="evidence")


class DistrictEvidenceFilter(django_filters.FilterSet):  # type: ignore[misc]  # django-filter is untyped
    # By id, not as a model choice: an id outside the district filters to nothing rather
    # than answering whether such a school exists.
    school = django_filters.NumberFilter(field_name="school_id")

    class Meta:
        model = EvidenceItem
        fields = ["school", "school_year", "status", "indicator_code", "kind"]


@extend_schema(tags=["evidence"])
class DistrictEvidenceViewSet(
    DistrictScopedAPI,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[EvidenceItem],
):
    """The district's evidence items. With `status=submitted`, the review queue: oldest
    first. Otherwise the most recently changed first."""

    serializer_class = EvidenceOutput
    filterset_class = DistrictEvidenceFilter
    ordering_fields = ORDERING_FIELDS

    def get_queryset(self) -> QuerySet[EvidenceItem]:
        if getattr(self, "swagger_fake_view", False):
            return EvidenceItem.objects.none()
        wanted = self.request.query_params.get("status") or ALL_STATUSES
        return selectors.district_evidence_list(district=self.district, status=wanted, history=True)

    def get_object(self) -> EvidenceItem:
        return selectors.district_evidence_get(district=self.district, item_id=self.kwargs["pk"])

    @extend_schema(request=ReviewInput, responses=EvidenceOutput)
    @action(detail=True, methods=["post"])
    def review(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Accept, or return with a comment saying what to fix (reviewers and admins of
        this district; only an item still waiting)."""
        access_review_district(request.user, self.district.pk)
        item = self.get_object()
        data = ReviewInput(data=request.data)
        data.is_valid(raise_exception=True)
        reviewed = services.evidence_review(
            item=item,
            reviewer=request.user,  # type: ignore[arg-type]
            accept=data.validated_data["decision"] == "accept",
            comment=data.validated_data["comment"],
            checked_parts=data.validated_data["checked_parts"],
        )
        fresh = selectors.district_evidence_get(district=self.district, item_id=reviewed.pk)
        return Response(EvidenceOutput(fresh).data)

    @extend_schema(responses=FILE_RESPONSE)
    @action(detail=True, methods=["get"])
    def file(self, request: Request, *args: Any, **kwargs: Any) -> HttpResponse:
        """The item's uploaded file, as an attachment (404 when it has none)."""
        item = selectors.district_evidence_get(
            district=self.district, item_id=kwargs["pk"], history=False
        )
        log_data_access(request, what="佐证材料文件下载", subject=item)
        return file_response(item, selectors.evidence_file_data(item=item), prefix="evidence")


router = DefaultRouter()
router.include_root_view = False
router.include_format_suffixes = False
router.register(
    r"schools/(?P<school_id>\d+)/evidence", SchoolEvidenceViewSet, basename="school-evidence"
)
router.register(
    r"districts/(?P<district_id>\d+)/evidence",
    DistrictEvidenceViewSet,
    basename="district-evidence",
)
