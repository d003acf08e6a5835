"""Pages of the training imports. School portal (/s/<school_id>/training/…): the hub
(研修数据导入) with the school's jobs, a sign-in sheet upload per activity, the
external-hours upload, the blank templates, and each job's progress. District portal
(/d/<district_id>/training/…): the sign-in sheet of a district activity, and its jobs.
Every row is fetched through the access helpers and the selectors; uploads need the
school's leader (or the district's admin).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views import View
from django.views.generic import FormView, TemplateView

from apps.core.schoolyear import current_school_year
from apps.core.web import ImportJobPageMixin, ImportUploadMixin, xlsx_response
from apps.tenancy.access import holds_district_role
from apps.tenancy.mixins import DistrictPortalMixin, SchoolPortalMixin
from apps.tenancy.models import Role
from apps.training.excel.layout import build_attendance_template, build_external_template
from apps.training.forms.imports import UploadForm
from apps.training.models import ImportKind, TrainingActivity
from apps.training.selectors.activities import activity_get, activity_list, district_activity_get
from apps.training.selectors.imports import (
    district_import_get,
    district_imports,
    school_import_get,
    school_imports,
)
from apps.training.services.imports import (
    attendance_import_start,
    district_attendance_import_start,
    external_import_start,
)

from .common import TrainingDistrictMixin

# The stubs' FormView is generic over its form; Django's is not subscriptable at runtime.
if TYPE_CHECKING:
    _UploadFormView = FormView[UploadForm]
else:
    _UploadFormView = FormView

RECENT = 10


def _attachment(data: bytes, ascii_name: str, name: str) -> HttpResponse:
    return xlsx_response(data, fallback=ascii_name, name=name)


# --------------------------------------------------------------------------- school portal


class SchoolImportsView(SchoolPortalMixin, TemplateView):
    """研修数据导入: the uploads, the school's recent activities and jobs, the export."""

    template_name = "training/excel/school_imports.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        year = current_school_year()
        context |= {
            "imports": school_imports(school=self.school)[:RECENT],
            "activities": activity_list(school=self.school)[:RECENT],
            "form": UploadForm(),
            "years": list(range(year, year - 4, -1)),
            "year": year,
        }
        return context


class ExternalImportView(SchoolPortalMixin, ImportUploadMixin, _UploadFormView):
    """Upload of external hours (verified by the uploading leader)."""

    template_name = "training/excel/external_import.html"
    form_class = UploadForm
    write_required = True

    def start_import(self, file_name: str, data: bytes) -> Any:
        return external_import_start(
            school=self.school, actor=self.request.user, file_name=file_name, data=data
        )

    def job_url(self, job: Any) -> str:
        return reverse("training:import_detail", args=[self.school.pk, job.pk])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["imports"] = school_imports(school=self.school).filter(kind=ImportKind.EXTERNAL)[
            :RECENT
        ]
        return context


class ExternalTemplateView(SchoolPortalMixin, View):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return _attachment(
            build_external_template(), "external-hours-template.xlsx", "校外培训导入模板.xlsx"
        )


class AttendanceImportView(SchoolPortalMixin, ImportUploadMixin, _UploadFormView):
    """Upload of a sign-in sheet for one of the school's activities."""

    template_name = "training/excel/attendance_import.html"
    form_class = UploadForm
    write_required = True
    activity: TrainingActivity

    def load_objects(self, **kwargs: Any) -> None:
        self.activity = activity_get(school=self.school, activity_id=kwargs["activity_id"])

    def start_import(self, file_name: str, data: bytes) -> Any:
        return attendance_import_start(
            school=self.school, activity=self.activity, actor=self.request.user,
            file_name=file_name, data=data,
        )  # fmt: skip

    def job_url(self, job: Any) -> str:
        return reverse("training:import_detail", args=[self.school.pk, job.pk])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["activity"] = self.activity
        context["imports"] = school_imports(school=self.school).filter(activity=self.activity)[
            :RECENT
        ]
        return context


class AttendanceTemplateView(SchoolPortalMixin, View):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        activity = activity_get(school=self.school, activity_id=kwargs["activity_id"])
        return _attachment(
            build_attendance_template(activity),
            f"attendance-{activity.pk}.xlsx",
            f"签到表导入模板-{activity.date:%Y%m%d}.xlsx",
        )


class ImportDetailView(SchoolPortalMixin, ImportJobPageMixin, TemplateView):
    """A job's progress bar (polled by htmx while it runs), then its errors or summary."""

    template_name = "training/excel/import_detail.html"

    def get_job(self) -> Any:
        return school_import_get(school=self.school, job_id=self.kwargs["job_id"])


# --------------------------------------------------------------------------- district portal


class DistrictAttendanceImportView(TrainingDistrictMixin, ImportUploadMixin, _UploadFormView):
    template_name = "training/excel/district_attendance_import.html"
    form_class = UploadForm

    def _activity(self) -> TrainingActivity:
        return district_activity_get(district=self.district, activity_id=self.kwargs["activity_id"])

    def start_import(self, file_name: str, data: bytes) -> Any:
        return district_attendance_import_start(
            district=self.district, activity=self._activity(), actor=self.request.user,
            file_name=file_name, data=data,
        )  # fmt: skip

    def job_url(self, job: Any) -> str:
        return reverse("training:district_import_detail", args=[self.district.pk, job.pk])

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self._activity()  # 404 before the upload is even read
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        activity = self._activity()
        context |= {
            "activity": activity,
            "imports": district_imports(district=self.district, activity=activity)[:RECENT],
            "can_edit": holds_district_role(
                self.request.user,  # type: ignore[arg-type]
                self.district.pk,
                [Role.DISTRICT_ADMIN],
            ),
        }
        return context


class DistrictAttendanceTemplateView(DistrictPortalMixin, View):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        activity = district_activity_get(district=self.district, activity_id=kwargs["activity_id"])
        return _attachment(
            build_attendance_template(activity),
            f"attendance-{activity.pk}.xlsx",
            f"签到表导入模板-{activity.date:%Y%m%d}.xlsx",
        )


class DistrictImportDetailView(DistrictPortalMixin, ImportJobPageMixin, TemplateView):
    template_name = "training/excel/district_import_detail.html"

    def get_job(self) -> Any:
        return district_import_get(district=self.district, job_id=self.kwargs["job_id"])
