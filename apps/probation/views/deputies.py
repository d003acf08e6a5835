"""Deputies on the two tracks (XH26-DEPUTY, XH26-A2P-1.1…1.3), school portal
(/s/<school_id>/probation/deputies/…): each deputy of the year with the loop 培养 → 考核 →
聘任; a deputy's page with the training path and the assessment (training track) or the
case guidance (expert track), which the school's leader records."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.generic import TemplateView

from apps.core.web import year_param
from apps.people.models import AssignmentRole
from apps.probation.forms.deputies import CaseGuidanceForm, DeputyAssessForm, DeputyPathForm
from apps.probation.selectors.deputies import (
    age_at_year_start,
    deputy_age_limit,
    deputy_assignment_get,
    deputy_cases,
    deputy_row,
    school_deputies,
)
from apps.probation.services import case_guidance_add, deputy_assess, deputy_path_add
from apps.tenancy.mixins import SchoolPortalMixin

from .school import actor_of, saved_or_invalid, years_around

FORMS: dict[str, type[forms.Form]] = {
    "path": DeputyPathForm,
    "assess": DeputyAssessForm,
    "case": CaseGuidanceForm,
}


class DeputyListView(SchoolPortalMixin, TemplateView):
    """The year's deputies, one row per teacher and track, with where the loop stands."""

    template_name = "probation/deputies/list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        year = year_param(self.request)
        rows = school_deputies(school=self.school, school_year=year)
        limit = deputy_age_limit(district=self.school.district)
        for row in rows:
            row.age = age_at_year_start(row.teacher.birth_date, year)  # type: ignore[attr-defined]
        context.update(
            year=year, years=years_around(year), limit=limit,
            training=[r for r in rows if r.is_training],
            expert=[r for r in rows if not r.is_training],
        )  # fmt: skip
        return context


class DeputyDetailView(SchoolPortalMixin, TemplateView):
    """One deputy post: the path and assessment, or the case guidance; POST `action` =
    path | assess | case adds one (the school's leader)."""

    template_name = "probation/deputies/detail.html"

    def load_objects(self, **kwargs: Any) -> None:
        self.assignment = deputy_assignment_get(
            school=self.school, assignment_id=kwargs["assignment_id"]
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        row = deputy_row(assignment=self.assignment)
        training = row.is_training
        context.update(
            assignment=self.assignment, row=row,
            cases=[] if training else list(deputy_cases(assignment=self.assignment)),
            path_form=kwargs.get("path_form") or DeputyPathForm(),
            assess_form=kwargs.get("assess_form") or DeputyAssessForm(),
            case_form=kwargs.get("case_form") or CaseGuidanceForm(),
        )  # fmt: skip
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        action = request.POST.get("action", "")
        form_class = FORMS.get(
            action,
            FORMS["case" if self.assignment.role == AssignmentRole.DEPUTY_EXPERT else "path"],
        )
        form = form_class(request.POST)
        back = reverse("probation:deputy", args=[self.school.pk, self.assignment.pk])
        name = self.assignment.teacher.name

        def save(data: dict[str, Any]) -> str:
            if isinstance(form, DeputyAssessForm):
                deputy_assess(assignment=self.assignment, actor=actor_of(request), **data)
                return f"已登记{name}的考核结果。"
            if isinstance(form, CaseGuidanceForm):
                case_guidance_add(assignment=self.assignment, actor=actor_of(request), **data)
                return f"已登记{name}的个案指导。"
            deputy_path_add(assignment=self.assignment, actor=actor_of(request), **data)
            return f"已登记{name}的培养内容。"

        def invalid(bad: forms.Form) -> HttpResponse:
            key = {DeputyAssessForm: "assess_form", CaseGuidanceForm: "case_form"}.get(
                type(bad), "path_form"
            )
            return self.render_to_response(self.get_context_data(**{key: bad}))

        return saved_or_invalid(request, form, save, back, invalid)
