"""Pages of the tiered programmes 启航 / 续航 / 领航 (XH26-TIER, district portal,
/d/<district_id>/programmes/…): the district's cohorts of a school year, creating or
editing one with its course list, a cohort's members with their programme hours and the
completion suggestion, enrolling from the eligibility list, and marking members.

The district comes from the URL once (`DistrictProgrammeMixin`: its roles read, its admin
writes) and every row is fetched through selectors scoped to it, so another district's
cohort is a 404 like one that does not exist. Writes go through the
services.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views import View
from django.views.generic import TemplateView

from apps.core.web import Export, ExportMixin, apply_service_errors, int_param, year_param
from apps.core.xlsx import TableSheet
from apps.training.forms.common import school_year_choices_with_next
from apps.training.forms.programmes import CohortForm, course_formset, courses_from
from apps.training.models import Cohort, MemberStatus, Programme
from apps.training.selectors.common import district_schools
from apps.training.selectors.programmes import (
    cohort_eligibility,
    cohort_get,
    cohort_list,
    cohort_members,
    cohort_members_by_ids,
    cohort_years,
    district_teachers_by_ids,
    eligible_teachers,
    homeroom_years,
    qihang_window,
)
from apps.training.services.programmes import (
    PROGRAMMES,
    CourseInput,
    cohort_create,
    cohort_enrol,
    cohort_members_set_status,
    cohort_update,
)

from .common import DistrictProgrammeMixin, years_around

PAGE_SIZE = 50


COHORT_HEADERS = ("学年", "培养工程", "班次", "要求学时", "课程学时", "在读", "结业", "退出")


class CohortListView(DistrictProgrammeMixin, ExportMixin, TemplateView):
    """The year's cohorts (启航/续航/领航); ?format=xlsx exports them with their counts."""

    template_name = "training/programmes/cohort_list.html"

    def export(self) -> Export:
        year = year_param(self.request)
        rows = [
            [c.school_year, c.get_programme_display(), c.name, c.required_hours,
             c.course_hours, c.enrolled_count, c.completed_count, c.withdrawn_count]  # type: ignore[attr-defined]
            for c in cohort_list(district=self.district, school_year=year)
        ]  # fmt: skip
        return Export(
            sheets=[TableSheet("培养班次", COHORT_HEADERS, rows)], rows=len(rows),
            what="培养班次导出", district_id=self.district.pk,
            name=f"培养工程-{self.district.name}-{year}学年.xlsx",
            fallback=f"cohorts-{self.district.code}-{year}.xlsx",
        )  # fmt: skip

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        year = year_param(self.request)
        years = sorted({*years_around(year), *cohort_years(district=self.district)}, reverse=True)
        cohorts = list(cohort_list(district=self.district, school_year=year))
        existing = {c.programme for c in cohorts}
        context.update(
            year=year,
            years=years,
            cohorts=cohorts,
            missing=[p for p in PROGRAMMES if p not in existing],
            window=qihang_window(district=self.district),
        )
        return context


class CohortFormView(DistrictProgrammeMixin, TemplateView):
    """Create a cohort, or (with a cohort in the URL) edit its name, hours and courses."""

    template_name = "training/programmes/cohort_form.html"
    write_required = True
    cohort: Cohort | None = None

    def _forms(self, data: Any = None) -> tuple[CohortForm, Any]:
        if self.cohort is None:
            initial: dict[str, Any] = {}
            if self.request.GET.get("programme") in PROGRAMMES:
                initial["programme"] = self.request.GET["programme"]
            if (year := int_param(self.request, "year", default=0)) in dict(
                school_year_choices_with_next()
            ):
                initial["school_year"] = year
            return CohortForm(data, initial=initial), course_formset(data)
        cohort = self.cohort
        form = CohortForm(
            data,
            editing=True,
            initial={
                "programme": cohort.programme,
                "school_year": cohort.school_year,
                "name": cohort.name,
                "required_hours": cohort.required_hours,
            },
        )
        courses = [{"title": c.title, "hours": c.hours} for c in cohort.courses.all()]
        return form, course_formset(data, courses=courses)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form, courses = self._forms()
        return self.render_to_response(self.get_context_data(form=form, courses=courses))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form, courses = self._forms(request.POST)
        if form.is_valid() and courses.is_valid():
            rows = [CourseInput(**row) for row in courses_from(courses)]
            data = form.cleaned_data
            try:
                if self.cohort is None:
                    cohort = cohort_create(
                        district=self.district,
                        actor=request.user,
                        programme=data["programme"],
                        school_year=data["school_year"],
                        name=data["name"],
                        required_hours=data["required_hours"],
                        courses=rows,
                    )
                else:
                    cohort = cohort_update(
                        cohort=self.cohort,
                        actor=request.user,
                        name=data["name"],
                        required_hours=data["required_hours"],
                        courses=rows,
                    )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, f"班次“{cohort.name}”已保存。")
                return redirect("training:cohort_detail", self.district.pk, cohort.pk)
        return self.render_to_response(self.get_context_data(form=form, courses=courses))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            cohort=self.cohort,
            title="编辑班次" if self.cohort else "新建班次",
            back=reverse("training:cohort_detail", args=[self.district.pk, self.cohort.pk])
            if self.cohort
            else reverse("training:cohort_list", args=[self.district.pk]),
        )
        return context


