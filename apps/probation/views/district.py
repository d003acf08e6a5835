"""District portal pages of the probation (/d/<district_id>/probation/…): the overview
of every trainee with the status counts per school (导出 Excel), and the graduation
queue (区级结业考核) where the district's staff record the third assessment of the
trainees their schools sent on (XH26-PROB-ASSESS)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.views.generic import TemplateView

from apps.core.schoolyear import today
from apps.core.web import Export, ExportMixin
from apps.core.xlsx import TableSheet
from apps.probation.forms.trainees import GraduationForm
from apps.probation.models import LEVEL_ORDER, SCHOOL_LEVELS, AssessmentLevel, TraineeStatus
from apps.probation.selectors import (
    ProbationRules,
    district_trainees,
    graduation_candidates,
    probation_rules,
    progress_of,
)
from apps.probation.selectors.trainees import candidate_get, status_counts
from apps.probation.services import assessment_record
from apps.tenancy.access import access_district
from apps.tenancy.mixins import DistrictPortalMixin
from apps.tenancy.models import DISTRICT_ROLES

from .common import STATUS_FILTERS, actor_of, refused_on_form, uploaded
from .trainees import PAGE_SIZE, date_formats, export_headers, export_rows


class ProbationDistrictMixin(DistrictPortalMixin):
    """District roles read; recording the graduation assessment needs a district role
    held at the district itself (a city's roles read only) — else the same 404."""

    request: HttpRequest

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated and request.method not in ("GET", "HEAD", "OPTIONS"):
            access_district(request.user, kwargs["district_id"], roles=DISTRICT_ROLES)
        return super().dispatch(request, *args, **kwargs)

    @property
    def rules(self) -> ProbationRules:
        return probation_rules(district=self.district)


class DistrictOverviewView(ProbationDistrictMixin, ExportMixin, TemplateView):
    """结业考核 · 全区见习: status counts per school and every trainee (a page of them)."""

    template_name = "probation/district_overview.html"

    def _trainees(self) -> Any:
        status = self.request.GET.get("status", "")
        queryset = district_trainees(district=self.district)
        return queryset.filter(status=status) if status in TraineeStatus.values else queryset

    def export(self) -> Export:
        progress = progress_of(self._trainees(), self.rules)
        rows = export_rows(progress, with_school=True)
        headers = export_headers(progress, with_school=True)
        formats = date_formats(with_school=True)
        return Export(
            sheets=[TableSheet("见习班主任", headers, rows, formats=formats)],
            rows=len(rows), what="全区见习班主任导出", subject=self.district,
            district_id=self.district.pk, name=f"见习班主任-{self.district.name}.xlsx",
            fallback=f"probation-{self.district.code}.xlsx",
        )  # fmt: skip

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        page = Paginator(self._trainees(), PAGE_SIZE).get_page(self.request.GET.get("page"))
        status = self.request.GET.get("status", "")
        context.update(
            counts=status_counts(district=self.district),
            statuses=STATUS_FILTERS,
            status=status if status in TraineeStatus.values else "",
            page=page,
            rows=progress_of(page.object_list, self.rules),
            levels=LEVEL_ORDER,
        )
        return context


class GraduationQueueView(ProbationDistrictMixin, TemplateView):
    """区级结业考核: the trainees sent on, with school, buckets and the school's two
    results, each with the form recording the district's assessment."""

    template_name = "probation/graduation_queue.html"
    bound: dict[int, BaseForm] | None = None

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        page = Paginator(graduation_candidates(district=self.district), PAGE_SIZE).get_page(
            self.request.GET.get("page")
        )
        bound = self.bound or {}
        rows = progress_of(page.object_list, self.rules)
        for row in rows:
            row.form = bound.get(row.trainee.pk) or GraduationForm(  # type: ignore[attr-defined]
                initial={"assessed_on": today(), "level": AssessmentLevel.DISTRICT_GRADUATION},
                auto_id=f"t{row.trainee.pk}-%s",
            )
        context.update(page=page, rows=rows, school_levels=SCHOOL_LEVELS)
        return context


class GraduationRecordView(GraduationQueueView):
    """POST: one trainee's 区级结业考核 (合格 / 不合格 with 考核意见)."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        trainee = candidate_get(district=self.district, trainee_id=kwargs["trainee_id"])
        form = GraduationForm(request.POST, request.FILES, auto_id=f"t{trainee.pk}-%s")
        if form.is_valid():
            data = form.cleaned_data
            try:
                record = assessment_record(
                    trainee=trainee, actor=actor_of(request),
                    level=AssessmentLevel.DISTRICT_GRADUATION, assessed_on=data["assessed_on"],
                    passed=data["result"] == "passed", assessor_name=data["assessor_name"],
                    comment=data["comment"], score=data["score"],
                    **uploaded(data.get("file")),
                )  # fmt: skip
            except (ValidationError, PermissionDenied) as error:
                refused_on_form(form, error)
            else:
                verdict = record.get_status_display()
                messages.success(request, f"{trainee.teacher.name}区级结业考核：{verdict}。")
                return redirect("probation:queue", self.district.pk)
        self.bound = {trainee.pk: form}
        self.template_name = GraduationQueueView.template_name
        return self.render_to_response(self.get_context_data())
