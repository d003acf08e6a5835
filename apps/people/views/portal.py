"""Portal pages for people data: the school portal (roster, classes, assignments, roster
import), the district portal's school list and school detail.

Every view resolves its tenant through `SchoolPortalMixin` / `DistrictPortalMixin` (the one
door) and reads through selectors; writes go through services.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.views import View
from django.views.generic import FormView, TemplateView

from apps.core.schoolyear import current_school_year, school_year_label
from apps.core.web import (
    Export,
    ExportMixin,
    ImportJobPageMixin,
    ImportUploadMixin,
    apply_service_errors,
    xlsx_response,
    year_param,
)
from apps.core.xlsx import DATE, TableSheet
from apps.people import selectors, services
from apps.people.forms import AssignmentForm, RosterUploadForm, SchoolClassForm, TeacherForm
from apps.people.roster_import import build_template
from apps.tenancy.mixins import DistrictPortalMixin, SchoolPortalMixin
from apps.tenancy.models import SchoolType

# The stubs' FormView is generic over its form; Django's is not subscriptable at runtime.
if TYPE_CHECKING:
    _TeacherFormView = FormView[TeacherForm]
    _SchoolClassFormView = FormView[SchoolClassForm]
    _AssignmentFormView = FormView[AssignmentForm]
    _RosterUploadFormView = FormView[RosterUploadForm]
else:
    _TeacherFormView = _SchoolClassFormView = _AssignmentFormView = _RosterUploadFormView = FormView

PAGE_SIZE = 50


class ServiceFormMixin:
    """FormView glue: call `perform(cleaned_data)`; a ValidationError re-renders the form."""

    success_message = "已保存。"

    def perform(self, data: dict[str, Any]) -> Any:
        raise NotImplementedError

    def form_valid(self, form: BaseForm) -> HttpResponse:
        try:
            self.object = self.perform(form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
            return self.form_invalid(form)  # type: ignore[attr-defined, no-any-return]
        messages.success(self.request, self.success_message)  # type: ignore[attr-defined]
        return HttpResponseRedirect(self.get_success_url())  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- school portal


class SchoolHomeView(SchoolPortalMixin, TemplateView):
    template_name = "people/school_home.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        year = year_param(self.request)
        context.update(
            year=year,
            year_label=school_year_label(year),
            summary=selectors.school_summary(school=self.school, school_year=year),
            uncovered=selectors.classes_without_homeroom(school=self.school, school_year=year)[:20],
        )
        return context


ROSTER_HEADERS = ("工号", "姓名", "性别", "出生日期", "参加教育工作时间", "首次担任班主任时间",
                  "职称", "学历", "心理健康证书", "德育干部", "在职")  # fmt: skip


class TeacherListView(SchoolPortalMixin, ExportMixin, TemplateView):
    """教师名册, searched and filtered; `?format=xlsx` exports the filtered roster."""

    template_name = "people/teacher_list.html"

    def _filtered(self) -> tuple[str, str, Any]:
        search = self.request.GET.get("q", "").strip()
        status = self.request.GET.get("status", "active")
        active = {"active": True, "inactive": False}.get(status)
        teachers = selectors.teacher_list(school=self.school, search=search, active=active)
        return search, status, teachers

    def export(self) -> Export:
        _search, _status, teachers = self._filtered()
        rows = [
            [t.employee_no, t.name, t.get_gender_display(), t.birth_date, t.teaching_since,
             t.homeroom_since, t.get_professional_title_display(),
             t.get_highest_education_display(), t.get_psych_certificate_display(),
             "是" if t.is_moral_cadre else "否", "在职" if t.is_active else "离职"]
            for t in teachers
        ]  # fmt: skip
        sheet = TableSheet(
            "教师名册", ROSTER_HEADERS, rows, formats=(None, None, None, DATE, DATE, DATE)
        )
        return Export(
            sheets=[sheet], rows=len(rows), what="教师名册导出", subject=self.school,
            name=f"教师名册-{self.school.name}.xlsx", fallback=f"roster-{self.school.code}.xlsx",
            school_id=self.school.pk,
        )  # fmt: skip

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        search, status, teachers = self._filtered()
        page = Paginator(teachers, PAGE_SIZE).get_page(self.request.GET.get("page"))
        context.update(page=page, q=search, status=status)
        return context


class TeacherDetailView(SchoolPortalMixin, TemplateView):
    template_name = "people/teacher_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        teacher = selectors.teacher_get(school=self.school, teacher_id=self.kwargs["teacher_id"])
        context.update(teacher=teacher, assignments=selectors.teacher_assignments(teacher=teacher))
        return context


class TeacherCreateView(SchoolPortalMixin, ServiceFormMixin, _TeacherFormView):
    template_name = "people/form.html"
    form_class = TeacherForm
    write_required = True
    success_message = "教师已添加。"
    title = "添加教师"

    def perform(self, data: dict[str, Any]) -> Any:
        return services.teacher_create(school=self.school, **data)

    def get_success_url(self) -> str:
        return reverse("people:teacher_detail", args=[self.school.pk, self.object.pk])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(title=self.title, back=reverse("people:teacher_list", args=[self.school.pk]))
        return context


class TeacherUpdateView(TeacherCreateView):
    success_message = "教师信息已保存。"
    title = "编辑教师"

    def load_objects(self, **kwargs: Any) -> None:
        self.teacher = selectors.teacher_get(school=self.school, teacher_id=kwargs["teacher_id"])

    def get_form_kwargs(self) -> dict[str, Any]:
        return super().get_form_kwargs() | {"instance": self.teacher}

    def perform(self, data: dict[str, Any]) -> Any:
        return services.teacher_update(teacher=self.teacher, **data)


# --------------------------------------------------------------------------- roster import


class RosterImportView(SchoolPortalMixin, ImportUploadMixin, _RosterUploadFormView):
    """Upload page with the template link and the school's recent imports."""

    template_name = "people/import.html"
    form_class = RosterUploadForm
    write_required = True

    def start_import(self, file_name: str, data: bytes) -> Any:
        return services.roster_import_start(
            school=self.school,
            actor=self.request.user,  # type: ignore[arg-type]
            file_name=file_name,
            data=data,
        )

    def job_url(self, job: Any) -> str:
        return reverse("people:import_detail", args=[self.school.pk, job.pk])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["imports"] = selectors.roster_import_list(school=self.school)[:10]
        return context


