"""The studio rules pages (XH26-A2P-4.1, 选拔、考核办法及经费标准):

* district portal (/d/<district_id>/studios/rules/): the district's rules and its
  schools', each with its review status; the admin files the district's; the admin or
  reviewer accepts or returns a pending one — never one they filed (the kit refuses);
* school portal (/s/<school_id>/studios/rules/): the school's rules; its leader files them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import TemplateView

from apps.core.web import apply_service_errors, error_text
from apps.studios.forms.teams import ReviewForm, RulesForm
from apps.studios.selectors.teams import rules_get, rules_of
from apps.studios.services import rules_review, rules_submit
from apps.tenancy.access import holds_district_role
from apps.tenancy.mixins import SchoolPortalMixin
from apps.tenancy.models import Role

from .teams import DistrictTeamsMixin, _user


class RulesPageMixin:
    """The list with the filing form; POST files new rules (`school` of the page)."""

    template_name: str | None = "studios/rules/list.html"
    request: HttpRequest

    def node(self) -> dict[str, Any]:
        raise NotImplementedError

    def back(self) -> str:
        raise NotImplementedError

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = RulesForm(request.POST)
        if form.is_valid():
            try:
                rules_submit(actor=_user(request), **self.node(), **form.cleaned_data)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, "已提交工作室选拔、考核办法及经费标准，等待区级审核。")
                return redirect(self.back())
        return self.render_to_response(self.get_context_data(form=form))  # type: ignore[attr-defined, no-any-return]


class DistrictRulesView(DistrictTeamsMixin, RulesPageMixin, TemplateView):
    def node(self) -> dict[str, Any]:
        return {"district": self.district, "school": None}

    def back(self) -> str:
        return reverse("studios:district_rules", args=[self.district.pk])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = _user(self.request)
        context.update(
            rules=list(rules_of(district=self.district)), portal="district",
            may_file=holds_district_role(user, self.district.pk, (Role.DISTRICT_ADMIN,)),
            form=kwargs.get("form") or RulesForm(), review_form=ReviewForm(),
        )  # fmt: skip
        return context


class SchoolRulesView(SchoolPortalMixin, RulesPageMixin, TemplateView):
    def node(self) -> dict[str, Any]:
        return {"district": self.school.district, "school": self.school}

    def back(self) -> str:
        return reverse("studios:school_rules", args=[self.school.pk])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            rules=list(rules_of(district=self.school.district, school=self.school)),
            portal="school", may_file=self.can_edit, form=kwargs.get("form") or RulesForm(),
        )  # fmt: skip
        return context


class DistrictRulesReviewView(DistrictTeamsMixin, TemplateView):
    """Accept or return pending rules (the district's admin or reviewer)."""

    http_method_names: Sequence[str] = ["post"]

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        # Its reviewers decide too: skip the admin-only check of unsafe methods.
        return super(DistrictTeamsMixin, self).dispatch(request, *args, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        rules = rules_get(district=self.district, rules_id=kwargs["rules_id"])
        form = ReviewForm(request.POST)
        if not form.is_valid():
            messages.error(request, "请选择审核结果。")
        else:
            try:
                rules_review(rules=rules, reviewer=_user(request),
                             accept=form.cleaned_data["decision"] == "accept",
                             comment=form.cleaned_data["comment"])  # fmt: skip
            except ValidationError as error:
                messages.error(request, error_text(error))
            except PermissionDenied as error:
                messages.error(request, str(error) or "您不能审核该办法。")
            else:
                messages.success(request, f"已审核“{rules.title}”。")
        return redirect("studios:district_rules", self.district.pk)
