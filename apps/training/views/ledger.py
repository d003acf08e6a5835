"""Pages of the hours ledger. School portal (/s/<school_id>/training/ledger/…): per-teacher
totals for a school year or a semester, one teacher's rows with their reversals, reversing
a row with its reason (the leader), and the .xlsx export. Teacher space
(/me/training/ledger/): my rows and totals."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.views import View
from django.views.generic import TemplateView

from apps.core.access_log import log_data_access
from apps.core.schoolyear import current_school_year
from apps.core.web import (
    XLSX,
    attachment_disposition,
    error_text,
    int_param,
    semester_param,
    year_param,
)
from apps.people import selectors as people_selectors
from apps.tenancy.mixins import SchoolPortalMixin
from apps.training.excel.export import ledger_export
from apps.training.forms.ledger import ReverseForm
from apps.training.selectors.credits import credit_params, with_credit_totals, yearly_hours_rule
from apps.training.selectors.ledger import (
    counted_hours_by_teacher,
    hours_sources_label,
    ledger_entry_detail,
    ledger_for_export,
    ledger_rows,
    ledger_totals,
)
from apps.training.services.ledger import ledger_reverse

from .common import (
    PAGE_SIZE,
    TeacherSpaceMixin,
    TrainingSchoolMixin,
    hours_totals,
    mark_reversals,
    year_choices,
)

# --------------------------------------------------------------------------- school portal


class LedgerView(TrainingSchoolMixin, TemplateView):
    """Per-teacher totals for a school year or a semester: hours by class and credits."""

    template_name = "training/ledger.html"
    tab = "ledger"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        year = year_param(self.request)
        term = semester_param(self.request)
        search = self.request.GET.get("q", "").strip()
        rows = ledger_totals(school=self.school, school_year=year, search=search)
        page = Paginator(rows, PAGE_SIZE * 2).get_page(self.request.GET.get("page"))
        params = credit_params(district=self.school.district)
        page.object_list = with_credit_totals(
            page.object_list, params=params, semester=term or None
        )
        target, sources = yearly_hours_rule(district=self.school.district)
        counted = counted_hours_by_teacher(
            school=self.school,
            school_year=year,
            teacher_ids=[row.pk for row in page.object_list],
            sources=sources,
        )
        for row in page.object_list:  # the target counts the pack's sources (PT24-HOURS)
            total = max(counted.get(row.pk, Decimal(0)), Decimal(0))
            row.percent = min(100, int(total * 100 / target)) if target and not term else None  # type: ignore[attr-defined]
        context.update(
            year=year,
            years=year_choices(year),
            semester=term,
            q=search,
            page=page,
            params=params,
            hours_target=target,
            hours_sources=hours_sources_label(sources) if sources is not None else None,
        )
        return context


class LedgerTeacherView(TrainingSchoolMixin, TemplateView):
    """One teacher's rows for a school year: reversed rows struck through with the
    reversal and its reason; the leader reverses a row with a reason."""

    template_name = "training/ledger_teacher.html"
    tab = "ledger"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        teacher = people_selectors.teacher_get(
            school=self.school, teacher_id=self.kwargs["teacher_id"]
        )
        year = year_param(self.request)
        rows = mark_reversals(list(ledger_rows(teacher=teacher, school_year=year)))
        context.update(
            teacher=teacher,
            year=year,
            years=year_choices(year),
            rows=rows,
            totals=hours_totals(rows),
            reverse_form=ReverseForm(),
        )
        return context


class LedgerReverseView(SchoolPortalMixin, View):
    """POST only (the school's leader): a reversal row with the reason, through the
    service (a row is reversed once; a reversal is not reversed)."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        entry = ledger_entry_detail(school=self.school, entry_id=kwargs["entry_id"])
        form = ReverseForm(request.POST)
        reason = form.cleaned_data["reason"] if form.is_valid() else ""
        if form.errors:
            messages.error(
                request, "；".join(str(e) for errs in form.errors.values() for e in errs)
            )
        else:
            try:
                ledger_reverse(entry=entry, actor=request.user, reason=reason)
            except ValidationError as error:
                messages.error(request, f"未冲销：{error_text(error)}")
            else:
                messages.success(
                    request, f"已冲销“{entry.title}”{entry.hours} 学时，理由已永久保留。"
                )
        url = reverse("training:ledger_teacher", args=[self.school.pk, entry.teacher_id])
        return redirect(f"{url}?year={entry.school_year}")


class LedgerExportView(SchoolPortalMixin, View):
    """学时台账 of a school year (?year=2025) or one semester (&semester=1), streamed."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        current = current_school_year()
        year = int_param(request, "year", default=current, low=2000, high=current + 1)
        semester = int_param(request, "semester", default=0, low=0, high=2) or None
        output = ledger_export(school=self.school, school_year=year, semester=semester)
        entries = ledger_for_export(school=self.school, school_year=year, semester=semester)
        log_data_access(
            request,
            what="学时台账导出",
            rows=entries.count(),
            subject=self.school,
            school_id=self.school.pk,
        )
        suffix = f"-{semester}" if semester else ""
        response = FileResponse(output, content_type=XLSX)
        response["Content-Disposition"] = attachment_disposition(
            f"ledger-{year}{suffix}.xlsx", f"学时台账-{self.school.code}-{year}学年{suffix}.xlsx"
        )
        return response


# --------------------------------------------------------------------------- teacher space


class MyLedgerView(TeacherSpaceMixin, TemplateView):
    """My hours ledger for a school year (every row, reversals included), with totals."""

    template_name = "training/my_ledger.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        year = year_param(self.request)
        sections = []
        for teacher in self.teachers:
            rows = mark_reversals(list(ledger_rows(teacher=teacher, school_year=year)))
            sections.append({"teacher": teacher, "rows": rows, "totals": hours_totals(rows)})
        context.update(year=year, years=year_choices(year), sections=sections)
        return context
