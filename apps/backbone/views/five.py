"""XB-FIVE pages: the school's board (its famous homeroom teachers and growth-team
members × the five items of a school year, what is missing, 导出 Excel) and a teacher's
own (/me/backbone/five/, with the link to add an archive entry). Also the school's
members' projects (XB-PROJECT: the school leader records them) and column posts
(XB-RADIATE: the school leader posts for a teacher of the school)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.views.generic import TemplateView

from apps.backbone.excel.work import five_sheet, post_sheet, project_sheet
from apps.backbone.forms.work import ProjectForm, RadiateForm
from apps.backbone.selectors.five import FIVE_ITEMS, five_of_user, five_rows, five_rules
from apps.backbone.selectors.work import (
    district_posts,
    school_members,
    school_projects,
    school_work_teachers,
)
from apps.backbone.services.work import project_record, radiate_post
from apps.core.schoolyear import current_school_year, today
from apps.core.web import Export, ExportMixin, apply_service_errors, year_param
from apps.tenancy.mixins import SchoolPortalMixin

ITEM_LABELS = [label for _kind, _key, label in FIVE_ITEMS]


def _years() -> list[int]:
    return [current_school_year() - i for i in range(4)]


class FiveBoardView(SchoolPortalMixin, ExportMixin, TemplateView):
    template_name = "backbone/work/five_board.html"

    def _rows(self) -> list[Any]:
        rules = five_rules(district=self.school.district)
        if rules is None:
            return []
        year = year_param(self.request)
        return five_rows(district=self.school.district, year=year, rules=rules,
                         school_ids=[self.school.pk])  # fmt: skip

    def export(self) -> Export:
        rows, year = self._rows(), year_param(self.request)
        return Export(
            sheets=[five_sheet(rows, year)], rows=len(rows), what="五个一完成情况导出",
            subject=self.school, district_id=self.school.district_id, school_id=self.school.pk,
            name=f"五个一-{self.school.name}-{year}.xlsx", fallback=f"five-{year}.xlsx",
        )  # fmt: skip

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        rules = five_rules(district=self.school.district)
        rows = self._rows()
        context.update(
            rows=rows, items=ITEM_LABELS, year=year_param(self.request), years=_years(),
            applies=rules is not None, done=sum(1 for r in rows if r.complete),
            any_open_lesson=rules.any_open_lesson if rules else True,
        )  # fmt: skip
        return context


class MyFiveView(LoginRequiredMixin, TemplateView):
    """A teacher's own five ones: only their own teacher records are read."""

    template_name = "backbone/work/my_five.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        year = year_param(self.request)
        rows, linked, _rules = five_of_user(user=self.request.user, year=year)
        context.update(rows=rows, items=ITEM_LABELS, year=year, years=_years(),
                       linked=linked)  # fmt: skip
        return context


class SchoolProjectsView(SchoolPortalMixin, ExportMixin, TemplateView):
    template_name = "backbone/work/school_projects.html"

    def _form(self, data: Any = None) -> ProjectForm:
        return ProjectForm(data, members=list(school_members(school=self.school, on=today())))

    def export(self) -> Export:
        projects = list(school_projects(school=self.school))
        return Export(
            sheets=[project_sheet(projects)], rows=len(projects), what="品格提升工程项目导出",
            subject=self.school, district_id=self.school.district_id, school_id=self.school.pk,
            name=f"品格提升工程项目-{self.school.name}.xlsx", fallback="projects.xlsx",
        )  # fmt: skip

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.setdefault("form", self._form())
        context["projects"] = list(school_projects(school=self.school))
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self._form(request.POST)
        if form.is_valid():
            data = dict(form.cleaned_data)
            member = form.members[data.pop("member")]
            try:
                project_record(actor=request.user, member=member, **data)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, f"已登记项目“{data['title']}”。")
                url = reverse("backbone:work_school_projects", args=[self.school.pk])
                return HttpResponseRedirect(url)
        return self.render_to_response(self.get_context_data(form=form))


class SchoolRadiateView(SchoolPortalMixin, ExportMixin, TemplateView):
    template_name = "backbone/work/school_radiate.html"

    def _form(self, data: Any = None) -> RadiateForm:
        return RadiateForm(data, teachers=school_work_teachers(school=self.school))

    def export(self) -> Export:
        posts = list(district_posts(district=self.school.district, school=self.school))
        return Export(
            sheets=[post_sheet(posts)], rows=len(posts), what="三名专栏导出",
            subject=self.school, district_id=self.school.district_id, school_id=self.school.pk,
            name=f"三名专栏-{self.school.name}.xlsx", fallback="radiate.xlsx",
        )  # fmt: skip

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.setdefault("form", self._form())
        context["posts"] = list(district_posts(district=self.school.district, school=self.school))
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self._form(request.POST)
        if form.is_valid():
            data = dict(form.cleaned_data)
            teacher = form.teachers[data.pop("teacher")]
            try:
                radiate_post(actor=request.user, teacher=teacher, **data)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, f"已发布“{data['title']}”。")
                url = reverse("backbone:work_school_radiate", args=[self.school.pk])
                return HttpResponseRedirect(url)
        return self.render_to_response(self.get_context_data(form=form))
