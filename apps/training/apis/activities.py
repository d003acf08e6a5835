"""/api/v1/ of training.

* `schools/<school_id>/training-activities/` — the school's activities (list, create,
  retrieve, the retrieve with its attachments); `…/<id>/attendance/` lists the sign-in
  (GET) or records teachers (POST `{"teachers": [ids], "hours": {"<id>": h}}`);
  `…/<id>/attachments/<attachment_id>/` downloads an attachment (uploads are on the
  activity's page);
* `schools/<school_id>/external-training/` — the teachers' external records (list,
  retrieve); `…/<id>/review/` verifies or returns one (学时审定); `…/<id>/file/` downloads
  its evidence;
* `schools/<school_id>/ledger/` — the hours ledger (filter `school_year`, `semester`,
  `teacher`, `kind`); `…/<id>/reverse/` reverses a row with a reason;
* `schools/<school_id>/credits/` — end-of-semester credits (list); POST `{"school_year",
  "semester"}` assigns them by the district's conversion;
* `schools/<school_id>/archive-entries/` — development-archive entries (list, create,
  retrieve; `…/<id>/file/`);
* `me/training/` — the caller's own progress and external records; POST logs one.

The school comes from the URL through `SchoolScopedAPI` (reads: its leader and its
district's roles; writes: its leader); every row is fetched through a selector scoped to
it, so another school's row is a 404. Writes go through the services. Ids in filters and
bodies are plain numbers resolved inside the scope, never model choices (no existence
oracle).
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter
from rest_framework.views import APIView

from apps.core.schoolyear import current_school_year
from apps.people import selectors as people_selectors
from apps.tenancy.api import SchoolScopedAPI

from . import selectors, services
from .downloads import file_response
from .models import ArchiveEntry, CreditAssignment, ExternalTraining, LedgerEntry, TrainingActivity
from .serializers import (
    ArchiveEntryInput,
    ArchiveEntryOutput,
    AttendanceInput,
    AttendanceOutput,
    CreditAssignInput,
    CreditAssignmentOutput,
    ExternalReviewInput,
    ExternalTrainingInput,
    ExternalTrainingOutput,
    LedgerEntryOutput,
    LedgerReverseInput,
    MyTrainingOutput,
    TrainingActivityDetailOutput,
    TrainingActivityInput,
    TrainingActivityOutput,
)

FILE_RESPONSE = {
    (200, "application/octet-stream"): OpenApiResponse(
        description="证明材料（PDF、Word、Excel 或图片），以附件形式下载"
    )
}
ID = r"\d+"
MY_RECORDS_LIMIT = 100


def _upload(data: dict[str, Any]) -> tuple[str, bytes | None]:
    upload = data.pop("file", None)
    if not upload:
        return "", None
    # One byte over the limit is enough for the service to refuse a file that is too large.
    return upload.name, upload.read(settings.EVIDENCE_MAX_BYTES + 1)


# --------------------------------------------------------------------------- filters


class ActivityFilter(django_filters.FilterSet):
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte")
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte")

    class Meta:
        model = TrainingActivity
        fields = ["is_research_session", "is_joint_ideological", "programme", "credit_class"]


class ExternalFilter(django_filters.FilterSet):
    teacher = django_filters.NumberFilter(field_name="teacher_id")

    class Meta:
        model = ExternalTraining
        fields = ["status", "credit_class"]


class LedgerFilter(django_filters.FilterSet):
    teacher = django_filters.NumberFilter(field_name="teacher_id")

    class Meta:
        model = LedgerEntry
        fields = ["school_year", "semester", "kind", "credit_class"]


class CreditFilter(django_filters.FilterSet):
    teacher = django_filters.NumberFilter(field_name="teacher_id")

    class Meta:
        model = CreditAssignment
        fields = ["school_year", "semester"]


class ArchiveFilter(django_filters.FilterSet):
    teacher = django_filters.NumberFilter(field_name="teacher_id")

    class Meta:
        model = ArchiveEntry
        fields = ["kind", "level"]


# --------------------------------------------------------------------------- school-scoped


@extend_schema(tags=["training"])
class ActivityViewSet(
    SchoolScopedAPI,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """The school's own training activities, newest first."""

    serializer_class = TrainingActivityOutput
    filterset_class = ActivityFilter
    ordering_fields = ["date", "created_at"]
    lookup_value_regex = ID

    def get_queryset(self) -> QuerySet[TrainingActivity]:
        if getattr(self, "swagger_fake_view", False):
            return TrainingActivity.objects.none()
        return selectors.activity_list_with_counts(school=self.school)

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
        activity = services.activity_create(
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
        activity = selectors.activity_get(school=self.school, activity_id=kwargs["pk"])
        if request.method == "GET":
            page = self.paginate_queryset(selectors.attendance_of(activity=activity))
            return self.get_paginated_response(AttendanceOutput(page, many=True).data)
        data = AttendanceInput(data=request.data)
        data.is_valid(raise_exception=True)
        ids = sorted(set(data.validated_data["teachers"]))
        teachers = list(selectors.school_teachers_by_ids(school=self.school, ids=ids))
        if len(teachers) != len(ids):
            missing = sorted(set(ids) - {t.pk for t in teachers})
            raise ValidationError(
                {"teachers": f"找不到这些教师，或其不属于本校：{'、'.join(map(str, missing))}。"}
            )
        recorded = services.attendance_record(
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
        activity = selectors.activity_get(school=self.school, activity_id=kwargs["pk"])
        attachment, data = selectors.activity_attachment_file(
            activity=activity, attachment_id=kwargs["attachment_id"]
        )
        return file_response(attachment, data, prefix="activity")


@extend_schema(tags=["training"])
class ExternalViewSet(
    SchoolScopedAPI,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
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
        return selectors.external_queue(
            school=self.school, status=self.request.query_params.get("status", "")
        )

    @extend_schema(request=ExternalReviewInput, responses=ExternalTrainingOutput)
    @action(detail=True, methods=["post"])
    def review(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Verify (the hours enter the ledger) or return with a comment (the school's
        leader; a record still waiting only)."""
        record = selectors.external_detail(school=self.school, record_id=kwargs["pk"])
        data = ExternalReviewInput(data=request.data)
        data.is_valid(raise_exception=True)
        reviewed = services.external_review(
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
        record = selectors.external_detail(school=self.school, record_id=kwargs["pk"])
        return file_response(record, selectors.external_file_data(record=record))


@extend_schema(tags=["training"])
class LedgerViewSet(
    SchoolScopedAPI,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """The hours ledger (immutable rows; corrections are reversal rows)."""

    serializer_class = LedgerEntryOutput
    filterset_class = LedgerFilter
    ordering_fields = ["date", "created_at"]
    lookup_value_regex = ID

    def get_queryset(self) -> QuerySet[LedgerEntry]:
        if getattr(self, "swagger_fake_view", False):
            return LedgerEntry.objects.none()
        return selectors.ledger_list(school=self.school)

    @extend_schema(request=LedgerReverseInput, responses={201: LedgerEntryOutput})
    @action(detail=True, methods=["post"])
    def reverse(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Reverse a row with the reason (kept for good); a row is reversed once, and a
        reversal is not itself reversed."""
        entry = selectors.ledger_entry_detail(school=self.school, entry_id=kwargs["pk"])
        data = LedgerReverseInput(data=request.data)
        data.is_valid(raise_exception=True)
        reversal = services.ledger_reverse(
            entry=entry, actor=request.user, reason=data.validated_data["reason"]
        )
        fresh = selectors.ledger_entry_detail(school=self.school, entry_id=reversal.pk)
        return Response(LedgerEntryOutput(fresh).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["training"])
class CreditViewSet(SchoolScopedAPI, mixins.ListModelMixin, viewsets.GenericViewSet):
    """PT24-CREDIT: the credits assigned per teacher and semester."""

    serializer_class = CreditAssignmentOutput
    filterset_class = CreditFilter

    def get_queryset(self) -> QuerySet[CreditAssignment]:
        if getattr(self, "swagger_fake_view", False):
            return CreditAssignment.objects.none()
        return selectors.credit_list(school=self.school)

    @extend_schema(request=CreditAssignInput, responses={201: CreditAssignmentOutput(many=True)})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Assign a semester's credits to every active teacher by the district's conversion
        (replacing earlier ones for that semester; the school's leader)."""
        data = CreditAssignInput(data=request.data)
        data.is_valid(raise_exception=True)
        params = selectors.credit_params(district=self.school.district)
        if params is None:
            raise ValidationError(
                {"non_field_errors": "本区采用的政策包未规定学时与学分的折算，无法赋分。"}
            )
        rows = services.credits_assign_semester(
            school=self.school,
            school_year=data.validated_data["school_year"],
            semester=int(data.validated_data["semester"]),
            actor=request.user,
            params=params,
        )
        return Response(
            CreditAssignmentOutput(rows, many=True).data, status=status.HTTP_201_CREATED
        )


@extend_schema(tags=["training"])
class ArchiveEntryViewSet(
    SchoolScopedAPI,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
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
        return selectors.archive_list(school=self.school)

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
        file_name, content = _upload(values)
        entry = services.archive_entry_create(
            teacher=teacher, actor=request.user, file_name=file_name, data=content, **values
        )
        return Response(ArchiveEntryOutput(entry).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=FILE_RESPONSE)
    @action(detail=True, methods=["get"])
    def file(self, request: Request, *args: Any, **kwargs: Any) -> HttpResponse:
        entry = selectors.archive_entry_get(school=self.school, entry_id=kwargs["pk"])
        return file_response(entry, selectors.archive_file_data(entry=entry), prefix="archive")


# --------------------------------------------------------------------------- the caller's own


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
            progress = selectors.teacher_progress(teacher=teacher, school_year=year)
            progress["missing"] = selectors.progress_missing(progress)
            records.append({"teacher": teacher, "progress": progress})
        external = selectors.own_external(teachers=teachers)[:MY_RECORDS_LIMIT] if teachers else []
        data = {"school_year": year, "records": records, "external": external}
        return Response(MyTrainingOutput(data).data)

    @extend_schema(
        tags=["training"], request=ExternalTrainingInput, responses={201: ExternalTrainingOutput}
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
        file_name, content = _upload(values)
        record = services.external_submit(
            teacher=teacher, actor=request.user, file_name=file_name, data=content, **values
        )
        return Response(ExternalTrainingOutput(record).data, status=status.HTTP_201_CREATED)


router = DefaultRouter()
router.include_root_view = False
router.include_format_suffixes = False
SCHOOL = r"schools/(?P<school_id>\d+)"
router.register(f"{SCHOOL}/training-activities", ActivityViewSet, basename="training-activity")
router.register(f"{SCHOOL}/external-training", ExternalViewSet, basename="external-training")
router.register(f"{SCHOOL}/ledger", LedgerViewSet, basename="ledger-entry")
router.register(f"{SCHOOL}/credits", CreditViewSet, basename="credit")
router.register(f"{SCHOOL}/archive-entries", ArchiveEntryViewSet, basename="archive-entry")
