"""District pages of the growth teams' work (xinbei-2023): the overview of every team
(projects, collections, plans, showcases; 导出 Excel), a team's page (its members'
projects XB-PROJECT, research collections with their files, its scheme and yearly plans
XB-PLAN; the district's staff add collections and plans), the showcases (XB-SHOWCASE)
and the "三名" column (XB-RADIATE). The team is found in the URL's district only."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.views import View
from django.views.generic import TemplateView

from apps.backbone.excel.work import post_sheet, project_sheet, showcase_sheet
from apps.backbone.forms.work import CollectionForm, PlanForm, ShowcaseForm
from apps.backbone.models import RadiateReach
from apps.backbone.selectors.work import (
    district_posts,
    district_report_rows,
    district_showcases,
    district_team_get,
    district_teams,
    posts_by_reach,
    showcases_by_year,
    team_collection_file,
    team_collections,
    team_members,
    team_plans,
    team_projects,
)
from apps.backbone.services.work import collection_record, showcase_record, team_plan_record
from apps.core.access_log import log_data_access
from apps.core.schoolyear import today
from apps.core.web import (
    Export,
    ExportMixin,
    apply_service_errors,
    file_response,
    int_or_404,
    read_upload,
)
from apps.tenancy.mixins import DistrictPortalMixin


class WorkOverviewView(DistrictPortalMixin, TemplateView):
    template_name = "backbone/work/overview.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        year = today().year
        context.update(
            year=year, rows=district_report_rows(district=self.district, year=year),
            teams=list(district_teams(district=self.district).order_by("tier", "name")),
            showcases=showcases_by_year(district=self.district),
        )  # fmt: skip
        return context


class TeamWorkView(DistrictPortalMixin, ExportMixin, TemplateView):
    template_name = "backbone/work/team.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        self.team_id = int_or_404(kwargs["team_id"])
        return super().dispatch(request, *args, **kwargs)

    @property
    def team(self) -> Any:
        return district_team_get(district=self.district, team_id=self.team_id)

    def export(self) -> Export:
        team = self.team
        projects = list(team_projects(team=team))
        return Export(
            sheets=[project_sheet(projects)], rows=len(projects), what="成长团队项目导出",
            subject=team, district_id=self.district.pk,
            name=f"品格提升工程项目-{team.name}.xlsx", fallback=f"team-{team.pk}-projects.xlsx",
        )  # fmt: skip

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        team = self.team
        context.setdefault("collection_form", CollectionForm(initial={"year": today().year}))
        context.setdefault("plan_form", PlanForm())
        context.update(
            team=team, members=list(team_members(team=team, on=today())),
            projects=list(team_projects(team=team)),
            collections=list(team_collections(team=team)), plans=list(team_plans(team=team)),
        )  # fmt: skip
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        team = self.team
        form: Any
        record: Any
        if request.POST.get("what") == "plan":
            form = PlanForm(request.POST)
            key, record = "plan_form", team_plan_record
        else:
            form = CollectionForm(request.POST, request.FILES)
            key, record = "collection_form", collection_record
        if form.is_valid():
            data = dict(form.cleaned_data)
            if key == "collection_form":
                upload = data.pop("file", None)
                data["file_name"], data["data"] = read_upload(upload) if upload else ("", None)
            try:
                record(actor=request.user, team=team, **data)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, f"已登记“{data['title']}”。")
                url = reverse("backbone:work_team", args=[self.district.pk, team.pk])
                return HttpResponseRedirect(url)
        return self.render_to_response(self.get_context_data(**{key: form}))


class CollectionFileView(DistrictPortalMixin, View):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        team = district_team_get(district=self.district, team_id=int_or_404(kwargs["team_id"]))
        stored, data = team_collection_file(
            team=team, collection_id=int_or_404(kwargs["collection_id"])
        )
        log_data_access(request, what="研究专辑下载", subject=stored,
                        district_id=self.district.pk)  # fmt: skip
        return file_response(stored, data, prefix="collection")


class ShowcaseListView(DistrictPortalMixin, ExportMixin, TemplateView):
    template_name = "backbone/work/showcases.html"

    def _form(self, data: Any = None) -> ShowcaseForm:
        return ShowcaseForm(data, teams=list(district_teams(district=self.district)))

    def export(self) -> Export:
        showcases = list(district_showcases(district=self.district))
        return Export(
            sheets=[showcase_sheet(showcases)], rows=len(showcases), what="成果展示导出",
            subject=self.district, district_id=self.district.pk,
            name="成长团队成果展示.xlsx", fallback="showcases.xlsx",
        )  # fmt: skip

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.setdefault("form", self._form())
        context.update(
            showcases=list(district_showcases(district=self.district)),
            by_year=sorted(showcases_by_year(district=self.district).items(), reverse=True),
        )  # fmt: skip
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self._form(request.POST)
        if form.is_valid():
            data = dict(form.cleaned_data)
            data["teams"] = [form.team_by_id[pk] for pk in data["teams"]]
            try:
                showcase_record(actor=request.user, district=self.district, **data)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, f"已登记成果展示“{data['title']}”。")
                return HttpResponseRedirect(
                    reverse("backbone:work_showcases", args=[self.district.pk])
                )
        return self.render_to_response(self.get_context_data(form=form))


class RadiateListView(DistrictPortalMixin, ExportMixin, TemplateView):
    template_name = "backbone/work/radiate.html"

    def export(self) -> Export:
        posts = list(district_posts(district=self.district))
        return Export(
            sheets=[post_sheet(posts)], rows=len(posts), what="三名专栏导出",
            subject=self.district, district_id=self.district.pk,
            name="三名专栏.xlsx", fallback="radiate.xlsx",
        )  # fmt: skip

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        counts = posts_by_reach(district=self.district)
        context.update(
            posts=list(district_posts(district=self.district)),
            reach=[(label, counts.get(value, 0)) for value, label in RadiateReach.choices],
        )  # fmt: skip
        return context
