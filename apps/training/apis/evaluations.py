"""`schools/<school_id>/evaluation-records/`: process and outcome evaluation records
(PT24-EVAL): list, and create (the school's leader; multipart with `file` to attach one)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from apps.people import selectors as people_selectors
from apps.tenancy.api import SchoolScopedAPI
from apps.training.models import EvaluationRecord
from apps.training.selectors.evaluations import evaluation_record_get, evaluation_records
from apps.training.serializers.evaluations import EvaluationInput, EvaluationOutput
from apps.training.services.evaluations import evaluation_record_create


class EvaluationFilter(django_filters.FilterSet):  # type: ignore[misc]  # django-filter is untyped
    """Ids filter as plain numbers: a model-choice filter would tell a prober that another
    school's teacher exists."""

    teacher = django_filters.NumberFilter(field_name="teacher_id")

    class Meta:
        model = EvaluationRecord
        fields = ["teacher", "school_year", "semester", "kind"]


@extend_schema(tags=["evaluations"])
class EvaluationRecordViewSet(
    SchoolScopedAPI,
    mixins.ListModelMixin,
    viewsets.GenericViewSet[EvaluationRecord],
):
    """PT24-EVAL: a school's process and outcome evaluation records, newest first."""

    serializer_class = EvaluationOutput
    filterset_class = EvaluationFilter
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    def get_queryset(self) -> QuerySet[EvaluationRecord]:
        if getattr(self, "swagger_fake_view", False):
            return EvaluationRecord.objects.none()
        return evaluation_records(school=self.school)

    @extend_schema(request=EvaluationInput, responses={201: EvaluationOutput})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Record one piece of evaluation (the school's leader)."""
        data = EvaluationInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        try:
            teacher = people_selectors.teacher_get(school=self.school, teacher_id=values["teacher"])
        except Http404:
            raise ValidationError({"teacher": "找不到该教师，或该教师不属于本校。"}) from None
        upload = values.get("file")
        record = evaluation_record_create(
            school=self.school,
            teacher=teacher,
            actor=request.user,
            school_year=values["school_year"],
            semester=int(values["semester"]),
            kind=values["kind"],
            title=values["title"],
            note=values["note"],
            file_name=upload.name if upload else "",
            data=upload.read(settings.EVIDENCE_MAX_BYTES + 1) if upload else None,
        )
        fresh = evaluation_record_get(school=self.school, record_id=record.pk)
        return Response(EvaluationOutput(fresh).data, status=status.HTTP_201_CREATED)
