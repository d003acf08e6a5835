"""`schools/<school_id>/credits/`: end-of-semester credits (list); POST `{"school_year",
"semester"}` assigns them by the district's conversion (PT24-CREDIT)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from apps.tenancy.api import SchoolScopedAPI
from apps.training.models import CreditAssignment
from apps.training.selectors.credits import credit_list, credit_params
from apps.training.serializers.ledger import CreditAssignInput, CreditAssignmentOutput
from apps.training.services.credits import credits_assign_semester


class CreditFilter(django_filters.FilterSet):  # type: ignore[misc]  # django-filter is untyped
    teacher = django_filters.NumberFilter(field_name="teacher_id")

    class Meta:
        model = CreditAssignment
        fields = ["school_year", "semester"]


@extend_schema(tags=["training"])
class CreditViewSet(
    SchoolScopedAPI, mixins.ListModelMixin, viewsets.GenericViewSet[CreditAssignment]
):
    """PT24-CREDIT: the credits assigned per teacher and semester."""

    serializer_class = CreditAssignmentOutput
    filterset_class = CreditFilter

    def get_queryset(self) -> QuerySet[CreditAssignment]:
        if getattr(self, "swagger_fake_view", False):
            return CreditAssignment.objects.none()
        return credit_list(school=self.school)

    @extend_schema(request=CreditAssignInput, responses={201: CreditAssignmentOutput(many=True)})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Assign a semester's credits to every active teacher by the district's conversion
        (replacing earlier ones for that semester; the school's leader)."""
        data = CreditAssignInput(data=request.data)
        data.is_valid(raise_exception=True)
        params = credit_params(district=self.school.district)
        if params is None:
            raise ValidationError(
                {"non_field_errors": "本区采用的政策包未规定学时与学分的折算，无法赋分。"}
            )
        rows = credits_assign_semester(
            school=self.school,
            school_year=data.validated_data["school_year"],
            semester=int(data.validated_data["semester"]),
            actor=request.user,
            params=params,
        )
        return Response(
            CreditAssignmentOutput(rows, many=True).data, status=status.HTTP_201_CREATED
        )
