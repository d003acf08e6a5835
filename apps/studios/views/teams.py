"""Team pages (工作室与工作坊, XH26-A2-2 / XH26-A2P-4 / XB23-WORKSHOP).

* district portal (/d/<district_id>/studios/…): every team of the district with 导出
  Excel, a team's page (host, members by school with their 导出 Excel, themes, funding,
  plans, leads) and its actions; its roles read, its admin writes (else 404);
* school portal (/s/<school_id>/studios/…): the school's own teams and the district's
  teams with members from the school (those read-only, showing the school's members);
  the school's leader creates and edits the school's teams, adds members, grants the lead.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import TemplateView

from apps.accounts.models import User
from apps.core.web import Export, ExportMixin, apply_service_errors, error_text, read_upload
from apps.studios.excel.teams import member_sheet, team_sheet
from apps.studios.forms.teams import (
    FundingForm,
    LeadForm,
    LeaveForm,
    MembersForm,
    PlanForm,
    TeamForm,
    ThemeForm,
)
from apps.studios.models import Team, TeamKind
from apps.studios.selectors import teams as sel
from apps.studios.services import (
    TeamFields,
    funding_add,
    plan_save,
    team_create,
    team_end,
    team_update,
    theme_add,
)
from apps.tenancy.access import access_district, holds_district_role
from apps.tenancy.mixins import DistrictPortalMixin, SchoolPortalMixin
from apps.tenancy.models import Role

SAFE = ("GET", "HEAD", "OPTIONS")


class DistrictTeamsMixin(DistrictPortalMixin):
    """The district's roles read; an unsafe method needs its admin (else 404)."""

    request: HttpRequest
    kwargs: dict[str, Any]

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated and request.method not in SAFE:
            access_district(request.user, kwargs["district_id"], roles=(Role.DISTRICT_ADMIN,))
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def team(self) -> Team:
        return sel.district_team_get(district=self.district, team_id=self.kwargs["team_id"])

    def team_url(self, team: Team) -> str:
        return reverse("studios:district_team", args=[self.district.pk, team.pk])


class SchoolTeamsMixin(SchoolPortalMixin):
    """The school's roles read; the school's leader writes — on the school's own teams."""

    request: HttpRequest
    own_only = False

    def load_objects(self, **kwargs: Any) -> None:
        if "team_id" in kwargs:
            self._team = sel.school_team_get(school=self.school, team_id=kwargs["team_id"])
            if self.own_only and self._team.school_id != self.school.pk:
                raise Http404

    @cached_property
    def team(self) -> Team:
        return self._team

    def team_url(self, team: Team) -> str:
        return reverse("studios:school_team", args=[self.school.pk, team.pk])


def _export(teams: list[Team], *, name: str, subject: Any, **where: Any) -> Export:
    return Export(sheets=[team_sheet(teams)], rows=len(teams), what="工作室与工作坊导出",
                  subject=subject, name=f"工作室与工作坊-{name}.xlsx",
                  fallback="teams.xlsx", **where)  # fmt: skip


class DistrictTeamListView(DistrictTeamsMixin, ExportMixin, TemplateView):
    """Every team of the district (`?kind=`, `?q=`); ?format=xlsx exports them."""

    template_name = "studios/teams/list.html"

    def teams(self) -> list[Team]:
        get = self.request.GET
        return list(sel.district_teams(district=self.district, kind=get.get("kind"),
                                       search=get.get("q", "").strip()))  # fmt: skip

    def export(self) -> Export:
        return _export(self.teams(), name=self.district.name, subject=self.district,
                       district_id=self.district.pk)  # fmt: skip

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            teams=self.teams(),
            kinds=TeamKind.choices,
            portal="district",
            kind=self.request.GET.get("kind", ""),
            q=self.request.GET.get("q", ""),
        )
        return context


class SchoolTeamListView(SchoolTeamsMixin, ExportMixin, TemplateView):
    """The school's teams; ?format=xlsx exports them."""

    template_name = "studios/teams/list.html"

    def export(self) -> Export:
        teams = list(sel.school_teams(school=self.school))
        return _export(teams, name=self.school.name, subject=self.school,
                       school_id=self.school.pk)  # fmt: skip

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(teams=list(sel.school_teams(school=self.school)), portal="school")
        return context


