"""lishui-2015's school pages (/s/<school_id>/probation/…): 例外任用 (LS15-ELIGIBLE) with the
homeroom-years check (LS15-VETO) beside it, and the home visits (LS15-HOMEVISIT) with
their 导出 Excel. The school's leader records; the district's roles read."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.generic import TemplateView

from apps.core.schoolyear import current_school_year, today
from apps.core.web import Export, ExportMixin, year_param
from apps.core.xlsx import DATE, TableSheet
from apps.people import selectors as people_selectors
from apps.probation.forms.deputies import EligibilityExceptionForm, HomeVisitForm
from apps.probation.selectors.eligibility import (
    class_visits,
    eligibility_rules,
    school_exceptions,
    school_home_visits,
    short_of_homeroom_years,
    veto_min_years,
)
from apps.probation.services import eligibility_exception_record, home_visit_add
from apps.tenancy.mixins import SchoolPortalMixin

from .school import actor_of, saved_or_invalid, years_around


class ExceptionListView(SchoolPortalMixin, TemplateView):
    """例外任用 recorded by the school (POST adds one), and the teachers whose homeroom
    years are below LS15-VETO's minimum (a reading of the pack, marked 解释)."""

    template_name = "probation/eligibility/exceptions.html"

    def _teachers(self) -> list[Any]:
        return list(people_selectors.teacher_list(school=self.school))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        district = self.school.district
        least = veto_min_years(district=district)
        short = (
            short_of_homeroom_years(schools=[self.school], min_years=least, on=today()).get(
                self.school.pk, []
            )
            if least is not None
            else []
        )
        form = kwargs.get("form") or EligibilityExceptionForm(
            teachers=self._teachers(), initial={"school_year": current_school_year()}
        )
        context.update(
            exceptions=list(school_exceptions(school=self.school)), form=form,
            rules=eligibility_rules(district=district), veto_min=least, short=short,
        )  # fmt: skip
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        teachers = self._teachers()
        form = EligibilityExceptionForm(request.POST, teachers=teachers)
        by_id = {t.pk: t for t in teachers}

        def save(data: dict[str, Any]) -> str:
            teacher = by_id[data.pop("teacher")]
            eligibility_exception_record(
                school=self.school, actor=actor_of(request), teacher=teacher, **data
            )
            return f"已登记{teacher.name}的例外任用。"

        def invalid(bad: forms.Form) -> HttpResponse:
            return self.render_to_response(self.get_context_data(form=bad))

        back = reverse("probation:exceptions", args=[self.school.pk])
        return saved_or_invalid(request, form, save, back, invalid)


VISIT_HEADERS = ("日期", "班级", "家访户数", "备注", "登记人")


class HomeVisitListView(SchoolPortalMixin, ExportMixin, TemplateView):
    """The year's classes with homes visited against students, and the visit records;
    POST adds one; ?format=xlsx exports the records."""

    template_name = "probation/eligibility/home_visits.html"

    def export(self) -> Export:
        year = year_param(self.request)
        rows = [
            [v.date, str(v.school_class), v.homes, v.note, v.created_by.display_name]
            for v in school_home_visits(school=self.school, school_year=year)
        ]
        return Export(
            sheets=[TableSheet("家访记录", VISIT_HEADERS, rows, formats=(DATE,))],
            rows=len(rows), what="家访记录导出", subject=self.school, school_id=self.school.pk,
            name=f"家访记录-{self.school.name}-{year}学年.xlsx",
            fallback=f"home-visits-{self.school.code}-{year}.xlsx",
        )  # fmt: skip

    def _classes(self, year: int) -> list[Any]:
        return list(people_selectors.class_list(school=self.school, school_year=year))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        year = year_param(self.request)
        context.update(
            year=year, years=years_around(year),
            classes=class_visits(schools=[self.school], school_year=year).get(self.school.pk, []),
            visits=list(school_home_visits(school=self.school, school_year=year)),
            form=kwargs.get("form") or HomeVisitForm(classes=self._classes(year)),
        )  # fmt: skip
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        classes = self._classes(year_param(request))
        form = HomeVisitForm(request.POST, classes=classes)
        by_id = {c.pk: c for c in classes}

        def save(data: dict[str, Any]) -> str:
            school_class = by_id[data.pop("school_class")]
            home_visit_add(
                school=self.school, actor=actor_of(request), school_class=school_class, **data
            )
            return f"已登记{school_class}的家访。"

        def invalid(bad: forms.Form) -> HttpResponse:
            return self.render_to_response(self.get_context_data(form=bad))

        back = reverse("probation:home_visits", args=[self.school.pk])
        return saved_or_invalid(request, form, save, back, invalid)
