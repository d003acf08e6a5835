"""`districts/<district_id>/cohorts/`: 启航 / 续航 / 领航 cohorts (XH26-TIER): the district's
roles read, its admin creates; `…/<id>/members/` lists the members with their programme
hours and the completion suggestion (GET) or enrols teachers (POST, admin)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from apps.training.models import Cohort
from apps.training.selectors.programmes import (
    cohort_get,
    cohort_list,
    cohort_members,
    district_teachers_by_ids,
)
from apps.training.serializers.programmes import CohortInput, CohortOutput, EnrolInput, MemberOutput
from apps.training.services.programmes import CourseInput, cohort_create, cohort_enrol

from .common import DistrictAdminWritesAPI


@extend_schema(tags=["programmes"])
class CohortViewSet(
    DistrictAdminWritesAPI,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[Cohort],
):
    """XH26-TIER: the district's 启航 / 续航 / 领航 cohorts, newest school year first."""

    serializer_class = CohortOutput
    filterset_fields = ["programme", "school_year"]

    def get_queryset(self) -> QuerySet[Cohort]:
        if getattr(self, "swagger_fake_view", False):
            return Cohort.objects.none()
        return cohort_list(district=self.district).prefetch_related("courses")

    def _fresh(self, cohort: Cohort) -> Response:
        return Response(CohortOutput(self.get_queryset().get(pk=cohort.pk)).data)

    @extend_schema(request=CohortInput, responses={201: CohortOutput})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Create a cohort with its course list (the district's admin)."""
        data = CohortInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        cohort = cohort_create(
            district=self.district,
            actor=request.user,
            programme=values["programme"],
            school_year=values["school_year"],
            name=values["name"],
            required_hours=values["required_hours"],
            courses=[CourseInput(**c) for c in values["courses"]],
        )
        response = self._fresh(cohort)
        response.status_code = status.HTTP_201_CREATED
        return response

    @extend_schema(methods=["GET"], request=None, responses=MemberOutput(many=True))
    @extend_schema(methods=["POST"], request=EnrolInput, responses={201: MemberOutput(many=True)})
    @action(detail=True, methods=["get", "post"], filter_backends=[], pagination_class=None)
    def members(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """GET: members with their programme hours from the ledger this school year and
        `can_complete` (hours ≥ required). POST `{"teachers": [ids]}`: enrol them (the
        district's admin; 启航 takes only teachers within the pack's homeroom years)."""
        cohort = cohort_get(district=self.district, cohort_id=kwargs["pk"])
        code: int = status.HTTP_200_OK
        if request.method == "POST":
            data = EnrolInput(data=request.data)
            data.is_valid(raise_exception=True)
            wanted = set(data.validated_data["teachers"])
            teachers = district_teachers_by_ids(district=self.district, teacher_ids=wanted)
            if len(teachers) != len(wanted):
                raise ValidationError({"teachers": "找不到部分教师，或其不属于本区。"})
            cohort_enrol(cohort=cohort, teachers=teachers, actor=request.user)
            code = status.HTTP_201_CREATED
        wanted_status = request.query_params.get("status", "")
        rows = cohort_members(cohort=cohort, status=wanted_status)
        return Response(MemberOutput(rows, many=True).data, status=code)
