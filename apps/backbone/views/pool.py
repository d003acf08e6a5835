"""The talent pool's pages (XB-POOL, XB-TARGET).

* me/backbone/pool/ — the teacher's own: their entries, the application form, their
  honours (a colleague's record is never reachable from here);
* s/<school_id>/backbone/pool/ — the school's entries (导出 Excel), the leader applies
  on a teacher's behalf; …/pool/<entry_id>/recommend/ — the leader's 学校推荐;
* d/<district_id>/backbone/pool/ — the review board of a year (导出 Excel);
  …/pool/<entry_id>/review/ — 区级评审 by the district's reviewer or admin;
  …/pool/talent/ — the talent pool (elected, by level and year, 导出 Excel);
  …/pool/target/ — progress toward the target, per year, with the 左右 reading shown."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import FormView, TemplateView

from apps.backbone.excel.pool import entry_sheet, target_sheet
from apps.backbone.forms.pool import ApplyForm, DecisionForm, SchoolApplyForm
from apps.backbone.models import FamousLevel, PoolStatus
from apps.backbone.selectors.honours import school_teachers, teacher_honours
from apps.backbone.selectors.ladder import rule_parameters
from apps.backbone.selectors.pool import (
    district_entries,
    district_entry_get,
    district_target,
    pool_list,
    pool_years,
    school_entries,
    school_entry_get,
    target_progress,
    teacher_entries,
    year_counts,
)
from apps.backbone.services.pool import pool_apply, pool_recommend, pool_review
from apps.core.schoolyear import current_school_year
from apps.core.web import Export, ExportMixin, apply_service_errors, int_param
from apps.people import selectors as people_selectors
from apps.tenancy.access import access_district
from apps.tenancy.mixins import DistrictPortalMixin, SchoolPortalMixin
from apps.tenancy.models import DISTRICT_ROLES


def _refused(form: BaseForm, error: ValidationError | PermissionDenied, fallback: str) -> None:
    if isinstance(error, ValidationError):
        apply_service_errors(form, error)
    else:
        form.add_error(None, fallback)


class MyPoolView(LoginRequiredMixin, FormView):  # type: ignore[type-arg]
    template_name = "backbone/pool/me.html"
    form_class = ApplyForm

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.teachers = list(people_selectors.teacher_records_of(user=request.user))
        if not self.teachers and request.method not in ("GET", "HEAD"):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self) -> dict[str, Any]:
        return {"year": current_school_year()}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["sections"] = [
            {
                "teacher": t,
                "entries": list(teacher_entries(teacher=t)),
                "honours": list(teacher_honours(teacher=t)),
            }
            for t in self.teachers
        ]
        return context

    def form_valid(self, form: BaseForm) -> HttpResponse:
        teacher, data = self.teachers[0], form.cleaned_data
        try:
            pool_apply(
                actor=cast(Any, self.request.user),
                teacher=teacher,
                year=data["year"],
                level=data["level"],
                statement=data["statement"],
            )
        except (ValidationError, PermissionDenied) as error:
            _refused(form, error, "您不能提交该申报。")
            return self.form_invalid(form)
        messages.success(self.request, f"{data['year']}年度名班主任申报已提交，等待学校推荐。")
        return redirect("backbone:pool_me")


class SchoolPoolView(SchoolPortalMixin, ExportMixin, FormView):  # type: ignore[type-arg]
    template_name = "backbone/pool/school.html"
    form_class = SchoolApplyForm

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["teachers"] = school_teachers(school=self.school)
        return kwargs

    def get_initial(self) -> dict[str, Any]:
        return {"year": current_school_year()}

    def export(self) -> Export:
        rows = list(school_entries(school=self.school))
        return Export(
            sheets=[entry_sheet(rows)],
            rows=len(rows),
            what="名班主任推选导出（学校）",
            subject=self.school,
            district_id=self.school.district_id,
            school_id=self.school.pk,
            name=f"名班主任推选-{self.school.name}.xlsx",
            fallback=f"pool-{self.school.code}.xlsx",
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            entries=list(school_entries(school=self.school)),
            decision_form=DecisionForm(),
            applied=PoolStatus.APPLIED,
        )
        return context

    def form_valid(self, form: BaseForm) -> HttpResponse:
        data = form.cleaned_data
        try:
            entry = pool_apply(
                actor=cast(Any, self.request.user),
                teacher=data["teacher"],
                year=data["year"],
                level=data["level"],
                statement=data["statement"],
            )
        except (ValidationError, PermissionDenied) as error:
            _refused(form, error, "您不能为该教师申报。")
            return self.form_invalid(form)
        messages.success(self.request, f"已代 {entry.teacher.name} 提交 {entry.year} 年度申报。")
        return redirect("backbone:pool_school", school_id=self.school.pk)


class RecommendView(SchoolPortalMixin, FormView):  # type: ignore[type-arg]
    """学校推荐 of one entry (POST; GET shows the entry with the form)."""

    template_name = "backbone/pool/decide.html"
    form_class = DecisionForm
    write_required = True

    def load_objects(self, **kwargs: Any) -> None:
        entry = school_entry_get(school=self.school, entry_id=kwargs["entry_id"])
        if entry is None:
            raise Http404
        self.entry = entry

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(entry=self.entry, step="学校推荐")
        return context

    def form_valid(self, form: BaseForm) -> HttpResponse:
        data = form.cleaned_data
        try:
            entry = pool_recommend(
                actor=cast(Any, self.request.user),
                entry=self.entry,
                recommend=data["decision"] == "yes",
                comment=data["comment"],
            )
        except (ValidationError, PermissionDenied) as error:
            _refused(form, error, "您不能推荐这条申报。")
            return self.form_invalid(form)
        messages.success(self.request, f"{entry.teacher.name}：{entry.get_status_display()}。")
        return redirect("backbone:pool_school", school_id=self.school.pk)


def _year(request: HttpRequest) -> int:
    current = current_school_year()
    return int_param(request, "year", default=current, low=2000, high=current + 1)


class BoardView(DistrictPortalMixin, ExportMixin, TemplateView):
    template_name = "backbone/pool/board.html"

    def export(self) -> Export:
        year = _year(self.request)
        rows = list(district_entries(district=self.district, year=year))
        return Export(
            sheets=[entry_sheet(rows)],
            rows=len(rows),
            what="名班主任推选导出（区）",
            subject=self.district,
            district_id=self.district.pk,
            name=f"名班主任推选-{self.district.name}-{year}.xlsx",
            fallback=f"pool-{self.district.code}-{year}.xlsx",
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        year = _year(self.request)
        years = sorted({*pool_years(district=self.district), current_school_year()}, reverse=True)
        context.update(
            year=year,
            years=years,
            recommended=PoolStatus.RECOMMENDED,
            entries=list(district_entries(district=self.district, year=year)),
        )
        return context


class ReviewView(DistrictPortalMixin, FormView):  # type: ignore[type-arg]
    """区级评审 of one entry: the district's reviewer or admin at the district itself."""

    template_name = "backbone/pool/decide.html"
    form_class = DecisionForm

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated and request.method not in ("GET", "HEAD", "OPTIONS"):
            access_district(request.user, kwargs["district_id"], roles=DISTRICT_ROLES)
        return super().dispatch(request, *args, **kwargs)

    def get_entry(self) -> Any:
        entry = district_entry_get(district=self.district, entry_id=self.kwargs["entry_id"])
        if entry is None:
            raise Http404
        return entry

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(entry=self.get_entry(), step="区级评审")
        return context

    def form_valid(self, form: BaseForm) -> HttpResponse:
        data = form.cleaned_data
        try:
            entry = pool_review(
                actor=cast(Any, self.request.user),
                entry=self.get_entry(),
                elect=data["decision"] == "yes",
                comment=data["comment"],
            )
        except (ValidationError, PermissionDenied) as error:
            _refused(form, error, "您不能评审这条申报。")
            return self.form_invalid(form)
        messages.success(self.request, f"{entry.teacher.name}：{entry.get_status_display()}。")
        board = reverse("backbone:pool_board", kwargs={"district_id": self.district.pk})
        return redirect(f"{board}?year={entry.year}")


