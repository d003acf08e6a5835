"""Pages of the assessment import (考核结果导入): the school's (its two levels) and the
district's (区级结业考核) upload with the blank template and the recent jobs, and each
job's page with its progress bar and error report (the kit's `ImportJobPageMixin`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views import View
from django.views.generic import FormView, TemplateView

from apps.core.web import ImportJobPageMixin, ImportUploadMixin, xlsx_response
from apps.probation.excel.assessments import build_assessment_template
from apps.probation.forms.trainees import UploadForm
from apps.probation.selectors.imports import (
    district_assessment_import_get,
    district_assessment_imports,
    school_assessment_import_get,
    school_assessment_imports,
)
from apps.probation.services.imports import (
    district_assessment_import_start,
    school_assessment_import_start,
)
from apps.tenancy.mixins import DistrictPortalMixin, SchoolPortalMixin

from .common import actor_of
from .district import ProbationDistrictMixin

if TYPE_CHECKING:
    _UploadFormView = FormView[UploadForm]
else:
    _UploadFormView = FormView

RECENT = 10


class SchoolImportView(SchoolPortalMixin, ImportUploadMixin, _UploadFormView):
    template_name = "probation/import.html"
    form_class = UploadForm

    def start_import(self, file_name: str, data: bytes) -> Any:
        return school_assessment_import_start(
            school=self.school, actor=actor_of(self.request), file_name=file_name, data=data
        )

    def job_url(self, job: Any) -> str:
        return reverse("probation:import_detail", args=[self.school.pk, job.pk])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context |= {
            "imports": school_assessment_imports(school=self.school)[:RECENT],
            "template_url": reverse("probation:import_template", args=[self.school.pk]),
            "detail_name": "probation:import_detail",
            "scope_id": self.school.pk,
            "district_wide": False,
        }
        return context


class SchoolTemplateView(SchoolPortalMixin, View):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return xlsx_response(
            build_assessment_template(district_wide=False),
            fallback="probation-assessments-template.xlsx", name="见习考核结果导入模板.xlsx",
        )  # fmt: skip


class SchoolImportDetailView(SchoolPortalMixin, ImportJobPageMixin, TemplateView):
    template_name = "probation/import_detail.html"

    def get_job(self) -> Any:
        return school_assessment_import_get(school=self.school, job_id=self.kwargs["job_id"])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["back"] = reverse("probation:import", args=[self.school.pk])
        return context


class DistrictImportView(ProbationDistrictMixin, ImportUploadMixin, _UploadFormView):
    template_name = "probation/import.html"
    form_class = UploadForm

    def start_import(self, file_name: str, data: bytes) -> Any:
        return district_assessment_import_start(
            district=self.district, actor=actor_of(self.request), file_name=file_name, data=data
        )

    def job_url(self, job: Any) -> str:
        return reverse("probation:district_import_detail", args=[self.district.pk, job.pk])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context |= {
            "imports": district_assessment_imports(district=self.district)[:RECENT],
            "template_url": reverse("probation:district_import_template", args=[self.district.pk]),
            "detail_name": "probation:district_import_detail",
            "scope_id": self.district.pk,
            "district_wide": True,
            "can_edit": True,
        }
        return context


class DistrictTemplateView(DistrictPortalMixin, View):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return xlsx_response(
            build_assessment_template(district_wide=True),
            fallback="graduation-template.xlsx", name="区级结业考核结果导入模板.xlsx",
        )  # fmt: skip


class DistrictImportDetailView(DistrictPortalMixin, ImportJobPageMixin, TemplateView):
    template_name = "probation/import_detail.html"

    def get_job(self) -> Any:
        return district_assessment_import_get(district=self.district, job_id=self.kwargs["job_id"])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["back"] = reverse("probation:district_import", args=[self.district.pk])
        return context
