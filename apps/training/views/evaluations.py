"""Pages of the training evaluation (PT24-EVAL, school portal, /s/<school_id>/evaluations/…):
this year's homeroom teachers against their process and outcome evidence, recording a
piece of evidence (the leader), one teacher's records with their files, and removing one
entered by mistake."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views import View
from django.views.generic import FormView, TemplateView

from apps.core.access_log import log_data_access
from apps.core.schoolyear import current_school_year, school_year_label, semester_of, today
from apps.core.web import apply_service_errors, file_response, year_param
from apps.people import selectors as people_selectors
from apps.tenancy.mixins import SchoolPortalMixin
from apps.training.forms.evaluations import EvaluationRecordForm
from apps.training.models import OUTCOME_KINDS, PROCESS_KINDS, EvaluationKind
from apps.training.selectors.evaluations import (
    evaluation_file_data,
    evaluation_overview,
    evaluation_record_get,
    evaluation_records,
)
from apps.training.services.evaluations import evaluation_record_create, evaluation_record_delete

from .common import years_around

# The stubs' FormView is generic over its form; Django's is not subscriptable at runtime.
if TYPE_CHECKING:
    _EvaluationRecordFormView = FormView[EvaluationRecordForm]
else:
    _EvaluationRecordFormView = FormView


def _semester_param(request: HttpRequest) -> int | None:
    value = request.GET.get("semester", "")
    return int(value) if value in ("1", "2") else None


class EvaluationOverviewView(SchoolPortalMixin, TemplateView):
    """PT24-EVAL: this year's homeroom teachers × process and outcome evaluation."""

    template_name = "training/programmes/evaluation_overview.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        year = year_param(self.request)
        semester = _semester_param(self.request)
        rows = evaluation_overview(school=self.school, school_year=year, semester=semester)
        labels = dict(EvaluationKind.choices)
        context.update(
            year=year,
            year_label=school_year_label(year),
            years=years_around(year),
            semester=semester,
            rows=rows,
            process_kinds=[(k.value, labels[k].split("·")[-1]) for k in PROCESS_KINDS],
            outcome_kinds=[(k.value, labels[k].split("·")[-1]) for k in OUTCOME_KINDS],
            complete=sum(1 for r in rows if r.complete),
            missing_process=sum(1 for r in rows if not r.process_done),
            missing_outcome=sum(1 for r in rows if not r.outcome_done),
            add_semester=semester
            or (semester_of(today())[1] if year == current_school_year() else 1),
        )
        return context


class EvaluationCreateView(SchoolPortalMixin, _EvaluationRecordFormView):
    template_name = "training/programmes/evaluation_form.html"
    form_class = EvaluationRecordForm
    write_required = True

    def get_form_kwargs(self) -> dict[str, Any]:
        return super().get_form_kwargs() | {"school": self.school}

    def get_initial(self) -> dict[str, Any]:
        initial = super().get_initial()
        for key in ("teacher", "kind"):
            if key in self.request.GET:
                initial[key] = self.request.GET[key]
        for key in ("year", "semester"):
            if self.request.GET.get(key, "").isdigit():
                initial["school_year" if key == "year" else key] = int(self.request.GET[key])
        return initial

    def form_valid(self, form: EvaluationRecordForm) -> HttpResponse:
        data = form.cleaned_data
        upload = data["file"]
        try:
            record = evaluation_record_create(
                school=self.school,
                teacher=data["teacher"],
                actor=self.request.user,
                school_year=data["school_year"],
                semester=data["semester"],
                kind=data["kind"],
                title=data["title"],
                note=data["note"],
                file_name=upload.name if upload else "",
                # One byte over the limit is enough for the service to refuse the size.
                data=upload.read(settings.EVIDENCE_MAX_BYTES + 1) if upload else None,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            f"已为{record.teacher.name}登记“{record.get_kind_display()}”：{record.title}。",
        )
        url = reverse("training:evaluation_teacher", args=[self.school.pk, record.teacher_id])
        return redirect(f"{url}?{urlencode({'year': record.school_year})}")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["back"] = reverse("training:evaluation_overview", args=[self.school.pk])
        return context


class EvaluationTeacherView(SchoolPortalMixin, TemplateView):
    """One teacher's evaluation records of a school year, with their files."""

    template_name = "training/programmes/evaluation_teacher.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        teacher = people_selectors.teacher_get(
            school=self.school, teacher_id=self.kwargs["teacher_id"]
        )
        year = year_param(self.request)
        records = list(evaluation_records(school=self.school, school_year=year, teacher=teacher))
        context.update(
            teacher=teacher,
            year=year,
            years=years_around(year),
            records=records,
            process_done=any(r.kind in PROCESS_KINDS for r in records),
            outcome_done=any(r.kind in OUTCOME_KINDS for r in records),
        )
        return context


class EvaluationFileView(SchoolPortalMixin, View):
    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        record = evaluation_record_get(school=self.school, record_id=kwargs["record_id"])
        log_data_access(request, what="研修评价附件下载", subject=record)
        return file_response(record, evaluation_file_data(record=record), prefix="evaluation")


class EvaluationDeleteView(SchoolPortalMixin, View):
    """POST only; the mixin requires the school's leader for it."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        record = evaluation_record_get(school=self.school, record_id=kwargs["record_id"])
        teacher_id, year = record.teacher_id, record.school_year
        evaluation_record_delete(record=record, actor=request.user)
        messages.success(request, f"已删除评价记录“{record.title}”。")
        url = reverse("training:evaluation_teacher", args=[self.school.pk, teacher_id])
        return redirect(f"{url}?year={year}")
