"""/api/v1/ of the compliance engine.

* `policy-packs/` — the loaded packs with their parameters and indicator catalogue
  (public policy: any signed-in user reads them);
* `districts/<district_id>/compliance-runs/` — a district's runs; POST starts one (202,
  idempotent: unchanged data answers the run already made);
* `districts/<district_id>/compliance-results/` and `schools/<school_id>/compliance-results/`
  — the latest result per (school, indicator) of a school year, filterable; with
  `?semester=1|2` those of one semester, which the rules judged per semester have
  (PT24-CREDIT); `…/compliance-results/periods/` lists the periods there are results for;
* `districts/<district_id>/parameter-overrides/` — the district's parameter history; POST
  (district admin of that district only) records a new value;
* `districts/<district_id>/policy-pack-choice/` — the packs the district follows, those it
  may choose, and who changed the choice when and why; POST (its admin only) changes it,
  with a reason.

The district or school comes from the URL through `DistrictScopedAPI`/`SchoolScopedAPI`;
querysets come from the selectors, writes go through the services.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter
from rest_framework.serializers import BaseSerializer
from rest_framework.views import APIView

from apps.core.schoolyear import current_school_year
from apps.tenancy.access import memberships_of
from apps.tenancy.api import DistrictScopedAPI, SchoolScopedAPI
from apps.tenancy.models import District, Role, School

from . import selectors, services
from .models import (
    ComplianceResult,
    ComplianceRun,
    Indicator,
    ParameterOverride,
    PolicyPack,
    ResultStatus,
    RunTrigger,
)
from .serializers import (
    IndicatorOutput,
    OverrideInput,
    OverrideOutput,
    PackChoiceInput,
    PackChoiceOutput,
    PeriodOutput,
    PolicyPackOutput,
    ResultOutput,
    ResultQuery,
    RunInput,
    RunOutput,
)

# --------------------------------------------------------------------------- policy packs


@extend_schema(tags=["policy-packs"])
class PolicyPackViewSet(viewsets.ReadOnlyModelViewSet[PolicyPack]):
    """Policy packs as loaded from `fixtures/policy/` (every version), with parameters."""

    serializer_class = PolicyPackOutput
    filterset_fields = ["code"]
    ordering_fields = ["code", "version"]

    def get_queryset(self) -> QuerySet[PolicyPack]:
        return selectors.policy_pack_list()

    @extend_schema(responses=IndicatorOutput(many=True), filters=False)
    @action(detail=True, methods=["get"], serializer_class=IndicatorOutput, pagination_class=None)
    def indicators(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """The pack's whole indicator catalogue (a few dozen rows), in the pack's order."""
        queryset: QuerySet[Indicator] = selectors.pack_indicators(pack=self.get_object())
        return Response(IndicatorOutput(queryset, many=True).data)


# --------------------------------------------------------------------------- runs


@extend_schema(tags=["compliance-runs"])
class ComplianceRunViewSet(
    DistrictScopedAPI,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet[ComplianceRun],
):
    """A district's runs, newest first; poll one for `state`, `progress` and `percent`."""

    filterset_fields = ["school_year", "state"]
    ordering_fields = ["created_at", "finished_at"]

    def get_serializer_class(self) -> type[BaseSerializer[Any]]:
        return RunInput if self.action == "create" else RunOutput

    def get_queryset(self) -> QuerySet[ComplianceRun]:
        if getattr(self, "swagger_fake_view", False):
            return ComplianceRun.objects.none()
        return selectors.run_list(district=self.district)

    @extend_schema(request=RunInput, responses={202: RunOutput})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Start a run of the district's packs for a school year (any district role).

        The same district, year, reference date, pack versions and data answer the run
        already made, so a double click or a retry does not evaluate twice."""
        data = RunInput(data=request.data)
        data.is_valid(raise_exception=True)
        run = services.run_start(
            district=self.district,
            school_year=data.validated_data["school_year"],
            trigger=RunTrigger.MANUAL,
            actor=request.user,  # type: ignore[arg-type]
        )
        return Response(RunOutput(run).data, status=status.HTTP_202_ACCEPTED)


# --------------------------------------------------------------------------- results


class SchoolResultFilter(django_filters.FilterSet):  # type: ignore[misc]  # django-filter is untyped
    """Filters on `selectors.result_rows`: among the current results only (ADR 0013)."""

    category = django_filters.CharFilter(
        field_name="indicator__category_zh", help_text="指标类别（如 选聘配备）"
    )
    status = django_filters.ChoiceFilter(choices=ResultStatus.choices)
    indicator = django_filters.CharFilter(field_name="indicator_code", help_text="指标编号")

    class Meta:
        model = ComplianceResult
        fields = ["category", "status", "indicator"]


class DistrictResultFilter(SchoolResultFilter):
    # A plain number, not a ModelChoiceFilter: that would validate the id against every
    # school and tell a foreign school that exists (400) from one that does not.
    school = django_filters.NumberFilter(field_name="school_id", help_text="学校 id")

    class Meta(SchoolResultFilter.Meta):
        fields = ["school", "category", "status", "indicator"]


class _ResultListViewSet(mixins.ListModelMixin, viewsets.GenericViewSet[ComplianceResult]):
    """The latest result per (school, indicator) of `?school_year=` (default: this year)
    and `?semester=` (default 0: the whole year; 1 or 2: that semester's results of the
    rules judged per semester, ADR 0015)."""

    serializer_class = ResultOutput
    ordering_fields = ["indicator_code", "status"]

    def results_district(self) -> District:
        raise NotImplementedError

    def results_school(self) -> School | None:
        return None

    def get_serializer_context(self) -> dict[str, Any]:
        """The readings (interpretation parameters) of the district's indicators, once per
        request, for every result of the page."""
        context = super().get_serializer_context()
        if not getattr(self, "swagger_fake_view", False):
            district = self.results_district()
            indicators = selectors.active_indicators(district=district)
            context["readings"] = selectors.readings_for(district=district, indicators=indicators)
        return context

    def period(self) -> tuple[int, int]:
        """(school year, semester) asked for; a bad value is a 400 naming the parameter."""
        query = ResultQuery(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        year = query.validated_data.get("school_year")
        term = query.validated_data.get("semester") or 0
        return (int(year) if year is not None else current_school_year()), int(term)

    def get_queryset(self) -> QuerySet[ComplianceResult]:
        if getattr(self, "swagger_fake_view", False):
            return ComplianceResult.objects.none()
        year, term = self.period()
        return selectors.result_rows(
            district=self.results_district(),
            school_year=year,
            school=self.results_school(),
            semester=term,
        )

    @extend_schema(responses=PeriodOutput(many=True), filters=False, parameters=[])
    @action(detail=False, methods=["get"], serializer_class=PeriodOutput, pagination_class=None)
    def periods(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """The periods there are results for, newest year first: each school year (semester
        0) and, for the rules judged per semester, each semester begun (1, 2)."""
        found = selectors.result_periods(
            district=self.results_district(), school=self.results_school()
        )
        rows = [
            {"school_year": p.school_year, "semester": p.semester, "label": p.label} for p in found
        ]
        return Response(PeriodOutput(rows, many=True).data)


def _result_list_schema(cls: type[_ResultListViewSet]) -> type[_ResultListViewSet]:
    tagged = extend_schema(tags=["compliance-results"])(cls)
    return extend_schema_view(list=extend_schema(parameters=[ResultQuery]))(tagged)


@_result_list_schema
class DistrictResultViewSet(DistrictScopedAPI, _ResultListViewSet):
    filterset_class = DistrictResultFilter

    def results_district(self) -> District:
        return self.district


@_result_list_schema
class SchoolResultViewSet(SchoolScopedAPI, _ResultListViewSet):
    """One school's results: its leader, or a district role of its district."""

    filterset_class = SchoolResultFilter

    def results_district(self) -> District:
        return self.school.district

    def results_school(self) -> School | None:
        return self.school


