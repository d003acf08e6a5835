"""`districts/<district_id>/research-sessions/`: the schools' recorded research sessions of
a school year (`?year=`, `?school=`) with their homeroom attendance and spot-check; the
district's reviewers and admins POST `…/<id>/spot-check/` (XH26-A2-1 "杜绝事务性替代")."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, mixins, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from apps.core.schoolyear import current_school_year
from apps.tenancy.access import access_district
from apps.tenancy.api import DistrictScopedAPI
from apps.tenancy.models import Role
from apps.training.models import TrainingActivity
from apps.training.selectors.research import research_session_get, research_sessions
from apps.training.serializers.research import (
    ResearchSessionOutput,
    SpotCheckInput,
    SpotCheckOutput,
)
from apps.training.services.research import session_spot_check

CHECKERS = {Role.DISTRICT_REVIEWER, Role.DISTRICT_ADMIN}


def _number(value: str | None, default: int | None) -> int | None:
    return int(value) if value and value.isdigit() else default


def _year(value: str | None) -> int:
    """`?year=`: this school year when absent; one from 2000 to next year, else a 400."""
    current = current_school_year()
    year = _number(value, None) or current
    if not 2000 <= year <= current + 1:
        raise exceptions.ValidationError({"year": f"学年须为 2000 至 {current + 1} 之间的年份。"})
    return year


@extend_schema(
    tags=["training"],
    parameters=[
        OpenApiParameter("year", OpenApiTypes.INT, description="学年（起始年份），默认本学年"),
        OpenApiParameter("school", OpenApiTypes.INT, description="只看本区某校"),
    ],
)
class ResearchSessionViewSet(
    DistrictScopedAPI, mixins.ListModelMixin, viewsets.GenericViewSet[TrainingActivity]
):
    """XH26-A2-1: the schools' research sessions, for the district's spot-check."""

    serializer_class = ResearchSessionOutput

    def get_queryset(self) -> QuerySet[TrainingActivity]:
        if getattr(self, "swagger_fake_view", False):
            return TrainingActivity.objects.none()
        params = self.request.query_params
        return research_sessions(
            district=self.district,
            school_year=_year(params.get("year")),
            school_id=_number(params.get("school"), None),
        )

    @extend_schema(request=SpotCheckInput, responses={200: SpotCheckOutput})
    @action(detail=True, methods=["post"], url_path="spot-check")
    def spot_check(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """`{"counts": false, "reason": "…"}`: 不计入 with the reason the school will read."""
        access_district(request.user, self.district.pk, roles=CHECKERS)  # type: ignore[arg-type]
        activity = research_session_get(district=self.district, activity_id=kwargs["pk"])
        data = SpotCheckInput(data=request.data)
        data.is_valid(raise_exception=True)
        check = session_spot_check(
            activity=activity,
            reviewer=request.user,
            counts=data.validated_data["counts"],
            reason=data.validated_data["reason"],
        )
        return Response(SpotCheckOutput(check).data)
