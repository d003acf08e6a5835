"""`schools/<school_id>/training-activities/`: the school's activities (list, create,
retrieve with its attachments); `…/<id>/attendance/` lists the sign-in (GET) or records
teachers (POST `{"teachers": [ids], "hours": {"<id>": h}}`); `…/<id>/attachments/
<attachment_id>/` downloads an attachment (uploads are on the activity's page)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpResponse
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from apps.core.access_log import log_data_access
from apps.core.web import file_response
from apps.tenancy.api import SchoolScopedAPI
from apps.training.models import TrainingActivity
from apps.training.selectors.activities import (
    activity_attachment_file,
    activity_get,
    activity_list_with_counts,
    attendance_of,
    school_teachers_by_ids,
)
from apps.training.serializers.activities import (
    AttendanceInput,
    AttendanceOutput,
    TrainingActivityDetailOutput,
    TrainingActivityInput,
    TrainingActivityOutput,
)
from apps.training.services.activities import activity_create, attendance_record

from .common import FILE_RESPONSE, ID


class ActivityFilter(django_filters.FilterSet):  # type: ignore[misc]  # django-filter is untyped
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte")
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte")

    class Meta:
        model = TrainingActivity
        fields = ["is_research_session", "is_joint_ideological", "programme", "credit_class"]


@extend_schema(tags=["training"])
class ActivityViewSet(
    SchoolScopedAPI,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[TrainingActivity],
):
    """The school's own training activities, newest first."""

    serializer_class = TrainingActivityOutput
    filterset_class = ActivityFilter
    ordering_fields = ["date", "created_at"]
    lookup_value_regex = ID

    def get_queryset(self) -> QuerySet[TrainingActivity]:
        if getattr(self, "swagger_fake_view", False):
            return TrainingActivity.objects.none()
        return activity_list_with_counts(school=self.school)

    def get_serializer_class(self) -> type[TrainingActivityOutput]:
        if self.action == "retrieve":
            return TrainingActivityDetailOutput
        return TrainingActivityOutput

    @extend_schema(request=TrainingActivityInput, responses={201: TrainingActivityOutput})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Record an activity (the school's leader). A research session needs its topic and
        minutes (XH26-A2-1); the errors name those fields."""
        data = TrainingActivityInput(data=request.data)
        data.is_valid(raise_exception=True)
        activity = activity_create(
            district=self.school.district,
            school=self.school,
            actor=request.user,
            **data.validated_data,
        )
        return Response(TrainingActivityOutput(activity).data, status=status.HTTP_201_CREATED)

    @extend_schema(methods=["GET"], request=None, responses=AttendanceOutput(many=True))
    @extend_schema(
        methods=["POST"], request=AttendanceInput, responses={201: AttendanceOutput(many=True)}
    )
    @action(detail=True, methods=["get", "post"])
    def attendance(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """GET: who attended. POST: record teachers of this school (hours default to the
        activity's); those already recorded are left as they are."""
        activity = activity_get(school=self.school, activity_id=kwargs["pk"])
        if request.method == "GET":
            page = self.paginate_queryset(attendance_of(activity=activity))  # type: ignore[arg-type]
            return self.get_paginated_response(AttendanceOutput(page, many=True).data)
        data = AttendanceInput(data=request.data)
        data.is_valid(raise_exception=True)
        ids = sorted(set(data.validated_data["teachers"]))
        teachers = list(school_teachers_by_ids(school=self.school, ids=ids))
        if len(teachers) != len(ids):
            missing = sorted(set(ids) - {t.pk for t in teachers})
            raise ValidationError(
                {"teachers": f"找不到这些教师，或其不属于本校：{'、'.join(map(str, missing))}。"}
            )
        recorded = attendance_record(
            activity=activity,
            teachers=teachers,
            actor=request.user,
            hours=data.validated_data["hours"],
        )
        return Response(AttendanceOutput(recorded, many=True).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        responses=FILE_RESPONSE,
        parameters=[OpenApiParameter("attachment_id", int, OpenApiParameter.PATH)],
    )
    @action(
        detail=True,
        methods=["get"],
        url_path=rf"attachments/(?P<attachment_id>{ID})",
        url_name="attachment-file",
    )
    def attachment_file(self, request: Request, *args: Any, **kwargs: Any) -> HttpResponse:
        """One of the activity's attachments, as an attachment (404 unless it is this
        activity's)."""
        activity = activity_get(school=self.school, activity_id=kwargs["pk"])
        attachment, data = activity_attachment_file(
            activity=activity, attachment_id=kwargs["attachment_id"]
        )
        log_data_access(
            request,
            what="活动附件下载",
            subject=attachment,
            district_id=activity.district_id,
            school_id=activity.school_id,
        )
        return file_response(attachment, data, prefix="activity")
