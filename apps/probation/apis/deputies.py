"""`schools/<school_id>/…` of deputies, the reserve pool and lishui's records:

* `deputies/` — the year's deputy posts (`?year=`) with the loop; `deputies/<id>/` one
  post (the assignment's id) with its training path;
* `case-guidance/` — the expert track's case guidance (list, create);
* `reserve/` — the talent reserve pool (list, create, update);
* `home-visits/` — LS15-HOMEVISIT (list, create);
* `eligibility-exceptions/` — LS15-ELIGIBLE's 例外任用 (list, create).

The school comes from the URL (`SchoolScopedAPI`: reads its roles, writes its leader);
every row is fetched through a selector inside it, ids in bodies are resolved there (a
foreign one is a Chinese 400 naming the field); writes go through the services."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from apps.core.schoolyear import current_school_year
from apps.people import selectors as people_selectors
from apps.people.models import HomeroomAssignment, SchoolClass, Teacher
from apps.probation.models import CaseGuidance, EligibilityException, HomeVisit, ReserveEntry
from apps.probation.selectors.deputies import (
    deputy_assignment_get,
    deputy_assignments,
    deputy_row,
    school_cases,
    school_deputies,
)
from apps.probation.selectors.eligibility import school_exceptions, school_home_visits
from apps.probation.selectors.reserve import reserve_entry_get, school_reserve
from apps.probation.serializers.deputies import (
    CaseGuidanceInput,
    CaseGuidanceOutput,
    DeputyDetailOutput,
    DeputyOutput,
    EligibilityExceptionInput,
    EligibilityExceptionOutput,
    HomeVisitInput,
    HomeVisitOutput,
    ReserveEntryInput,
    ReserveEntryOutput,
    ReserveEntryUpdate,
)
from apps.probation.services import (
    case_guidance_add,
    eligibility_exception_record,
    home_visit_add,
    reserve_entry_create,
    reserve_entry_update,
)
from apps.probation.views.school import actor_of
from apps.tenancy.api import SchoolScopedAPI

ID = r"\d+"
YEAR = OpenApiParameter("year", OpenApiTypes.INT, description="学年（起始年份），默认本学年")


def _year(request: Request) -> int:
    value = request.query_params.get("year", "")
    return int(value) if value.isdigit() and 2000 <= int(value) <= 2100 else current_school_year()


def _teacher(school: Any, teacher_id: int) -> Teacher:
    try:
        return people_selectors.teacher_get(school=school, teacher_id=teacher_id)
    except Http404:
        raise ValidationError({"teacher": "找不到该教师，或该教师不属于本校。"}) from None


@extend_schema(tags=["probation"], parameters=[YEAR])
class DeputyViewSet(
    SchoolScopedAPI, mixins.ListModelMixin, mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[HomeroomAssignment],
):  # fmt: skip
    """XH26-DEPUTY: the deputy posts of the year, each with where its loop stands."""

    serializer_class = DeputyOutput
    lookup_value_regex = ID

    def get_queryset(self) -> QuerySet[HomeroomAssignment]:
        if getattr(self, "swagger_fake_view", False):
            return HomeroomAssignment.objects.none()
        return deputy_assignments(school=self.school, school_year=_year(self.request))

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset()) or []
        rows = {
            (r.teacher.pk, r.track): r
            for r in school_deputies(school=self.school, school_year=_year(request))
        }
        data = []
        for assignment in page:
            row = rows[(assignment.teacher_id, assignment.role)]
            own = {"id": assignment.pk, "school_class": assignment.school_class_id}
            data.append(DeputyOutput(row).data | own)
        return self.get_paginated_response(data)

    @extend_schema(responses=DeputyDetailOutput)
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        assignment = deputy_assignment_get(school=self.school, assignment_id=kwargs["pk"])
        return Response(DeputyDetailOutput(deputy_row(assignment=assignment)).data)


@extend_schema(tags=["probation"], parameters=[YEAR])
class CaseGuidanceViewSet(
    SchoolScopedAPI, mixins.ListModelMixin, viewsets.GenericViewSet[CaseGuidance]
):
    """XH26-A2P-1.2: the expert deputies' case guidance of the year (no student named)."""

    serializer_class = CaseGuidanceOutput
    ordering_fields = ["date", "created_at"]

    def get_queryset(self) -> QuerySet[CaseGuidance]:
        if getattr(self, "swagger_fake_view", False):
            return CaseGuidance.objects.none()
        return school_cases(school=self.school, school_year=_year(self.request))

    @extend_schema(request=CaseGuidanceInput, responses={201: CaseGuidanceOutput})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = CaseGuidanceInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        try:
            assignment = deputy_assignment_get(
                school=self.school, assignment_id=values.pop("assignment")
            )
        except Http404:
            raise ValidationError({"assignment": "找不到该副班主任任职，或不属于本校。"}) from None
        case = case_guidance_add(assignment=assignment, actor=actor_of(request), **values)
        return Response(CaseGuidanceOutput(case).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["probation"])
