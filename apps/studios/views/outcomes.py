"""A team's outcomes (成果): the list with its 导出 Excel, the add form for the team's lead
and managers, and an outcome's file served back (logged). The team is fetched through
`selectors.team_get_for`: who may not read it gets a 404."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.urls import reverse
from django.views import View
from django.views.generic import TemplateView

from apps.core.access_log import log_data_access
from apps.core.web import Export, ExportMixin, apply_service_errors, file_response, read_upload
from apps.studios.excel.outcomes import outcome_sheet
from apps.studios.forms.outcomes import OutcomeForm
from apps.studios.selectors import (
    outcome_file_get,
    team_get_for,
    team_outcome_get,
    team_outcomes,
)
from apps.studios.services import outcome_add, outcome_promote
from apps.studios.services.outcomes import may_add_outcome, may_promote


class TeamMixin(LoginRequiredMixin):
    """Resolves the URL's team once, for a user who may read it (else 404)."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated:
            self.team = team_get_for(user=request.user, team_id=kwargs["team_id"])
        return super().dispatch(request, *args, **kwargs)


class OutcomeListView(TeamMixin, ExportMixin, TemplateView):
    template_name = "studios/outcomes/list.html"

    def export(self) -> Export:
        outcomes = list(team_outcomes(team=self.team))
        return Export(
            sheets=[outcome_sheet(outcomes)],
            rows=len(outcomes), what="工作室成果导出", subject=self.team,
            district_id=self.team.district_id, school_id=self.team.school_id,
            name=f"成果-{self.team.name}.xlsx", fallback=f"outcomes-{self.team.pk}.xlsx",
        )  # fmt: skip

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            team=self.team, outcomes=list(team_outcomes(team=self.team)),
            can_add=may_add_outcome(self.request.user, self.team),
            can_promote=may_promote(self.request.user, self.team),
        )  # fmt: skip
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        """XH26-A2P-4.3: the district's admin takes an outcome into the 成果集 or out."""
        if not may_promote(request.user, self.team):
            raise Http404
        outcome = team_outcome_get(team=self.team, outcome_id=request.POST.get("outcome", ""))
        promoted = request.POST.get("promoted") == "1"
        outcome_promote(outcome=outcome, actor=request.user, promoted=promoted)
        done = "收入成果集" if promoted else "移出成果集"
        messages.success(request, f"已将“{outcome.title}”{done}。")
        return HttpResponseRedirect(reverse("studios:outcome_list", args=[self.team.pk]))


class OutcomeCreateView(TeamMixin, TemplateView):
    template_name = "studios/outcomes/form.html"

    def _form(self, data: Any = None, files: Any = None) -> OutcomeForm:
        if not may_add_outcome(self.request.user, self.team):
            raise Http404
        return OutcomeForm(data, files, themes=list(self.team.themes.all()))

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.render_to_response({"team": self.team, "form": self._form()})

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self._form(request.POST, request.FILES)
        if form.is_valid():
            file_name, data = read_upload(form.cleaned_data.get("file"))
            try:
                made = outcome_add(
                    team=self.team, actor=request.user, file_name=file_name, data=data,
                    **form.service_fields(),
                )  # fmt: skip
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, f"已登记成果“{made.title}”。")
                url = reverse("studios:outcome_list", args=[self.team.pk])
                return HttpResponseRedirect(url)
        return self.render_to_response({"team": self.team, "form": form}, status=400)


class OutcomeFileView(TeamMixin, View):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        stored, data = outcome_file_get(team=self.team, file_id=kwargs["file_id"])
        log_data_access(
            request, what="工作室成果材料下载", subject=stored,
            district_id=self.team.district_id, school_id=self.team.school_id,
        )  # fmt: skip
        return file_response(stored, data, prefix="outcome")