def _fields(data: dict[str, Any], hosts: dict[int, Any]) -> TeamFields:
    host = hosts.get(data["host"]) if data.get("host") else None
    return TeamFields(
        name=data["name"],
        host=host,
        host_name=data["host_name"],
        host_kind=data["host_kind"],
        workshop_type=data["workshop_type"],
        established_on=data["established_on"],
        description=data["description"],
    )


class TeamFormMixin:
    """Create (no `team_id`) or edit a team; `node_school` is the team's school."""

    template_name: str | None = "studios/teams/form.html"
    request: HttpRequest
    kwargs: dict[str, Any]

    def hosts(self) -> list[Any]:
        raise NotImplementedError

    def save(self, data: dict[str, Any], hosts: dict[int, Any]) -> Team:
        raise NotImplementedError

    def editing(self) -> Team | None:
        return getattr(self, "team", None) if "team_id" in self.kwargs else None

    def make_form(self, data: Any = None) -> TeamForm:
        team = self.editing()
        initial = None
        if team is not None:
            initial = {
                "name": team.name,
                "host": team.host_id,
                "host_name": team.host_name,
                "host_kind": team.host_kind,
                "workshop_type": team.workshop_type,
                "established_on": team.established_on,
                "description": team.description,
            }
        return TeamForm(data, initial=initial, teachers=self.hosts(), edit=team is not None)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        context.update(form=kwargs.get("form") or self.make_form(), team=self.editing())
        return context  # type: ignore[no-any-return]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        hosts = self.hosts()
        form = self.make_form(request.POST)
        if form.is_valid():
            try:
                team = self.save(form.cleaned_data, {t.pk: t for t in hosts})
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, f"已保存“{team.name}”。")
                return redirect(self.team_url(team))  # type: ignore[attr-defined]
        return self.render_to_response(self.get_context_data(form=form))  # type: ignore[attr-defined, no-any-return]


class DistrictTeamFormView(DistrictTeamsMixin, TeamFormMixin, TemplateView):
    """A district team: new, or edit one of the district's teams (its admin)."""

    def hosts(self) -> list[Any]:
        if self.editing() is not None and self.team.school is not None:
            return sel.node_teachers(team=self.team)
        return list(sel.district_teachers(district=self.district))

    def save(self, data: dict[str, Any], hosts: dict[int, Any]) -> Team:
        actor = _user(self.request)
        if (team := self.editing()) is not None:
            return team_update(team=team, actor=actor, fields=_fields(data, hosts))
        f = _fields(data, hosts)
        return team_create(district=self.district, school=None, actor=actor, kind=data["kind"],
                           name=f.name, host=f.host, host_name=f.host_name,
                           host_kind=f.host_kind, workshop_type=f.workshop_type,
                           established_on=f.established_on, description=f.description)  # fmt: skip


class SchoolTeamFormView(SchoolTeamsMixin, TeamFormMixin, TemplateView):
    """A school team: new, or edit one of the school's own (the school's leader)."""

    write_required = True
    own_only = True

    def hosts(self) -> list[Any]:
        return list(sel.school_teachers(school=self.school))

    def save(self, data: dict[str, Any], hosts: dict[int, Any]) -> Team:
        actor = _user(self.request)
        if (team := self.editing()) is not None:
            return team_update(team=team, actor=actor, fields=_fields(data, hosts))
        f = _fields(data, hosts)
        return team_create(district=self.school.district, school=self.school, actor=actor,
                           kind=data["kind"], name=f.name, host=f.host, host_name=f.host_name,
                           host_kind=f.host_kind, workshop_type=f.workshop_type,
                           established_on=f.established_on, description=f.description)  # fmt: skip


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


class TeamDetailMixin(ExportMixin):
    """A team's page; ?format=xlsx exports its roster."""

    template_name: str | None = "studios/teams/detail.html"
    request: HttpRequest

    @property
    def team(self) -> Team:
        raise NotImplementedError

    def roster(self) -> list[sel.MemberRow]:
        return sel.team_members(team=self.team)

    def export(self) -> Export:
        rows = self.roster()
        return Export(sheets=[member_sheet(rows)], rows=len(rows), what="工作室成员导出",
                      subject=self.team, name=f"成员-{self.team.name}.xlsx",
                      fallback=f"team-{self.team.pk}-members.xlsx",
                      district_id=self.team.district_id, school_id=self.team.school_id)  # fmt: skip

    def forms(self) -> dict[str, forms.Form]:
        current = {m.teacher_id for m in self.roster()}
        joinable = [t for t in sel.node_teachers(team=self.team) if t.pk not in current]
        return {"members_form": MembersForm(teachers=joinable), "end_form": LeaveForm(),
                "lead_form": LeadForm(teachers=sel.lead_candidates(team=self.team))}  # fmt: skip

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        members = self.roster()
        schools: dict[str, list[sel.MemberRow]] = {}
        for m in members:
            schools.setdefault(m.school_name, []).append(m)
        context.update(
            team=self.team,
            members=members,
            members_by_school=schools,
            themes=sel.team_themes(team=self.team),
            funding=sel.team_funding(team=self.team),
            plans=sel.team_plans(team=self.team),
            leads=sel.team_leads(team=self.team),
        )
        return context  # type: ignore[no-any-return]