class RosterTemplateView(SchoolPortalMixin, View):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return xlsx_response(
            build_template(), fallback="roster-template.xlsx", name="名册导入模板.xlsx"
        )


class RosterImportDetailView(SchoolPortalMixin, ImportJobPageMixin, TemplateView):
    """The job's progress bar (polled by htmx while running), then its errors or summary."""

    template_name = "people/import_detail.html"

    def get_job(self) -> Any:
        return selectors.roster_import_get(school=self.school, job_id=self.kwargs["job_id"])


# --------------------------------------------------------------------------- district portal


class DistrictHomeView(DistrictPortalMixin, TemplateView):
    template_name = "people/district_home.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        year = year_param(self.request)
        school_type = self.request.GET.get("type", "")
        schools = selectors.schools_with_head_counts(district=self.district, school_year=year)
        if school_type in SchoolType.values:
            schools = schools.filter(school_type=school_type)
        rows = list(schools)
        context.update(
            year=year,
            years=[current_school_year() + 1 - i for i in range(6)],
            school_type=school_type,
            school_types=SchoolType.choices,
            schools=rows,
            totals={
                key: sum(getattr(s, key) for s in rows)
                for key in ("teacher_count", "class_count", "homeroom_count", "deputy_count")
            },
        )
        return context


class DistrictSchoolDetailView(DistrictPortalMixin, TemplateView):
    template_name = "people/district_school.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        school = selectors.district_school_get(
            district=self.district, school_id=self.kwargs["school_id"]
        )
        year = year_param(self.request)
        context.update(
            school=school,
            year=year,
            summary=selectors.school_summary(school=school, school_year=year),
            classes=selectors.class_list_with_staff(school=school, school_year=year),
        )
        return context
