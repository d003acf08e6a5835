"""Compliance pages: the district heatmap, a cell's explanation, run progress, the trend
across runs, the parameters in force, and each school's self-check."""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from apps.core.schoolyear import current_school_year, school_year_label, semester
from apps.core.web import HtmxPartialMixin, semester_param, year_param
from apps.tenancy.access import memberships_of
from apps.tenancy.mixins import DistrictPortalMixin, SchoolPortalMixin
from apps.tenancy.models import Role, SchoolType

from . import heatmap, selectors, services
from .models import ComplianceResult, ResultSemester, ResultStatus, RunTrigger

STATUS_ORDER = [
    ResultStatus.NOT_MET,
    ResultStatus.PARTLY_MET,
    ResultStatus.PENDING_REVIEW,
    ResultStatus.NOT_YET_DUE,
    ResultStatus.ENCOURAGED,
    ResultStatus.NO_DATA,
    ResultStatus.MET,
    ResultStatus.NOT_APPLICABLE,
]
STATUS_LABELS = dict(ResultStatus.choices)


def _years() -> list[int]:
    return [current_school_year() - i for i in range(4)]


def _is_district_admin(user: Any, district_id: int) -> bool:
    return any(
        m.role == Role.DISTRICT_ADMIN and m.district_id == district_id for m in memberships_of(user)
    )


def explanation_context(result: ComplianceResult) -> dict[str, Any]:
    """Everything a cell or a self-check row shows: the rule, the numbers, the evidence."""
    indicator = result.indicator
    return {
        "result": result,
        "indicator": indicator,
        "pack": indicator.pack,
        "rules": selectors.rules_for(indicator),
        "status_label": STATUS_LABELS.get(result.status, result.status),
        "readings": selectors.readings_for(district=result.district, indicators=[indicator])[
            indicator.code
        ],
    }


# --------------------------------------------------------------------------- district