# --------------------------------------------------------------------------- overrides


def _is_admin_of(user: Any, district_id: int) -> bool:
    """District admin *of this district*: a reviewer, or an admin of the city above, may
    read the history but not change the district's numbers."""
    return any(
        m.role == Role.DISTRICT_ADMIN and m.district_id == district_id for m in memberships_of(user)
    )


@extend_schema(tags=["parameter-overrides"])
class ParameterOverrideViewSet(
    DistrictScopedAPI,
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet[ParameterOverride],
):
    """The district's parameter overrides, newest first (rows are never edited: a new
    row supersedes the previous one, so the history is the list)."""

    filterset_fields = ["pack_code", "key"]
    ordering_fields = ["set_at"]

    def get_serializer_class(self) -> type[BaseSerializer[Any]]:
        return OverrideInput if self.action == "create" else OverrideOutput

    def get_queryset(self) -> QuerySet[ParameterOverride]:
        if getattr(self, "swagger_fake_view", False):
            return ParameterOverride.objects.none()
        return selectors.override_history(district=self.district)

    @extend_schema(request=OverrideInput, responses={201: OverrideOutput})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Set (or, with `clear`, restore) a pack parameter for this district. Only the
        district's admin; anyone else gets the same 404 as a district they cannot see."""
        if not _is_admin_of(request.user, self.district.pk):
            raise Http404
        data = OverrideInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        override = services.parameter_override_set(
            district=self.district,
            pack_code=values["pack_code"],
            key=values["key"],
            value=values.get("value"),
            reason=values["reason"],
            clear=values["clear"],
            actor=request.user,  # type: ignore[arg-type]
        )
        return Response(OverrideOutput(override).data, status=status.HTTP_201_CREATED)


