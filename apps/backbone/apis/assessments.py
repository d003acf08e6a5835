"""XB23-ASSESS API (read only): `districts/<district_id>/backbone/assessments/` — the
district's members with their results and consequences (`?cohort=`), for the district's
roles; `me/backbone/assessments/` — the caller's own. Writes are the portal's pages."""

from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets

from apps.backbone.models import BackboneMember
from apps.backbone.selectors.assessments import (
    district_members_with_results,
    own_members_with_results,
)
from apps.backbone.serializers.assessments import MemberResultsOutput
from apps.tenancy.api import DistrictScopedAPI


@extend_schema(tags=["backbone"])
class DistrictAssessmentViewSet(
    DistrictScopedAPI, mixins.ListModelMixin, viewsets.GenericViewSet[BackboneMember]
):
    """The district's backbone members with their results and consequences."""

    serializer_class = MemberResultsOutput

    def get_queryset(self) -> QuerySet[BackboneMember]:
        if getattr(self, "swagger_fake_view", False):
            return BackboneMember.objects.none()
        cohort = self.request.query_params.get("cohort", "")
        return district_members_with_results(
            district=self.district, cohort_id=int(cohort) if cohort.isdigit() else None
        )


@extend_schema(tags=["backbone"])
class MyAssessmentViewSet(mixins.ListModelMixin, viewsets.GenericViewSet[BackboneMember]):
    """The caller's own memberships with their results and consequences."""

    serializer_class = MemberResultsOutput

    def get_queryset(self) -> QuerySet[BackboneMember]:
        if getattr(self, "swagger_fake_view", False):
            return BackboneMember.objects.none()
        return own_members_with_results(user=self.request.user)
