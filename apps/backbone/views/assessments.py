"""XB23-ASSESS district pages (d/<district_id>/backbone/assessments/…): the board of a
cohort's members (results per year, term-end, consequences, plan state; filters; 导出
Excel), a member's page where the district enters results (and the admin terminates),
the rectification queue with its review, and the applications with their decision."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views import View
from django.views.generic import TemplateView

from apps.backbone.excel.assessments import board_sheet
from apps.backbone.forms.assessments import AdmitForm, AssessmentForm, DecisionForm, TerminateForm
from apps.backbone.selectors import assessments as sel
from apps.backbone.services.applications import application_decide
from apps.backbone.services.assessments import assessment_enter, may_enter, member_terminate
from apps.backbone.services.rectifications import rectification_review
from apps.core.access_log import log_data_access
from apps.core.schoolyear import today
from apps.core.web import Export, ExportMixin, apply_service_errors, error_text, file_response
from apps.core.web import int_or_404 as _id
from apps.tenancy.mixins import DistrictPortalMixin


def _cohort(district: Any, request: HttpRequest) -> Any:
    cohorts = list(sel.district_cohorts(district=district))
    wanted = request.GET.get("cohort", "")
    if wanted.isdigit():
        return sel.district_cohort(district=district, cohort_id=int(wanted)), cohorts
    return (cohorts[0] if cohorts else None), cohorts


class BoardView(DistrictPortalMixin, ExportMixin, TemplateView):
    template_name = "backbone/assessments/board.html"

    def _rows(self) -> tuple[Any, list[Any], list[int], list[sel.MemberRow]]:
        cohort, cohorts = _cohort(self.district, self.request)
        if cohort is None:
            return None, cohorts, [], []
        years = sel.cohort_years(cohort, sel.cohort_parameters(cohort=cohort))
        show = self.request.GET.get("show", "")
        return cohort, cohorts, years, sel.board(cohort=cohort, show=show)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        cohort, cohorts, years, rows = self._rows()
        show = self.request.GET.get("show", "")
        context.update(cohort=cohort, cohorts=cohorts, years=years, rows=rows, day=today(),
                       filters=sel.BOARD_FILTERS, show=show)  # fmt: skip
        return context

    def export(self) -> Export:
        cohort, _, years, rows = self._rows()
        if cohort is None:
            raise Http404
        return Export(
            sheets=[board_sheet(rows, years, today())], rows=len(rows), what="骨干考核看板导出",
            fallback="backbone-assessments.xlsx", name=f"{cohort.name}-考核与结果运用.xlsx",
            district_id=self.district.pk,
        )  # fmt: skip


class MemberView(DistrictPortalMixin, TemplateView):
    """A member's results and consequences; the district's admin or reviewer enters one."""

    template_name = "backbone/assessments/member.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        self.form = AssessmentForm(request.POST or None)
        self.terminate = TerminateForm()
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        member = sel.district_member(
            district=self.district, member_id=_id(self.kwargs["member_id"])
        )
        (row,) = sel.member_rows([member])
        context.update(member=member, row=row, day=today(), form=self.form,
                       terminate=self.terminate,
                       can_enter=may_enter(self.request.user, self.district.pk),
                       certificate=sel.certificate_refusal(member=member) == "")  # fmt: skip
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        member = sel.district_member(district=self.district, member_id=_id(kwargs["member_id"]))
        if not may_enter(request.user, self.district.pk):
            raise Http404
        if self.form.is_valid():
            data = self.form.cleaned_data
            try:
                assessment_enter(
                    actor=request.user, member=member, kind=data["kind"],
                    school_year=data["school_year"], result=data["result"],
                    project_result=data["project_result"],
                    comprehensive_result=data["comprehensive_result"],
                    assessed_on=data["assessed_on"], note=data["note"],
                )  # fmt: skip
            except ValidationError as error:
                apply_service_errors(self.form, error)
            else:
                messages.success(request, "考核结果已保存，结果运用已按规则更新（XB23-ASSESS）。")
                return redirect(request.path)
        return self.render_to_response(self.get_context_data(), status=400)


class TerminateView(DistrictPortalMixin, View):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        member = sel.district_member(district=self.district, member_id=_id(kwargs["member_id"]))
        form = TerminateForm(request.POST)
        back = redirect("backbone:assessment_member", district_id=self.district.pk,
                        member_id=member.pk)  # fmt: skip
        if not form.is_valid():
            messages.error(request, "请填写终止日期和事由。")
            return back
        try:
            member_terminate(actor=request.user, member=member, on=form.cleaned_data["on"],
                             reason=form.cleaned_data["reason"])  # fmt: skip
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, "已终止该骨干资格（XB23-ASSESS）。")
        return back


class RectificationQueueView(DistrictPortalMixin, TemplateView):
    template_name = "backbone/assessments/rectifications.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["plans"] = list(sel.rectification_queue(district=self.district))
        return context


class RectificationReviewView(DistrictPortalMixin, TemplateView):
    template_name = "backbone/assessments/rectification.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        self.form = DecisionForm(request.POST or None)
        return super().dispatch(request, *args, **kwargs)

    def _plan(self) -> Any:
        return sel.district_rectification(
            district=self.district, rectification_id=_id(self.kwargs["rectification_id"])
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(plan=self._plan(), form=self.form)
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        plan = self._plan()
        if self.form.is_valid():
            data = self.form.cleaned_data
            try:
                rectification_review(rectification=plan, reviewer=request.user,
                                     accept=data["decision"] == "accept",
                                     comment=data["comment"])  # fmt: skip
            except PermissionDenied:
                if not may_enter(request.user, self.district.pk):
                    raise Http404 from None
                self.form.add_error(None, "您不能审核此整改方案，请由其他审核人处理。")
            except ValidationError as error:
                apply_service_errors(self.form, error)
            else:
                messages.success(request, "审核结果已保存。")
                return redirect("backbone:rectification_queue", district_id=self.district.pk)
        return self.render_to_response(self.get_context_data(), status=400)


class RectificationFileView(DistrictPortalMixin, View):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        plan = sel.district_rectification(
            district=self.district, rectification_id=_id(kwargs["rectification_id"])
        )
        data = sel.rectification_file_data(rectification=plan)
        log_data_access(request, what="骨干整改方案", rows=1, subject=plan)
        return file_response(plan.file, data, prefix="rectification")


class ApplicationsView(DistrictPortalMixin, TemplateView):
    template_name = "backbone/assessments/applications.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(applications=list(sel.district_applications(district=self.district)),
                       form=AdmitForm())  # fmt: skip
        return context


class ApplicationDecideView(DistrictPortalMixin, View):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        application = sel.district_application(
            district=self.district, application_id=_id(kwargs["application_id"])
        )
        if not may_enter(request.user, self.district.pk):
            raise Http404
        form = AdmitForm(request.POST)
        if not form.is_valid():
            messages.error(request, "请选择评审结果。")
        else:
            try:
                application_decide(actor=request.user, application=application,
                                   admit=form.cleaned_data["decision"] == "admit",
                                   joined_on=form.cleaned_data["joined_on"])  # fmt: skip
            except ValidationError as error:
                messages.error(request, error_text(error))
            else:
                messages.success(request, "评审结果已保存。")
        return redirect("backbone:applications", district_id=self.district.pk)
