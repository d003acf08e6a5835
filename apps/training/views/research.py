"""The district's spot-check (抽查) of the research sessions its schools record (XH26-A2-1
"杜绝事务性替代"): the year's sessions with their homeroom attendance, the keyword
warning and the verdict; a reviewer marks one 计入 or 不计入 with the reason."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import TemplateView

from apps.core.schoolyear import semester_of
from apps.core.web import Export, ExportMixin, error_text, int_param, year_param
from apps.core.xlsx import DATE, TableSheet
from apps.tenancy.access import access_district
from apps.tenancy.mixins import DistrictPortalMixin
from apps.tenancy.models import Role
from apps.training.forms.research import SpotCheckForm
from apps.training.selectors.common import district_parameters, district_schools
from apps.training.selectors.research import research_session_get, research_sessions
from apps.training.services.research import administrative_warning, session_spot_check

from .common import PAGE_SIZE, year_choices

CHECKERS = {Role.DISTRICT_REVIEWER, Role.DISTRICT_ADMIN}


SESSION_HEADERS = ("日期", "学校", "活动", "研修模块", "研究问题", "出席班主任", "形式提示",
                   "抽查结论", "理由", "抽查人")  # fmt: skip


class ResearchSessionListView(DistrictPortalMixin, ExportMixin, TemplateView):
    """研修活动抽查: the district's roles read; its reviewers and admins decide.
    ?format=xlsx exports the filtered sessions with their spot-checks."""

    template_name = "training/research_sessions.html"

    def export(self) -> Export:
        year = year_param(self.request)
        school_id = int_param(self.request, "school", default=0) or None
        rows = []
        for a in research_sessions(district=self.district, school_year=year, school_id=school_id):
            check = getattr(a, "spot_check", None)  # a reverse one-to-one: none yet is None
            rows.append([
                a.date, a.school.name if a.school else "", a.title, a.get_module_display(),
                a.topic, getattr(a, "homerooms", 0), administrative_warning(a.topic) or "",
                check.get_verdict_display() if check else "未抽查",
                check.reason if check else "", check.checked_by.display_name if check else "",
            ])  # fmt: skip
        return Export(
            sheets=[TableSheet("研修抽查", SESSION_HEADERS, rows, formats=(DATE,))], rows=len(rows),
            what="研修活动抽查导出", name=f"研修抽查-{self.district.name}-{year}学年.xlsx",
            fallback=f"research-{self.district.code}-{year}.xlsx", district_id=self.district.pk,
        )  # fmt: skip

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated and request.method not in ("GET", "HEAD", "OPTIONS"):
            access_district(request.user, kwargs["district_id"], roles=CHECKERS)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if "activity_id" in self.kwargs:  # …/<activity_id>/check/: that session must be ours
            research_session_get(district=self.district, activity_id=self.kwargs["activity_id"])
        year = year_param(self.request)
        school_id = int_param(self.request, "school", default=0) or None
        page = Paginator(
            research_sessions(district=self.district, school_year=year, school_id=school_id),
            PAGE_SIZE,
        ).get_page(self.request.GET.get("page"))
        least = district_parameters(district=self.district).get("research_min_homeroom_attendees")
        for activity in page.object_list:
            activity.warning = administrative_warning(activity.topic)
            activity.too_few = least is not None and activity.homerooms < int(least)
        context.update(
            year=year,
            years=year_choices(year),
            page=page,
            schools=district_schools(district=self.district),
            school_id=school_id,
            least=least,
            form=SpotCheckForm(),
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        activity = research_session_get(district=self.district, activity_id=kwargs["activity_id"])
        form = SpotCheckForm(request.POST)
        year = semester_of(activity.date)[0]
        back = reverse("training:research_sessions", args=[self.district.pk]) + f"?year={year}"
        if not form.is_valid():
            messages.error(
                request, "；".join(str(m) for errors in form.errors.values() for m in errors)
            )
            return redirect(back)
        try:
            session_spot_check(
                activity=activity,
                reviewer=request.user,
                counts=form.cleaned_data["verdict"] == "counts",
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, f"已记录对“{activity.title}”的抽查结论。")
        return redirect(back)
