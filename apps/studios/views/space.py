"""The studio lead's space (工作室空间), phone first: `studio/` lands on the user's teams —
straight on the team when there is one — and `studio/teams/<team_id>/` shows one team:
members (name, school), sessions with attendance, the yearly plan, outcomes and the
quarterly briefs' due dates. A team the user may not read is a 404
(apps.studios.access.may_read)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpRequest, HttpResponseBase
from django.shortcuts import redirect
from django.views.generic import TemplateView

from apps.studios.models import Team
from apps.studios.selectors import team_get_for, team_space, teams_of
from apps.studios.services import may_record_sessions


class TeamMixin(LoginRequiredMixin):
    """`self.team` for views under studio/teams/<team_id>/: readable by the user, and
    for `write_required` views (and any unsafe method) one whose sessions they record."""

    write_required = False
    team: Team

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.team = team_get_for(user=request.user, team_id=kwargs["team_id"])
        self.can_record = may_record_sessions(request.user, self.team)
        write = self.write_required or request.method not in ("GET", "HEAD", "OPTIONS")
        if write and not self.can_record:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)  # type: ignore[misc]
        context.update(team=self.team, can_record=self.can_record)
        return context


class SpaceView(LoginRequiredMixin, TemplateView):
    """我的工作室: the user's teams; with exactly one, that team's page."""

    template_name = "studios/space.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        self.teams = list(teams_of(user=request.user))
        if len(self.teams) == 1:
            return redirect("studios:team_space", team_id=self.teams[0].pk)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**kwargs) | {"teams": self.teams}


class TeamSpaceView(TeamMixin, TemplateView):
    template_name = "studios/space_team.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["space"] = team_space(team=self.team)
        return context
