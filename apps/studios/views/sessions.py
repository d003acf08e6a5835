"""A team's sessions: `studio/teams/<team_id>/sessions/new/` records one — its topic,
minutes and the members who attended, ticked by school — for the lead or a manager, and
`studio/teams/<team_id>/sessions/<session_id>/` shows it with who attended."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.generic import FormView, TemplateView

from apps.core.web import apply_service_errors
from apps.studios.forms.sessions import SessionForm
from apps.studios.selectors import members_by_school, session_attendees, session_get
from apps.studios.services import session_record

from .space import TeamMixin

NOT_ALLOWED = "您不能为该工作室登记活动。"


class SessionCreateView(TeamMixin, FormView):  # type: ignore[type-arg]
    template_name = "studios/sessions/new.html"
    write_required = True

    def get_form_kwargs(self) -> dict[str, Any]:
        self.groups = members_by_school(team=self.team)
        ids = [m.teacher_id for _, members in self.groups for m in members]
        return super().get_form_kwargs() | {"team": self.team, "member_ids": ids}

    def get_form_class(self) -> type[Form]:
        return SessionForm

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = context["form"]
        ticked = {str(v) for v in (form["teachers"].value() or [])}
        context.update(groups=self.groups, ticked=ticked)
        return context

    def form_valid(self, form: Form) -> HttpResponse:
        values = dict(form.cleaned_data)
        try:
            session = session_record(team=self.team, actor=self.request.user, **values)
        except ValidationError as error:
            apply_service_errors(form, error)
            return self.form_invalid(form)
        except PermissionDenied:
            form.add_error(None, NOT_ALLOWED)
            return self.form_invalid(form)
        messages.success(self.request, "活动已登记，学时已计入参加成员的学时档案。")
        return redirect("studios:session_detail", team_id=self.team.pk, session_id=session.pk)


class SessionDetailView(TeamMixin, TemplateView):
    template_name = "studios/sessions/detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        session = session_get(team=self.team, session_id=kwargs["session_id"])
        context.update(
            session=session,
            activity=session.activity,
            attendees=session_attendees(session=session),
        )
        return context