class ReserveViewSet(
    SchoolScopedAPI, mixins.ListModelMixin, mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[ReserveEntry],
):  # fmt: skip
    """XH26-RESERVE: the talent reserve pool (`?status=active|appointed|left`)."""

    serializer_class = ReserveEntryOutput
    ordering_fields = ["entered_on", "created_at"]
    lookup_value_regex = ID
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[ReserveEntry]:
        if getattr(self, "swagger_fake_view", False):
            return ReserveEntry.objects.none()
        return school_reserve(
            school=self.school, status=self.request.query_params.get("status", "")
        )

    def get_object(self) -> ReserveEntry:
        return reserve_entry_get(school=self.school, entry_id=int(self.kwargs["pk"]))

    @extend_schema(request=ReserveEntryInput, responses={201: ReserveEntryOutput})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = ReserveEntryInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        teacher = _teacher(self.school, values.pop("teacher"))
        entry = reserve_entry_create(
            school=self.school, actor=actor_of(request), teacher=teacher, **values
        )
        return Response(ReserveEntryOutput(entry).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ReserveEntryUpdate, responses={200: ReserveEntryOutput})
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        entry = self.get_object()
        data = ReserveEntryUpdate(data=request.data)
        data.is_valid(raise_exception=True)
        given: dict[str, Any] = dict(data.validated_data)
        entry = reserve_entry_update(
            entry=entry, actor=actor_of(request), source=given.get("source", entry.source),
            entered_on=given.get("entered_on", entry.entered_on),
            completed=given.get("completed", entry.completed),
            status=given.get("status", entry.status), note=given.get("note", entry.note),
        )  # fmt: skip
        return Response(ReserveEntryOutput(entry).data)


@extend_schema(tags=["probation"], parameters=[YEAR])
class HomeVisitViewSet(SchoolScopedAPI, mixins.ListModelMixin, viewsets.GenericViewSet[HomeVisit]):
    """LS15-HOMEVISIT: homes visited per class (counts only: no student's data)."""

    serializer_class = HomeVisitOutput
    ordering_fields = ["date", "created_at"]

    def get_queryset(self) -> QuerySet[HomeVisit]:
        if getattr(self, "swagger_fake_view", False):
            return HomeVisit.objects.none()
        return school_home_visits(school=self.school, school_year=_year(self.request))

    @extend_schema(request=HomeVisitInput, responses={201: HomeVisitOutput})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = HomeVisitInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        try:
            school_class: SchoolClass = people_selectors.class_get(
                school=self.school, class_id=values.pop("school_class")
            )
        except Http404:
            raise ValidationError({"school_class": "找不到该班级，或该班级不属于本校。"}) from None
        visit = home_visit_add(
            school=self.school, actor=actor_of(request), school_class=school_class, **values
        )
        return Response(HomeVisitOutput(visit).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["probation"])
class EligibilityExceptionViewSet(
    SchoolScopedAPI, mixins.ListModelMixin, viewsets.GenericViewSet[EligibilityException]
):
    """LS15-ELIGIBLE: 例外任用 recorded by the school's leader, with the reason."""

    serializer_class = EligibilityExceptionOutput
    ordering_fields = ["school_year", "recorded_on"]

    def get_queryset(self) -> QuerySet[EligibilityException]:
        if getattr(self, "swagger_fake_view", False):
            return EligibilityException.objects.none()
        return school_exceptions(school=self.school)

    @extend_schema(request=EligibilityExceptionInput, responses={201: EligibilityExceptionOutput})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = EligibilityExceptionInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        teacher = _teacher(self.school, values.pop("teacher"))
        found = eligibility_exception_record(
            school=self.school, actor=actor_of(request), teacher=teacher, **values
        )
        return Response(EligibilityExceptionOutput(found).data, status=status.HTTP_201_CREATED)