# --------------------------------------------------------------------------- pack choice


@extend_schema(tags=["policy-packs"])
class PackChoiceView(DistrictScopedAPI, APIView):
    """The district's choice of policy packs (the page 政策包): its roles read it; its
    admin changes it, with a reason kept on the district's history row."""

    @extend_schema(responses=PackChoiceOutput)
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(_pack_choice(self.district))

    @extend_schema(request=PackChoiceInput, responses=PackChoiceOutput)
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Follow these packs from now on (loaded if they are not yet; the district's
        results are computed again). Anyone but the district's admin gets 404."""
        if not _is_admin_of(request.user, self.district.pk):
            raise Http404
        data = PackChoiceInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.district_packs_choose(
            actor=request.user,  # type: ignore[arg-type]
            district=self.district,
            packs=data.validated_data["packs"],
            reason=data.validated_data["reason"],
        )
        return Response(_pack_choice(self.district))


def _pack_choice(district: District) -> Any:
    options = selectors.packs_to_choose(district=district)
    history = selectors.pack_choice_history(district=district)
    return PackChoiceOutput(
        {
            "packs": list(district.policy_packs),
            "available": [{"code": c, "title": t, "chosen": on} for c, t, on in options],
            "history": history,
        }
    ).data


router = DefaultRouter()
router.include_root_view = False
router.include_format_suffixes = False
DISTRICT = r"districts/(?P<district_id>\d+)"
router.register("policy-packs", PolicyPackViewSet, basename="policy-pack")
router.register(f"{DISTRICT}/compliance-runs", ComplianceRunViewSet, basename="compliance-run")
router.register(
    f"{DISTRICT}/compliance-results", DistrictResultViewSet, basename="district-compliance-result"
)
router.register(
    r"schools/(?P<school_id>\d+)/compliance-results",
    SchoolResultViewSet,
    basename="school-compliance-result",
)
router.register(
    f"{DISTRICT}/parameter-overrides", ParameterOverrideViewSet, basename="parameter-override"
)
