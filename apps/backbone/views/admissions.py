"""Admissions pages (XB-MEMBER) outside the district: the school leader's queue
(/s/<school_id>/backbone/teams/: the school's applications to recommend or decline,
its members; applying for a teacher of the school) and the teacher's own applications
(/me/backbone/teams/: apply to a team of their district, see each step)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.generic import TemplateView

from apps.backbone.forms.teams import ApplyForm, MemberActionForm
from apps.backbone.models import AdmissionStatus
from apps.backbone.selectors import admissions as adm
from apps.backbone.selectors import teams as sel
from apps.backbone.services import admissions
from apps.core.schoolyear import today
from apps.core.web import error_text
from apps.people.selectors import teacher_records_of
from apps.tenancy.mixins import SchoolPortalMixin


def _flash(request: HttpRequest, act: Any) -> None:
    try:
        messages.success(request, act())
    except ValidationError as error:
        messages.error(request, error_text(error))
    except PermissionDenied:
        raise Http404 from None


class SchoolQueueView(SchoolPortalMixin, TemplateView):
    """The school's leader only (personal data): GET the queue, POST a recommendation
    (`member`, `action` pass/decline) or an application for a teacher (`team`, `teacher`)."""

    template_name = "backbone/teams/school.html"
    write_required = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        rows = list(adm.school_queue(school=self.school))
        context.update(
            applied=[m for m in rows if m.status == AdmissionStatus.APPLIED],
            others=[m for m in rows if m.status != AdmissionStatus.APPLIED],
            teams=list(sel.open_teams(district=self.school.district)),
            teachers=list(sel.district_teacher_choices(district=self.school.district)
                          .filter(school=self.school)),
        )  # fmt: skip
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if "member" in request.POST:
            self._recommend(request)
        else:
            self._apply(request)
        return redirect(request.path)

    def _recommend(self, request: HttpRequest) -> None:
        form = MemberActionForm(request.POST)
        try:
            member_id = int(request.POST["member"])
        except ValueError:
            raise Http404 from None
        member = adm.member_of_school(school=self.school, member_id=member_id)
        if member is None:
            raise Http404
        if not form.is_valid() or form.cleaned_data["action"] not in ("pass", "decline"):
            messages.error(request, "请选择推荐或不推荐。")
            return
        data = form.cleaned_data

        def act() -> str:
            done = admissions.admission_step(actor=request.user, member=member,
                                             accept=data["action"] == "pass",
                                             comment=data["comment"])  # fmt: skip
            return f"{member.teacher.name}：{done.get_status_display()}。"

        _flash(request, act)

    def _apply(self, request: HttpRequest) -> None:
        form = ApplyForm(request.POST)
        if not form.is_valid():
            messages.error(request, "请选择团队和教师。")
            return
        data = form.cleaned_data
        district = self.school.district
        team = sel.open_team(district=district, team_id=data["team"])
        teacher = sel.district_teacher(district=district, teacher_id=data["teacher"])
        if team is None or teacher is None or teacher.school_id != self.school.pk:
            raise Http404

        def act() -> str:
            admissions.admission_apply(actor=request.user, team=team, teacher=teacher, on=today())
            return f"已为{teacher.name}申报{team.name}。"

        _flash(request, act)


class MyTeamsView(LoginRequiredMixin, TemplateView):
    """The teacher's own applications and teams; POST applies to a team of their district."""

    template_name = "backbone/teams/mine.html"
    http_method_names: Sequence[str] = ["get", "post"]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        records = list(teacher_records_of(user=self.request.user))  # type: ignore[arg-type]
        teams = [t for r in records[:1] for t in sel.open_teams(district=r.district)]
        context.update(records=records, teams=teams,
                       mine=list(adm.own_admissions(teachers=records)))  # fmt: skip
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = ApplyForm(request.POST)
        records = [r for r in teacher_records_of(user=request.user) if r.is_active]  # type: ignore[arg-type]
        if not form.is_valid() or not records:
            messages.error(request, "请选择要申报的团队。")
            return redirect(request.path)
        me = records[0]
        team = sel.open_team(district=me.district, team_id=form.cleaned_data["team"])
        if team is None:
            raise Http404

        def act() -> str:
            admissions.admission_apply(actor=request.user, team=team, teacher=me, on=today())
            return f"已申报{team.name}，等待学校推荐。"

        _flash(request, act)
        return redirect(request.path)
