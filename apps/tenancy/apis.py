"""/api/v1/schools/ and /api/v1/me/: the schools a caller may read, and who they are."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter
from rest_framework.views import APIView

from .access import memberships_of, schools_visible_to
from .models import School
from .serializers import MeOutput, SchoolOutput


class SchoolFilter(django_filters.FilterSet):  # type: ignore[misc]  # django-filter is untyped
    district = django_filters.NumberFilter(field_name="district_id")  # no existence oracle

    class Meta:
        model = School
        fields = ["school_type", "is_rural"]


class SchoolViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[School]
):
    """Schools visible to the caller: all of their districts' schools and those they lead."""

    serializer_class = SchoolOutput
    filterset_class = SchoolFilter
    ordering_fields = ["code", "name"]

    def get_queryset(self) -> QuerySet[School]:
        if getattr(self, "swagger_fake_view", False):
            return School.objects.none()
        schools = schools_visible_to(self.request.user)  # type: ignore[arg-type]
        if self.action == "list":  # a closed school leaves the lists; it can still be read
            schools = schools.filter(closed_at__isnull=True)
        return schools.select_related("district", "education_group").order_by("district_id", "code")


class MeView(APIView):
    @extend_schema(responses=MeOutput)
    def get(self, request: Request) -> Response:
        user = request.user
        data = {
            "id": user.pk,
            "username": user.get_username(),
            "display_name": getattr(user, "display_name", user.get_username()),
            "memberships": memberships_of(user),
        }
        return Response(MeOutput(data).data)


router = DefaultRouter()
router.include_root_view = False
router.include_format_suffixes = False
router.register("schools", SchoolViewSet, basename="school")