class CohortUpdateView(CohortFormView):
    def load_objects(self, **kwargs: Any) -> None:
        self.cohort = cohort_get(district=self.district, cohort_id=kwargs["cohort_id"])


class CohortDetailView(DistrictProgrammeMixin, TemplateView):
    """The cohort's courses and members, with each member's programme hours from the
    ledger and whether they reach the required hours (the completion suggestion)."""

    template_name = "training/programmes/cohort_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        cohort = cohort_get(district=self.district, cohort_id=self.kwargs["cohort_id"])
        status = self.request.GET.get("status", "")
        if status not in MemberStatus.values:
            status = ""
        rows = cohort_members(cohort=cohort)
        counts = dict.fromkeys(MemberStatus.values, 0)
        for row in rows:
            counts[row.member.status] += 1
        context.update(
            cohort=cohort,
            courses=list(cohort.courses.all()),
            course_hours=sum((c.hours for c in cohort.courses.all()), 0),
            rows=[r for r in rows if not status or r.member.status == status],
            status=status,
            statuses=[(value, label, counts[value]) for value, label in MemberStatus.choices],
            total=len(rows),
            suggested=[r.member.pk for r in rows if r.can_complete],
        )
        return context


class CohortEnrolView(DistrictProgrammeMixin, TemplateView):
    """The eligibility list (XH26-TIER) to enrol from; POST enrols the ticked teachers."""

    template_name = "training/programmes/cohort_enrol.html"

    def load_objects(self, **kwargs: Any) -> None:
        self.cohort = cohort_get(district=self.district, cohort_id=kwargs["cohort_id"])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        search = self.request.GET.get("q", "").strip()
        school = self.request.GET.get("school", "")
        teachers = eligible_teachers(cohort=self.cohort, search=search, school_id=school)
        page = Paginator(teachers, PAGE_SIZE).get_page(self.request.GET.get("page"))
        page.object_list = list(page.object_list)
        for teacher in page.object_list:
            teacher.homeroom_years = homeroom_years(  # type: ignore[attr-defined]
                teacher=teacher, school_year=self.cohort.school_year
            )
        context.update(
            cohort=self.cohort,
            eligibility=cohort_eligibility(cohort=self.cohort),
            page=page,
            q=search,
            school=school,
            schools=district_schools(district=self.district),
            is_qihang=self.cohort.programme == Programme.QIHANG,
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        wanted = request.POST.getlist("teacher")
        teachers = district_teachers_by_ids(district=self.district, teacher_ids=wanted)
        back = reverse("training:cohort_enrol", args=[self.district.pk, self.cohort.pk])
        if query := request.POST.get("back_query", ""):
            back = f"{back}?{query}"
        if len(teachers) != len(set(wanted)):
            messages.error(request, "部分所选教师不属于本区，未报名任何人，请刷新后重新勾选。")
            return redirect(back)
        try:
            enrolled = cohort_enrol(cohort=self.cohort, teachers=teachers, actor=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect(back)
        messages.success(request, f"已将 {len(enrolled)} 名教师编入“{self.cohort.name}”。")
        return redirect(back)


class CohortMembersView(DistrictProgrammeMixin, View):
    """POST: mark the ticked members completed, withdrawn, or back in the cohort."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        cohort = cohort_get(district=self.district, cohort_id=kwargs["cohort_id"])
        action = request.POST.get("action", "")
        members = cohort_members_by_ids(cohort=cohort, member_ids=request.POST.getlist("member"))
        try:
            changed = cohort_members_set_status(
                cohort=cohort, members=members, action=action, actor=request.user
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            label = {"complete": "标记为已结业", "withdraw": "标记为退出", "reenrol": "恢复为在读"}
            messages.success(request, f"已将 {changed} 名学员{label[action]}。")
        return redirect("training:cohort_detail", self.district.pk, cohort.pk)
