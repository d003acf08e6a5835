"""Members and leads on a team's page (工作室成员、主持人账号): teachers join (the
school's for its team, the district's for the district's), a member leaves, a teacher
with a login is granted the lead — POST-only actions of the district portal (its admin)
and of the school portal (its leader, on the school's own teams)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.views.generic import TemplateView

from apps.studios.forms.teams import LeadForm, LeaveForm, MembersForm
from apps.studios.selectors import teams as sel
from apps.studios.services import lead_grant, member_add, member_leave

from .teams import DistrictTeamsMixin, SchoolTeamsMixin, TeamActionMixin, _user


class MembersAction(TeamActionMixin):
    def make(self, data: Any, files: Any) -> forms.Form:
        return MembersForm(data, teachers=sel.node_teachers(team=self.team))

    def act(self, form: forms.Form) -> str:
        wanted = set(form.cleaned_data["teachers"])
        teachers = [t for t in sel.node_teachers(team=self.team) if t.pk in wanted]
        member_add(team=self.team, teachers=teachers, actor=_user(self.request),
                   joined_on=form.cleaned_data["joined_on"])  # fmt: skip
        return f"已加入 {len(teachers)} 名成员。"


class LeadAction(TeamActionMixin):
    def make(self, data: Any, files: Any) -> forms.Form:
        return LeadForm(data, teachers=sel.lead_candidates(team=self.team))

    def act(self, form: forms.Form) -> str:
        users = {t.user_id: t.user for t in sel.lead_candidates(team=self.team) if t.user}
        user = users[form.cleaned_data["user"]]
        lead_grant(team=self.team, user=user, actor=_user(self.request))
        return f"已授权{user}为主持人账号：登录后进入工作室空间。"


class LeaveAction(TeamActionMixin):
    """A member leaves the team (their record stays)."""

    kwargs: dict[str, Any]

    def make(self, data: Any, files: Any) -> forms.Form:
        return LeaveForm(data)

    def act(self, form: forms.Form) -> str:
        member = sel.member_get(team=self.team, member_id=self.kwargs["member_id"])
        member_leave(member=member, actor=_user(self.request), left_on=form.cleaned_data["on"])
        return f"{member.teacher.name}已退出。"


class DistrictMembersView(DistrictTeamsMixin, MembersAction, TemplateView):
    pass


class DistrictLeadView(DistrictTeamsMixin, LeadAction, TemplateView):
    pass


class SchoolMembersView(SchoolTeamsMixin, MembersAction, TemplateView):
    own_only = True


class SchoolLeadView(SchoolTeamsMixin, LeadAction, TemplateView):
    own_only = True


class DistrictLeaveView(DistrictTeamsMixin, LeaveAction, TemplateView):
    pass


class SchoolLeaveView(SchoolTeamsMixin, LeaveAction, TemplateView):
    own_only = True
