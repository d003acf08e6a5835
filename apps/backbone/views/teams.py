"""District pages of the growth teams (/d/<district_id>/backbone/teams/…): the board
(each tier's count against XB-TEAMS; per team its XB-TEAM-SIZE and XB-LEADER checks,
green or red with the rule) with 导出 Excel of teams and members and the new-team form;
a team's page (members, the admission queue with the step buttons, mentors,
assessments, exception reason) and its POST-only actions. The district's roles read,
its admin writes (else 404); a refusal is shown naming the rule."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cached_property
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import TemplateView

from apps.backbone.excel.teams import member_sheet, team_sheet
from apps.backbone.forms.teams import MemberActionForm, TeamActionForm, TeamForm
from apps.backbone.models import AdmissionStatus, GrowthMember, GrowthTeam
from apps.backbone.selectors import admissions as adm
from apps.backbone.selectors import teams as sel
from apps.backbone.selectors.growth import team_assessments
from apps.backbone.services import admissions, growth, teams
from apps.core.schoolyear import current_school_year, today
from apps.core.web import Export, ExportMixin, error_text
from apps.tenancy.access import access_district
from apps.tenancy.mixins import DistrictPortalMixin
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
    def team(self) -> GrowthTeam:
        found = sel.team_of_district(district=self.district, team_id=self.kwargs["team_id"])
        if found is None:
            raise Http404
        return found

    def team_url(self, team_id: int) -> str:
        return reverse("backbone:team_detail", args=[self.district.pk, team_id])


def _run(request: HttpRequest, act: Callable[[], str]) -> None:
    try:
        messages.success(request, act())
    except ValidationError as error:
        messages.error(request, error_text(error))
    except PermissionDenied:
        raise Http404 from None


def _form_errors(form: Any) -> str:
    return "；".join(str(e) for errs in form.errors.values() for e in errs)


class TeamBoardView(DistrictTeamsMixin, ExportMixin, TemplateView):
    """The board; ?format=xlsx exports the teams and their members; POST creates a team."""

    template_name = "backbone/teams/board.html"

    def export(self) -> Export:
        members = list(adm.district_members(district=self.district))
        sheets = [member_sheet(members)]
        if sel.teams_apply(district=self.district):
            sheets.insert(0, team_sheet(district=self.district, year=current_school_year()))
        return Export(sheets=sheets, rows=len(members), what="名班主任成长团队导出",
                      subject=self.district, name=f"成长团队-{self.district.name}.xlsx",
                      fallback="growth-teams.xlsx", district_id=self.district.pk)  # fmt: skip

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if not sel.teams_apply(district=self.district):
            context.update(applies=False, no_pack=sel.NO_PACK)
            return context
        rows = sel.team_rows(district=self.district)
        params = sel.team_params(district=self.district)
        context.update(applies=True, rows=rows, tiers=sel.tier_counts(rows, params),
                       form=kwargs.get("form") or TeamForm())  # fmt: skip
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = TeamForm(request.POST)
        if not form.is_valid():
            messages.error(request, _form_errors(form))
            return redirect(request.path)
        data = form.cleaned_data
        leader = sel.district_teacher(district=self.district, teacher_id=data["leader"])

        def act() -> str:
            team = teams.team_create(
                actor=request.user, district=self.district, tier=data["tier"],
                name=data["name"], leader=leader, elected_on=data["elected_on"],
                established_on=data["established_on"],
                leader_exception_reason=data["leader_exception_reason"],
            )  # fmt: skip
            return f"已组建“{team.name}”。"

        _run(request, act)
        return redirect(request.path)


class TeamDetailView(DistrictTeamsMixin, TemplateView):
    template_name = "backbone/teams/detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        team = self.team
        applies = sel.teams_apply(district=self.district)
        rows = sel.team_rows(district=self.district) if applies else []
        row = next((r for r in rows if r.team.pk == team.pk), None)
        members = list(adm.team_admissions(team=team))
        context.update(
            team=team, row=row, mentors=list(sel.team_mentors(team=team)),
            confirmed=[m for m in members if m.status == AdmissionStatus.CONFIRMED],
            queue=[m for m in members if m.status in adm.ACTIVE],
            declined=[m for m in members if m.status == AdmissionStatus.DECLINED],
            vacancies=list(adm.vacancies(team=team)),
            assessments=list(team_assessments(team=team)),
            teachers=list(sel.district_teacher_choices(district=self.district)),
            today=today(), last_year=current_school_year() - 1,
        )  # fmt: skip
        return context


class TeamActionView(DistrictTeamsMixin, TemplateView):
    """POST-only: a mentor, the exception reason, the roster's confirmation, a new
    leader election."""

    http_method_names: Sequence[str] = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = TeamActionForm(request.POST)
        if not form.is_valid():
            messages.error(request, _form_errors(form))
            return redirect(self.team_url(self.team.pk))
        data, team, actor = form.cleaned_data, self.team, request.user

        def act() -> str:
            if data["action"] == "mentor":
                mentor = teams.mentor_add(actor=actor, team=team, name=data["name"],
                                          affiliation=data["affiliation"],
                                          appointed_on=data["on"])  # fmt: skip
                return f"已聘请导师{mentor.name}。"
            if data["action"] == "exception":
                teams.team_exception_set(actor=actor, team=team, reason=data["reason"])
                return "已记录例外说明。"
            if data["action"] == "roster":
                teams.roster_confirm(actor=actor, team=team, on=data["on"])
                return "已确定团队名单。"
            leader = sel.district_teacher(district=self.district, teacher_id=data["leader"])
            teams.leader_elect(actor=actor, team=team, leader=leader, elected_on=data["on"],
                               leader_exception_reason=data["reason"])  # fmt: skip
            return "已登记新一届领衔人。"

        _run(request, act)
        return redirect(self.team_url(team.pk))


class MemberActionView(DistrictTeamsMixin, TemplateView):
    """POST-only on one admission or member: the district's step (pass or decline),
    确定名单, leaving, the yearly assessment."""

    http_method_names: Sequence[str] = ["post"]

    @cached_property
    def member(self) -> GrowthMember:
        found = adm.member_of_district(district=self.district, member_id=self.kwargs["member_id"])
        if found is None:
            raise Http404
        return found

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        member, form = self.member, MemberActionForm(request.POST)
        if not form.is_valid():
            messages.error(request, _form_errors(form))
        else:
            _run(request, lambda: _member_act(request.user, member, form.cleaned_data))
        return redirect(self.team_url(member.team_id))


def _member_act(actor: Any, member: GrowthMember, data: dict[str, Any]) -> str:
    name, action = member.teacher.name, data["action"]
    if action in ("pass", "decline"):
        done = admissions.admission_step(actor=actor, member=member, accept=action == "pass",
                                         comment=data["comment"])  # fmt: skip
        return f"{name}：{done.get_status_display()}。"
    if action == "confirm":
        admissions.admission_confirm(actor=actor, member=member, on=data["on"] or today())
        return f"{name}已确定为团队成员。"
    if action == "leave":
        admissions.member_leave(actor=actor, member=member, on=data["on"],
                                reason=data["reason"], comment=data["comment"])  # fmt: skip
        return f"{name}已退出团队，空缺可递补。"
    growth.assessment_enter(actor=actor, member=member, year=data["year"],
                            result=data["result"], funding=data["funding"],
                            decision=data["decision"], on=data["on"])  # fmt: skip
    return f"已录入{name}{data['year']}学年考核。"