class DashboardView(DistrictPortalMixin, TemplateView):
    """Schools × indicators, coloured by status, with counts per category: one page of
    schools at a time, searched and sorted on the server (`heatmap`)."""

    template_name = "compliance/dashboard.html"

    def _filters(self) -> heatmap.Filters:
        get = self.request.GET
        sort = get.get("sort", "code")
        return heatmap.Filters(
            year=year_param(self.request),
            category=get.get("category", ""),
            school_type=get.get("type", ""),
            status=get.get("status", ""),
            q=get.get("q", "").strip()[:100],
            sort=sort if sort in heatmap.SORTS else "code",
            page=_page_number(get.get("page", "")),
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        filters = self._filters()
        page, latest_run = heatmap.heatmap_page(
            district=self.district, user=self.request.user, filters=filters
        )
        totals: dict[str, int] = defaultdict(int)
        for row in page.counts.values():
            for key, value in row.items():
                totals[key] += value
        context.update(
            year=filters.year,
            years=_years(),
            year_label=school_year_label(filters.year),
            category=filters.category,
            categories=page.categories,
            school_type=filters.school_type,
            school_types=SchoolType.choices,
            status=filters.status,
            statuses=[(s, STATUS_LABELS[s]) for s in STATUS_ORDER],
            q=filters.q,
            sort=filters.sort,
            sorts=list(heatmap.SORTS.items()),
            page=page,
            page_query=_page_query(filters),
            indicators=page.columns,
            column_groups=_column_groups(page.columns),
            rows=page.rows,
            district_rows=page.district_rows,
            counts=[
                (c, [page.counts.get(c, {}).get(s, 0) for s in STATUS_ORDER])
                for c in page.categories
                if not filters.category or c == filters.category
            ],
            totals=[totals.get(s, 0) for s in STATUS_ORDER],
            latest_run=latest_run,
            has_results=page.has_results,
            interpreted=page.interpreted,
            packs=page.packs,
        )
        return context


def _page_number(raw: str) -> int:
    return int(raw) if raw.isdigit() and 0 < len(raw) < 7 else 1


def _page_query(filters: heatmap.Filters) -> str:
    """The filters as a query string for the page links (everything but the page)."""
    pairs = {
        "year": filters.year,
        "category": filters.category,
        "type": filters.school_type,
        "status": filters.status,
        "q": filters.q,
        "sort": filters.sort,
    }
    return urlencode({k: v for k, v in pairs.items() if v})


def _column_groups(indicators: list[Any]) -> list[tuple[str, int]]:
    groups: list[tuple[str, int]] = []
    for indicator in indicators:
        if groups and groups[-1][0] == indicator.category_zh:
            groups[-1] = (indicator.category_zh, groups[-1][1] + 1)
        else:
            groups.append((indicator.category_zh, 1))
    return groups


class RunStartView(DistrictPortalMixin, View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            year = int(request.POST.get("year", ""))
        except ValueError:
            year = current_school_year()
        try:
            run = services.run_start(
                district=self.district,
                school_year=year,
                trigger=RunTrigger.MANUAL,
                actor=request.user,  # type: ignore[arg-type]
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect(
                reverse("compliance:dashboard", args=[self.district.pk]) + f"?year={year}"
            )
        return redirect("compliance:run_detail", self.district.pk, run.pk)


class RunDetailView(DistrictPortalMixin, HtmxPartialMixin, TemplateView):
    """The run's progress bar (htmx polls the partial while it runs)."""

    template_name = "compliance/run_detail.html"
    partial_template_name = "compliance/_run_status.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        run = selectors.run_get(district=self.district, run_id=self.kwargs["run_id"])
        context.update(run=run, status_labels=STATUS_LABELS)
        return context


class ResultDetailView(DistrictPortalMixin, HtmxPartialMixin, TemplateView):
    """A cell's explanation; the htmx request gets the panel only."""

    template_name = "compliance/result_detail.html"
    partial_template_name = "compliance/_explanation.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        result = selectors.result_get(district=self.district, result_id=self.kwargs["result_id"])
        context.update(explanation_context(result), portal="district")
        return context


class TrendView(DistrictPortalMixin, TemplateView):
    template_name = "compliance/trend.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        year = year_param(self.request)
        runs = selectors.trend(district=self.district, school_year=year)
        series = {
            status: [run["summary"].get(status, 0) for run in runs] for status in STATUS_ORDER
        }
        # The run's time as the district reads its clocks (Asia/Shanghai), not UTC.
        labels = [f"#{r['id']} {timezone.localtime(r['finished_at']):%m-%d %H:%M}" for r in runs]
        context.update(
            year=year,
            years=_years(),
            runs=runs,
            table=[
                (label, [series[s][index] for s in STATUS_ORDER])
                for index, label in enumerate(labels)
            ],
            chart={
                "labels": labels,
                "series": [
                    {"status": s, "name": str(STATUS_LABELS[s]), "data": series[s]}
                    for s in STATUS_ORDER
                ],
            },
        )
        return context


class ParametersView(DistrictPortalMixin, TemplateView):
    """Packs in force, every parameter with its source rule, and the district's overrides."""

    template_name = "compliance/parameters.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        packs = selectors.packs_in_use(district=self.district)
        context.update(
            packs=[
                (pack, selectors.parameters_with_overrides(district=self.district, pack=pack))
                for pack in packs
            ],
            history=selectors.override_history(district=self.district)[:50],
            can_override=_is_district_admin(self.request.user, self.district.pk),
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not _is_district_admin(request.user, self.district.pk):
            raise Http404
        raw = request.POST.get("value", "").strip()
        clear = request.POST.get("clear") == "1"
        try:
            value = None if clear else _parse_value(raw)
            override = services.parameter_override_set(
                district=self.district,
                pack_code=request.POST.get("pack_code", ""),
                key=request.POST.get("key", ""),
                value=value,
                reason=request.POST.get("reason", ""),
                actor=request.user,  # type: ignore[arg-type]
                clear=clear,
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            action = "已恢复政策原值" if clear else f"已调整为 {override.value}"
            messages.success(
                request, f"{override.pack_code} · {override.key}：{action}。重新评估后生效。"
            )
        return redirect("compliance:parameters", self.district.pk)


def _parse_value(raw: str) -> Any:
    """Numbers and lists as JSON (0.3, 40, ["a","b"]); anything else as text."""
    if not raw:
        raise ValidationError({"value": "请填写新的取值。"})
    try:
        return json.loads(raw)
    except ValueError:
        return raw


# --------------------------------------------------------------------------- school


class SelfCheckView(SchoolPortalMixin, TemplateView):
    """One school's results with explanations and what to do next: of a school year, or
    of one of its semesters (`?semester=1|2`), which shows the rules judged per semester
    (PT24-CREDIT 每学期末赋分) as they stood at that semester's end (ADR 0015)."""

    template_name = "compliance/self_check.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        year, term = year_param(self.request), semester_param(self.request)
        district = self.school.district
        results = {
            r.indicator_code: r
            for r in selectors.latest_results(
                district=district, school_year=year, school=self.school, semester=term
            ).select_related("indicator", "indicator__pack")
        }
        indicators = [
            i for i in selectors.active_indicators(district=district) if i.scope == "school"
        ]
        if term:
            indicators = selectors.semester_indicators(indicators)
        readings = selectors.readings_for(district=district, indicators=indicators)
        grouped: dict[str, list[tuple[Any, ComplianceResult | None, Any]]] = defaultdict(list)
        for indicator in indicators:
            grouped[indicator.category_zh].append(
                (indicator, results.get(indicator.code), readings[indicator.code])
            )
        counts: dict[str, int] = defaultdict(int)
        for result in results.values():
            counts[result.status] += 1
        context.update(
            year=year,
            years=_years(),
            semester=term,
            semesters=ResultSemester.choices,
            period_label=semester(year, term).label if term else school_year_label(year),
            groups=list(grouped.items()),
            counts=[(s, STATUS_LABELS[s], counts.get(s, 0)) for s in STATUS_ORDER],
            evidence_kinds=selectors.evidence_indicator_codes(indicators),
            has_results=bool(results),
        )
        return context


class SchoolResultDetailView(SchoolPortalMixin, HtmxPartialMixin, TemplateView):
    template_name = "compliance/result_detail.html"
    partial_template_name = "compliance/_explanation.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        result = selectors.school_result_get(school=self.school, result_id=self.kwargs["result_id"])
        context.update(explanation_context(result), portal="school")
        return context


class PacksView(DistrictPortalMixin, TemplateView):
    """政策包: the packs the district follows, and who changed them when and why. The
    district's roles read it; its admin changes the choice, with a reason."""

    template_name = "compliance/packs.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            available=selectors.packs_to_choose(district=self.district),
            history=selectors.pack_choice_history(district=self.district),
            can_change=_is_district_admin(self.request.user, self.district.pk),
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not _is_district_admin(request.user, self.district.pk):
            raise Http404
        chosen = request.POST.getlist("packs")
        try:
            services.district_packs_choose(
                actor=request.user,  # type: ignore[arg-type]
                district=self.district,
                packs=chosen,
                reason=request.POST.get("reason", ""),
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, f"政策包已调整为：{'、'.join(chosen)}。重新评估后生效。")
        return redirect("compliance:packs", self.district.pk)
