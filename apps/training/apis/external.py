"""`schools/<school_id>/external-training/`: the teachers' external records (list,
retrieve); `…/<id>/review/` verifies or returns one (学时审定); `…/<id>/file/` downloads its
evidence. `me/training/`: the caller's own progress and external records; POST logs one."""

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
from rest_framework.views import APIView

from apps.core.access_log import log_data_access
from apps.core.schema import NOT_FOUND
from apps.core.schoolyear import current_school_year
from apps.core.web import file_response, read_upload
from apps.people import selectors as people_selectors
from apps.tenancy.api import SchoolScopedAPI
from apps.training.models import ExternalTraining
from apps.training.selectors.credits import progress_missing, teacher_progress
from apps.training.selectors.external import (
    external_detail,
    external_file_data,
    external_queue,
    own_external,
)
from apps.training.serializers.external import (
    ExternalCorrectInput,
    ExternalReviewInput,
    ExternalTrainingInput,
    ExternalTrainingOutput,
    MyTrainingOutput,
)
from apps.training.services.external import (
    external_correct,
    external_review,
    external_submit,
    external_withdraw,
)

from .common import FILE_RESPONSE, ID

MY_RECORDS_LIMIT = 100


class ExternalFilter(django_filters.FilterSet):  # type: ignore[misc]  # django-filter is untyped
    teacher = django_filters.NumberFilter(field_name="teacher_id")

    class Meta:
        model = ExternalTraining
        fields = ["status", "credit_class"]


@extend_schema(tags=["training"])
class ExternalViewSet(
    SchoolScopedAPI,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[ExternalTraining],
):
    """学时审定: the teachers' external records; those waiting first when filtered by
    `status=submitted`."""

    serializer_class = ExternalTrainingOutput
    filterset_class = ExternalFilter
    ordering_fields = ["date", "created_at"]
    lookup_value_regex = ID

    def get_queryset(self) -> QuerySet[ExternalTraining]:
        if getattr(self, "swagger_fake_view", False):
            return ExternalTraining.objects.none()
        return external_queue(
            school=self.school, status=self.request.query_params.get("status", "")
        )

    @extend_schema(request=ExternalReviewInput, responses=ExternalTrainingOutput)
    @action(detail=True, methods=["post"])
    def review(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Verify (the hours enter the ledger) or return with a comment (the school's
        leader; a record still waiting only)."""
        record = external_detail(school=self.school, record_id=kwargs["pk"])
        data = ExternalReviewInput(data=request.data)
        data.is_valid(raise_exception=True)
        reviewed = external_review(
            record=record,
            reviewer=request.user,
            verify=data.validated_data["decision"] == "verify",
            comment=data.validated_data["comment"],
        )
        return Response(ExternalTrainingOutput(reviewed).data)

    @extend_schema(responses=FILE_RESPONSE)
    @action(detail=True, methods=["get"])
    def file(self, request: Request, *args: Any, **kwargs: Any) -> HttpResponse:
        """The record's evidence file, as an attachment (404 when it has none)."""
        record = external_detail(school=self.school, record_id=kwargs["pk"])
        log_data_access(request, what="校外培训证明下载", subject=record)
        return file_response(record, external_file_data(record=record), prefix="training")

    @extend_schema(request=ExternalCorrectInput, responses=ExternalTrainingOutput)
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser, JSONParser])
    def correct(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Correct a record still waiting (the leader who logged it; the fields sent
        change, `file` replaces the evidence); once verified, only a ledger reversal."""
        record = external_detail(school=self.school, record_id=kwargs["pk"])
        return Response(ExternalTrainingOutput(_corrected(request, record)).data)

    @extend_schema(request=None, responses=ExternalTrainingOutput)
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Withdraw a record still waiting (the leader who logged it)."""
        record = external_detail(school=self.school, record_id=kwargs["pk"])
        return Response(
            ExternalTrainingOutput(external_withdraw(record=record, actor=request.user)).data
        )


def _corrected(request: Request, record: ExternalTraining) -> ExternalTraining:
    """`external_correct` with the request's fields and file."""
    data = ExternalCorrectInput(data=request.data)
    data.is_valid(raise_exception=True)
    values = dict(data.validated_data)
    file_name, content = read_upload(values.pop("file", None))
    return external_correct(
        record=record, actor=request.user, file_name=file_name, data=content, **values
    )


@extend_schema(tags=["training"])
class MyExternalViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet[ExternalTraining]):
    """`me/training/records/<id>/`: one of the caller's own external records; while it
    waits they may correct (`correct/`) or withdraw (`withdraw/`) it. Another teacher's
    record is a 404, like one that does not exist."""

    serializer_class = ExternalTrainingOutput
    lookup_value_regex = ID

    def get_queryset(self) -> QuerySet[ExternalTraining]:
        if getattr(self, "swagger_fake_view", False):
            return ExternalTraining.objects.none()
        teachers = list(people_selectors.teacher_records_of(user=self.request.user))  # type: ignore[arg-type]
        return own_external(teachers=teachers)

    @extend_schema(request=ExternalCorrectInput, responses=ExternalTrainingOutput)
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser, JSONParser])
    def correct(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Correct my record while it waits (the fields sent change; `file` replaces the
        evidence). A verified record is changed only by the school's ledger reversal."""
        return Response(ExternalTrainingOutput(_corrected(request, self.get_object())).data)

    @extend_schema(request=None, responses=ExternalTrainingOutput)
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Withdraw my record while it waits; it never counts, its history stays."""
        record = external_withdraw(record=self.get_object(), actor=request.user)
        return Response(ExternalTrainingOutput(record).data)


class MyTrainingView(APIView):
    """The caller's own training: this school year's progress for each of their teacher
    records, and their latest external records. POST logs one (multipart with `file`)."""

    parser_classes = [MultiPartParser, FormParser, JSONParser]

    def _teachers(self, request: Request) -> list[Any]:
        return list(people_selectors.teacher_records_of(user=request.user))  # type: ignore[arg-type]

    @extend_schema(tags=["training"], responses=MyTrainingOutput)
    def get(self, request: Request) -> Response:
        teachers = self._teachers(request)
        year = current_school_year()
        records = []
        for teacher in teachers:
            progress = teacher_progress(teacher=teacher, school_year=year)
            progress["missing"] = progress_missing(progress)
            records.append({"teacher": teacher, "progress": progress})
        external = own_external(teachers=teachers)[:MY_RECORDS_LIMIT] if teachers else []
        data = {"school_year": year, "records": records, "external": external}
        return Response(MyTrainingOutput(data).data)

    @extend_schema(
        tags=["training"],
        request=ExternalTrainingInput,
        responses={201: ExternalTrainingOutput, 404: NOT_FOUND},  # no teacher record
    )
    def post(self, request: Request) -> Response:
        teachers = self._teachers(request)
        if not teachers:
            raise Http404
        data = ExternalTrainingInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        wanted = values.pop("teacher", None)
        teacher = next((t for t in teachers if wanted in (None, t.pk)), None)
        if teacher is None:
            raise ValidationError({"teacher": "只能为自己的教师档案登记培训。"})
        file_name, content = read_upload(values.pop("file", None))
        record = external_submit(
            teacher=teacher, actor=request.user, file_name=file_name, data=content, **values
        )
        return Response(ExternalTrainingOutput(record).data, status=status.HTTP_201_CREATED)
