"""`schools/<school_id>/ledger/`: the hours ledger (filter `school_year`, `semester`,
`teacher`, `kind`); `…/<id>/reverse/` reverses a row with a reason."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from apps.tenancy.api import SchoolScopedAPI
from apps.training.models import LedgerEntry
from apps.training.selectors.ledger import ledger_entry_detail, ledger_list
from apps.training.serializers.ledger import LedgerEntryOutput, LedgerReverseInput
from apps.training.services.ledger import ledger_reverse

from .common import ID


class LedgerFilter(django_filters.FilterSet):  # type: ignore[misc]  # django-filter is untyped
    teacher = django_filters.NumberFilter(field_name="teacher_id")

    class Meta:
        model = LedgerEntry
        fields = ["school_year", "semester", "kind", "credit_class"]


@extend_schema(tags=["training"])
class LedgerViewSet(
    SchoolScopedAPI,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[LedgerEntry],
):
    """The hours ledger (immutable rows; corrections are reversal rows)."""

    serializer_class = LedgerEntryOutput
    filterset_class = LedgerFilter
    ordering_fields = ["date", "created_at"]
    lookup_value_regex = ID

    def get_queryset(self) -> QuerySet[LedgerEntry]:
        if getattr(self, "swagger_fake_view", False):
            return LedgerEntry.objects.none()
        return ledger_list(school=self.school)

    @extend_schema(request=LedgerReverseInput, responses={201: LedgerEntryOutput})
    @action(detail=True, methods=["post"])
    def reverse(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Reverse a row with the reason (kept for good); a row is reversed once, and a
        reversal is not itself reversed."""
        entry = ledger_entry_detail(school=self.school, entry_id=kwargs["pk"])
        data = LedgerReverseInput(data=request.data)
        data.is_valid(raise_exception=True)
        reversal = ledger_reverse(
            entry=entry, actor=request.user, reason=data.validated_data["reason"]
        )
        fresh = ledger_entry_detail(school=self.school, entry_id=reversal.pk)
        return Response(LedgerEntryOutput(fresh).data, status=status.HTTP_201_CREATED)
