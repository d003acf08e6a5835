"""Portal pages of a school's classes and homeroom assignments (班级, 任职): lists with
导出 Excel, forms, deletes. Moved out of portal.py, which it had grown past its size."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views import View
from django.views.generic import FormView, TemplateView

from apps.core.schoolyear import current_school_year
from apps.core.web import Export, ExportMixin, year_param
from apps.core.xlsx import TableSheet
from apps.people import selectors, services
from apps.people.forms import AssignmentForm, SchoolClassForm
from apps.people.models import AssignmentRole
from apps.tenancy.mixins import SchoolPortalMixin

from .portal import ServiceFormMixin

if TYPE_CHECKING:
    _SchoolClassFormView = FormView[SchoolClassForm]
    _AssignmentFormView = FormView[AssignmentForm]
else:
    _SchoolClassFormView = _AssignmentFormView = FormView


class ClassListView(SchoolPortalMixin, ExportMixin, TemplateView):
    """The year's classes with their homeroom teacher and deputies; ?format=xlsx exports."""

    template_name = "people/class_list.html"

    def export(self) -> Export:
        year = year_param(self.request)
        rows = [
            [str(c), c.student_count, c.homeroom.teacher.name if c.homeroom else "未配备",
             "、".join(f"{a.teacher.name}（{a.get_role_display()}）" for a in c.deputies)]
            for c in selectors.class_list_with_staff(school=self.school, school_year=year)
        ]  # fmt: skip
        return Export(
            sheets=[TableSheet("班级", ("班级", "学生人数", "班主任", "副班主任"), rows)],
            rows=len(rows), what="班级列表导出", subject=self.school, school_id=self.school.pk,
            name=f"班级-{self.school.name}-{year}学年.xlsx",
            fallback=f"classes-{self.school.code}-{year}.xlsx",
        )  # fmt: skip

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        year = year_param(self.request)
        classes = selectors.class_list_with_staff(school=self.school, school_year=year)
        context.update(
            year=year,
            years=[current_school_year() + 1 - i for i in range(6)],
            classes=classes,
        )
        return context


class ClassCreateView(SchoolPortalMixin, ServiceFormMixin, _SchoolClassFormView):
    template_name = "people/form.html"
    form_class = SchoolClassForm
    write_required = True
    success_message = "班级已添加。"
    title = "添加班级"

    def get_form_kwargs(self) -> dict[str, Any]:
        return super().get_form_kwargs() | {"school": self.school}

    def perform(self, data: dict[str, Any]) -> Any:
        return services.class_create(school=self.school, **data)

    def get_success_url(self) -> str:
        url = reverse("people:class_list", args=[self.school.pk])
        return f"{url}?year={self.object.school_year}"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(title=self.title, back=reverse("people:class_list", args=[self.school.pk]))
        return context


class ClassUpdateView(ClassCreateView):
    success_message = "班级已保存。"
    title = "编辑班级"

    def load_objects(self, **kwargs: Any) -> None:
        self.school_class = selectors.class_get(school=self.school, class_id=kwargs["class_id"])

    def get_form_kwargs(self) -> dict[str, Any]:
        return super().get_form_kwargs() | {"instance": self.school_class}

    def perform(self, data: dict[str, Any]) -> Any:
        return services.class_update(school_class=self.school_class, **data)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["delete_url"] = reverse(
            "people:class_delete", args=[self.school.pk, self.school_class.pk]
        )
        return context


class ClassDeleteView(SchoolPortalMixin, View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        school_class = selectors.class_get(school=self.school, class_id=kwargs["class_id"])
        year = school_class.school_year
        services.class_delete(school_class=school_class)
        messages.success(request, f"班级 {school_class} 已删除（连同其任职记录）。")
        return redirect(f"{reverse('people:class_list', args=[self.school.pk])}?year={year}")


class AssignmentListView(SchoolPortalMixin, ExportMixin, TemplateView):
    """The year's homeroom assignments, by role; ?format=xlsx exports the filtered list."""

    template_name = "people/assignment_list.html"

    def export(self) -> Export:
        year = year_param(self.request)
        role = self.request.GET.get("role", "")
        assignments = selectors.assignment_list(
            school=self.school, school_year=year, role=role if role in AssignmentRole.values else ""
        )
        rows = [
            [str(a.school_class), a.teacher.employee_no, a.teacher.name, a.get_role_display()]
            for a in assignments
        ]
        return Export(
            sheets=[TableSheet("任职", ("班级", "工号", "教师", "角色"), rows)], rows=len(rows),
            what="任职列表导出", subject=self.school, school_id=self.school.pk,
            name=f"任职-{self.school.name}-{year}学年.xlsx",
            fallback=f"assignments-{self.school.code}-{year}.xlsx",
        )  # fmt: skip

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        year = year_param(self.request)
        role = self.request.GET.get("role", "")
        if role not in AssignmentRole.values:
            role = ""
        assignments = selectors.assignment_list(school=self.school, school_year=year, role=role)
        context.update(
            year=year,
            years=[current_school_year() + 1 - i for i in range(6)],
            role=role,
            roles=AssignmentRole.choices,
            assignments=assignments,
        )
        return context


class AssignmentCreateView(SchoolPortalMixin, ServiceFormMixin, _AssignmentFormView):
    template_name = "people/form.html"
    form_class = AssignmentForm
    write_required = True
    success_message = "任职已保存。"
    title = "新增任职"

    def get_form_kwargs(self) -> dict[str, Any]:
        return super().get_form_kwargs() | {"school": self.school}

    def get_initial(self) -> dict[str, Any]:
        initial = super().get_initial()
        for key in ("school_class", "role"):
            if key in self.request.GET:
                initial[key] = self.request.GET[key]
        return initial

    def perform(self, data: dict[str, Any]) -> Any:
        return services.assignment_create(school=self.school, **data)

    def get_success_url(self) -> str:
        url = reverse("people:assignment_list", args=[self.school.pk])
        return f"{url}?year={self.object.school_year}"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            title=self.title, back=reverse("people:assignment_list", args=[self.school.pk])
        )
        return context


class AssignmentUpdateView(AssignmentCreateView):
    title = "编辑任职"

    def load_objects(self, **kwargs: Any) -> None:
        self.assignment = selectors.assignment_get(
            school=self.school, assignment_id=kwargs["assignment_id"]
        )

    def get_initial(self) -> dict[str, Any]:
        return {
            "school_class": self.assignment.school_class_id,
            "teacher": self.assignment.teacher_id,
            "role": self.assignment.role,
        }

    def perform(self, data: dict[str, Any]) -> Any:
        return services.assignment_update(assignment=self.assignment, **data)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["delete_url"] = reverse(
            "people:assignment_delete", args=[self.school.pk, self.assignment.pk]
        )
        return context


class AssignmentDeleteView(SchoolPortalMixin, View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        assignment = selectors.assignment_get(
            school=self.school, assignment_id=kwargs["assignment_id"]
        )
        year = assignment.school_year
        services.assignment_delete(assignment=assignment)
        messages.success(request, f"已删除任职：{assignment}。")
        return redirect(f"{reverse('people:assignment_list', args=[self.school.pk])}?year={year}")