class TalentPoolView(DistrictPortalMixin, ExportMixin, TemplateView):
    template_name = "backbone/pool/talent.html"

    def _filters(self) -> tuple[int | None, str]:
        year = self.request.GET.get("year", "")
        level = self.request.GET.get("level", "")
        return (int(year) if year.isdigit() else None, level if level in FamousLevel.values else "")

    def export(self) -> Export:
        year, level = self._filters()
        rows = list(pool_list(district=self.district, year=year, level=level))
        return Export(
            sheets=[entry_sheet(rows, "名班主任人才库")],
            rows=len(rows),
            what="名班主任人才库导出",
            subject=self.district,
            district_id=self.district.pk,
            name=f"名班主任人才库-{self.district.name}.xlsx",
            fallback=f"talent-pool-{self.district.code}.xlsx",
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        year, level = self._filters()
        context.update(
            year=year,
            level=level,
            levels=FamousLevel.choices,
            years=pool_years(district=self.district),
            rows=list(pool_list(district=self.district, year=year, level=level)),
        )
        return context


class TargetView(DistrictPortalMixin, ExportMixin, TemplateView):
    template_name = "backbone/pool/target.html"

    def _rows(self) -> tuple[Any, list[Any]]:
        reading = district_target(district=self.district)
        if reading is None:
            return None, []
        return reading, target_progress(district=self.district, until=reading.target_date)

    def export(self) -> Export:
        _, rows = self._rows()
        return Export(
            sheets=[target_sheet(rows)],
            rows=len(rows),
            what="名班主任培育进度导出",
            subject=self.district,
            district_id=self.district.pk,
            name=f"名班主任培育进度-{self.district.name}.xlsx",
            fallback=f"pool-target-{self.district.code}.xlsx",
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        reading, rows = self._rows()
        total = rows[-1].total if rows else 0
        context.update(
            reading=reading,
            rows=rows,
            total=total,
            counts=year_counts(district=self.district),
            reached=reading is not None and total >= reading.threshold,
            parameters=rule_parameters(district=self.district, rule_id="XB-TARGET"),
        )
        return context