class DistrictTeamDetailView(DistrictTeamsMixin, TeamDetailMixin, TemplateView):
    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        admin = holds_district_role(_user(self.request), self.district.pk, (Role.DISTRICT_ADMIN,))
        context.update(portal="district", manage=admin)
        if admin:
            context.update(self.forms(), theme_form=ThemeForm(), funding_form=FundingForm(),
                           plan_form=PlanForm())  # fmt: skip
        return context


class SchoolTeamDetailView(SchoolTeamsMixin, TeamDetailMixin, TemplateView):
    def roster(self) -> list[sel.MemberRow]:
        own = self.team.school_id == self.school.pk
        return sel.team_members(team=self.team, school=None if own else self.school)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        manage = self.can_edit and self.team.school_id == self.school.pk
        context.update(portal="school", manage=manage)
        if manage:
            context.update(self.forms())
        return context


class TeamActionMixin:
    """A POST-only action on a team's page: the form, the service, back to the page with
    the outcome (a refusal shown in Chinese)."""

    request: HttpRequest
    http_method_names: Sequence[str] = ["post"]

    @property
    def team(self) -> Team:
        raise NotImplementedError

    def act(self, form: forms.Form) -> str:
        raise NotImplementedError

    def make(self, data: Any, files: Any) -> forms.Form:
        raise NotImplementedError

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self.make(request.POST, request.FILES)
        if not form.is_valid():
            messages.error(
                request, "；".join(str(e) for errs in form.errors.values() for e in errs)
            )
        else:
            try:
                messages.success(request, self.act(form))
            except ValidationError as error:
                messages.error(request, error_text(error))
            except PermissionDenied:
                raise Http404 from None
        return redirect(self.team_url(self.team))  # type: ignore[attr-defined]


class ThemeAction(TeamActionMixin):
    def make(self, data: Any, files: Any) -> forms.Form:
        return ThemeForm(data)

    def act(self, form: forms.Form) -> str:
        theme = theme_add(team=self.team, actor=_user(self.request), **form.cleaned_data)
        return f"已添加研究主题“{theme.title}”。"


class FundingAction(TeamActionMixin):
    def make(self, data: Any, files: Any) -> forms.Form:
        return FundingForm(data)

    def act(self, form: forms.Form) -> str:
        funding = funding_add(team=self.team, actor=_user(self.request), **form.cleaned_data)
        return f"已登记经费 {funding.amount} 元。"


class PlanAction(TeamActionMixin):
    def make(self, data: Any, files: Any) -> forms.Form:
        return PlanForm(data, files)

    def act(self, form: forms.Form) -> str:
        values = dict(form.cleaned_data)
        name, data = read_upload(values.pop("file"))
        plan = plan_save(team=self.team, actor=_user(self.request), file_name=name,
                         file_data=data, **values)  # fmt: skip
        return f"已保存“{plan.title}”。"


class DistrictThemeView(DistrictTeamsMixin, ThemeAction, TemplateView):
    pass


class DistrictFundingView(DistrictTeamsMixin, FundingAction, TemplateView):
    pass


class DistrictPlanView(DistrictTeamsMixin, PlanAction, TemplateView):
    pass


class EndAction(TeamActionMixin):
    """The team ends (it stays on record)."""

    def make(self, data: Any, files: Any) -> forms.Form:
        return LeaveForm(data)

    def act(self, form: forms.Form) -> str:
        team_end(team=self.team, actor=_user(self.request), ended_on=form.cleaned_data["on"])
        return f"“{self.team.name}”已结束。"


class DistrictEndView(DistrictTeamsMixin, EndAction, TemplateView):
    pass


class SchoolEndView(SchoolTeamsMixin, EndAction, TemplateView):
    own_only = True
