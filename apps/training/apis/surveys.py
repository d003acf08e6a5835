"""`districts/<district_id>/surveys/` and `schools/<school_id>/surveys/`: needs surveys
(PT24-NEEDS): list, publish (the district's admin / the school's leader), and
`…/<id>/tallies/` with counts and shares per choice."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from apps.tenancy.api import SchoolScopedAPI
from apps.training.models import Survey
from apps.training.selectors.surveys import survey_get, survey_list, survey_tallies
from apps.training.serializers.surveys import SurveyInput, SurveyOutput, TalliesOutput
from apps.training.services.surveys import survey_create

from .common import DistrictAdminWritesAPI


class _SurveyViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[Survey],
):
    serializer_class = SurveyOutput
    filterset_fields = ["is_open"]

    def scope(self) -> dict[str, Any]:
        raise NotImplementedError

    def get_queryset(self) -> QuerySet[Survey]:
        if getattr(self, "swagger_fake_view", False):
            return Survey.objects.none()
        return survey_list(**self.scope())

    @extend_schema(request=SurveyInput, responses={201: SurveyOutput})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Publish a survey; its questions are fixed once published."""
        data = SurveyInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        school = self.scope().get("school")
        survey = survey_create(
            district=school.district if school else self.scope()["district"],
            school=school,
            actor=request.user,
            title=values["title"],
            questions=[dict(q) for q in values["questions"]],
            is_open=values["is_open"],
        )
        fresh = self.get_queryset().get(pk=survey.pk)
        return Response(SurveyOutput(fresh).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=TalliesOutput)
    @action(detail=True, methods=["get"])
    def tallies(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Respondents, audience, and per question the count and share of each choice."""
        survey = survey_get(survey_id=kwargs["pk"], **self.scope())
        return Response(TalliesOutput(survey_tallies(survey=survey)).data)


@extend_schema(tags=["surveys"])
class DistrictSurveyViewSet(DistrictAdminWritesAPI, _SurveyViewSet):
    """PT24-NEEDS: the district's own surveys (addressed to all its teachers)."""

    def scope(self) -> dict[str, Any]:
        return {"district": self.district}


@extend_schema(tags=["surveys"])
class SchoolSurveyViewSet(SchoolScopedAPI, _SurveyViewSet):
    """PT24-NEEDS: a school's surveys (addressed to its teachers)."""

    def scope(self) -> dict[str, Any]:
        return {"school": self.school}
