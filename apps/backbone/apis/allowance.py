"""XB23-ALLOWANCE API (read-only; pay figures are personal data):
`schools/<school_id>/backbone-allowance/ledger/?year=` for the school's leader and the
district's staff; `districts/<district_id>/backbone-allowance/overview/?year=` for the
district's staff."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from apps.backbone.models import AllowancePayment
from apps.backbone.selectors import allowance as sel
from apps.backbone.serializers.allowance import LedgerOutput, OverviewOutput
from apps.core.schoolyear import today
from apps.tenancy.api import DistrictScopedAPI, SchoolScopedAPI


def _year(request: Request, district: Any) -> int:
    try:
        year = int(request.query_params.get("year", ""))
    except ValueError:
        return sel.default_year(district=district)
    return year if 2000 <= year <= today().year + 1 else sel.default_year(district=district)


@extend_schema(tags=["backbone"])
class SchoolAllowanceViewSet(SchoolScopedAPI, viewsets.GenericViewSet[Any]):
    serializer_class = LedgerOutput
    queryset = AllowancePayment.objects.none()  # the schema's model; reads go through sel
    pagination_class = None

    @extend_schema(responses=LedgerOutput)
    @action(detail=False, methods=["get"])
    def ledger(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        year = _year(request, self.school.district)
        ledger = sel.school_ledger(school=self.school, year=year, today=today())
        return Response(LedgerOutput(ledger).data)


@extend_schema(tags=["backbone"])
class DistrictAllowanceViewSet(DistrictScopedAPI, viewsets.GenericViewSet[Any]):
    serializer_class = OverviewOutput
    queryset = AllowancePayment.objects.none()
    pagination_class = None

    @extend_schema(responses=OverviewOutput(many=True))
    @action(detail=False, methods=["get"])
    def overview(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        year = _year(request, self.district)
        rows = sel.district_overview(district=self.district, year=year, today=today())
        return Response(OverviewOutput(rows, many=True).data)  # type: ignore[arg-type]
