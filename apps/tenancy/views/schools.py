"""学校管理: the district admin's schools — list (open, or closed), create, edit (with the
featured projects and the reason for a change), close and reopen, and the import of the
school list (template, upload, the job's progress and its every bad row).

Only the district's own admin reaches these pages (404 for everyone else, its reviewers
included); every write goes through `apps.tenancy.services`, which checks again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.views import View
from django.views.generic import FormView, TemplateView

from apps.core.web import (
    Export,
    ExportMixin,
    ImportJobPageMixin,
    ImportUploadMixin,
    apply_service_errors,
    error_text,
    xlsx_response,
)
from apps.core.xlsx import TableSheet
from apps.tenancy import selectors, services
from apps.tenancy.access import access_district
from apps.tenancy.forms import ReasonForm, SchoolForm, SchoolUploadForm
from apps.tenancy.models import District, Role, School
from apps.tenancy.school_import import template

# The stubs' FormView is generic over its form; Django's is not subscriptable at runtime.
if TYPE_CHECKING:
    _SchoolFormView = FormView[SchoolForm]
    _UploadFormView = FormView[SchoolUploadForm]
else:
    _SchoolFormView = _UploadFormView = FormView


class DistrictAdminMixin(LoginRequiredMixin):
    """`self.district` for the district's own admin; a 404 for everyone else."""

    district: District

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.district = access_district(
            request.user, kwargs["district_id"], roles=(Role.DISTRICT_ADMIN,)
        )
        self.load_objects(**kwargs)
        return super().dispatch(request, *args, **kwargs)

    def load_objects(self, **kwargs: Any) -> None:
        """Fetch the rows named in the URL, inside `self.district` (404 when not there)."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)  # type: ignore[misc]
        context["district"] = self.district
        return context


SCHOOL_HEADERS = ("学校代码", "学校名称", "学段类型", "城乡", "教育集团", "特色项目",
                  "德育负责人账号数", "状态")  # fmt: skip


class SchoolListView(DistrictAdminMixin, ExportMixin, TemplateView):
    """学校管理: open schools, or with ?closed=1 the closed ones; ?format=xlsx exports them."""

    template_name = "tenancy/school_list.html"

    def export(self) -> Export:
        closed = self.request.GET.get("closed") == "1"
        schools = selectors.district_schools(district=self.district, closed=closed)
        rows = [
            [s.code, s.name, s.get_school_type_display(), "农村" if s.is_rural else "城市",
             s.education_group.name if s.education_group else "", "、".join(s.featured_projects),
             getattr(s, "leaders", ""), "已关闭" if s.closed_at else "在用"]
            for s in schools
        ]  # fmt: skip
        return Export(
            sheets=[TableSheet("学校名单", SCHOOL_HEADERS, rows)], rows=len(rows),
            what="学校名单导出", name=f"学校名单-{self.district.name}.xlsx",
            fallback=f"schools-{self.district.code}.xlsx", district_id=self.district.pk,
        )  # fmt: skip

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        closed = self.request.GET.get("closed") == "1"
        context.update(
            closed=closed, schools=selectors.district_schools(district=self.district, closed=closed)
        )
        return context


class SchoolCreateView(DistrictAdminMixin, _SchoolFormView):
    template_name = "tenancy/school_form.html"
    form_class = SchoolForm

    def form_valid(self, form: SchoolForm) -> HttpResponse:
        data = {k: v for k, v in form.cleaned_data.items() if k != "reason"}
        try:
            school = services.school_create(actor=self.request.user, district=self.district, **data)  # type: ignore[arg-type]
        except ValidationError as error:
            apply_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"已新建学校：{school.name}")
        return redirect("tenancy:schools", self.district.pk)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(title="新建学校", **kwargs)


class SchoolEditView(DistrictAdminMixin, _SchoolFormView):
    template_name = "tenancy/school_form.html"
    form_class = SchoolForm
    school: School

    def load_objects(self, **kwargs: Any) -> None:
        self.school = selectors.district_school(
            district=self.district, school_id=kwargs["school_id"]
        )

    def get_initial(self) -> dict[str, Any]:
        s = self.school
        return {
            "code": s.code,
            "name": s.name,
            "school_type": s.school_type,
            "is_rural": "1" if s.is_rural else "0",
            "education_group": s.education_group.name if s.education_group else "",
            "featured_projects": list(s.featured_projects),
        }

    def form_valid(self, form: SchoolForm) -> HttpResponse:
        try:
            services.school_update(actor=self.request.user, school=self.school, **form.cleaned_data)  # type: ignore[arg-type]
        except ValidationError as error:
            apply_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"已保存：{self.school.name}")
        return redirect("tenancy:school_edit", self.district.pk, self.school.pk)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(title=f"编辑学校 · {self.school.name}", **kwargs)
        context.update(school=self.school, reason_form=ReasonForm())
        return context


class _SchoolStateView(DistrictAdminMixin, View):
    school: School
    close = True

    def load_objects(self, **kwargs: Any) -> None:
        self.school = selectors.district_school(
            district=self.district, school_id=kwargs["school_id"]
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = ReasonForm(request.POST)
        if not form.is_valid():
            messages.error(
                request, "；".join(str(e) for errors in form.errors.values() for e in errors)
            )
            return redirect("tenancy:school_edit", self.district.pk, self.school.pk)
        change = services.school_close if self.close else services.school_reopen
        try:
            change(actor=request.user, school=self.school, reason=form.cleaned_data["reason"])  # type: ignore[arg-type]
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            done = (
                "已关闭（历史记录全部保留，不再出现在列表中，也不再接受新记录）"
                if self.close
                else "已恢复"
            )
            messages.success(request, f"{self.school.name} {done}。")
        return redirect("tenancy:school_edit", self.district.pk, self.school.pk)


class SchoolCloseView(_SchoolStateView):
    close = True


class SchoolReopenView(_SchoolStateView):
    close = False


class SchoolImportView(DistrictAdminMixin, ImportUploadMixin, _UploadFormView):
    template_name = "tenancy/school_import.html"
    form_class = SchoolUploadForm

    def start_import(self, file_name: str, data: bytes) -> Any:
        return services.school_import_start(
            actor=self.request.user,  # type: ignore[arg-type]
            district=self.district,
            file_name=file_name,
            data=data,
        )

    def job_url(self, job: Any) -> str:
        return reverse("tenancy:school_import_detail", args=[self.district.pk, job.pk])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["imports"] = selectors.school_imports(district=self.district)
        return context


class SchoolTemplateView(DistrictAdminMixin, View):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return xlsx_response(
            template(), fallback="school-list-template.xlsx", name="学校名单导入模板.xlsx"
        )


class SchoolImportDetailView(DistrictAdminMixin, ImportJobPageMixin, TemplateView):
    template_name = "tenancy/school_import_detail.html"

    def get_job(self) -> Any:
        return selectors.school_import_get(district=self.district, job_id=self.kwargs["job_id"])
