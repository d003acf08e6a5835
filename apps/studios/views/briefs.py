"""Quarterly brief pages (XB23-BRIEF).

The lead's (studio/teams/<team_id>/briefs/…, on a phone): each quarter of the team with
its due date and a chip 按时/逾期/缺报/未到期, filing the quarter's brief and correcting
one pending or returned. A team the user does not lead is a 404.

The district's (d/<district_id>/studios/briefs/…): the board of every active studio and
workshop × the year's quarters (filters, 导出 Excel), and a brief with accept/return —
decided by the district's admin or reviewer at the district itself, never by the one
who filed it."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.utils import timezone
from django.views import View
from django.views.generic import FormView, TemplateView

from apps.core.access_log import log_data_access
from apps.core.web import (
    Export,
    ExportMixin,
    apply_service_errors,
    file_response,
    int_param,
    read_upload,
)
from apps.studios.excel.briefs import board_sheet
from apps.studios.forms.briefs import BriefDecisionForm, BriefForm
from apps.studios.models import BriefStatus, Team, TeamKind
from apps.studios.selectors.briefs import (
    QUARTERS,
    BriefState,
    brief_board,
    brief_due,
    brief_due_day,
    brief_file_data,
    brief_of_team,
    district_brief,
    team_briefs,
    team_for_lead,
    team_quarters,
)
from apps.studios.services.briefs import brief_correct, brief_file, brief_review, may_review
from apps.tenancy.access import access_district
from apps.tenancy.mixins import DistrictPortalMixin
from apps.tenancy.models import DISTRICT_ROLES

NOT_ALLOWED = "您不能审核此简报，请由其他审核人处理。"
KIND_FILTERS = [("", "全部类型"), *TeamKind.choices]
STATE_FILTERS = [("", "全部状态"), *[c for c in BriefState.choices if c[0] != BriefState.NOT_ASKED]]


def _files(request: HttpRequest) -> list[tuple[str, bytes]]:
    found = []
    for upload in request.FILES.getlist("attachments"):
        name, data = read_upload(upload)
        if data is not None:
            found.append((name, data))
    return found


def _refused(form: BaseForm, error: ValidationError | PermissionDenied, fallback: str) -> None:
    if isinstance(error, ValidationError):
        if hasattr(error, "error_dict") and "files" in error.error_dict:
            error.error_dict["attachments"] = error.error_dict.pop("files")
        apply_service_errors(form, error)
        return
    message = str(error)
    form.add_error(None, message if message and not message.isascii() else fallback)


class LeadTeamMixin(LoginRequiredMixin):
    """`self.team` for the lead's pages: a team the signed-in user leads, else 404."""

    request: HttpRequest
    team: Team
    due_day: int | None

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        found = team_for_lead(user=request.user, team_id=kwargs["team_id"])
        if found is None:
            raise Http404
        self.team = found
        self.due_day = brief_due_day(district=found.district)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)  # type: ignore[misc]
        context.update(team=self.team, due_day=self.due_day)
        return context


class TeamBriefsView(LeadTeamMixin, TemplateView):
    """季度简报: each quarter of the team, newest first, with its due date and status."""

    template_name = "studios/briefs/team_briefs.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        cells = team_quarters(team=self.team, due_day=self.due_day) if self.due_day else []
        context.update(cells=cells, briefs=[] if cells else list(team_briefs(team=self.team)))
        return context


class BriefNewView(LeadTeamMixin, FormView):  # type: ignore[type-arg]
    """提交季度简报 for ?year=&quarter= (the current quarter by default)."""

    template_name = "studios/briefs/brief_form.html"
    form_class = BriefForm

    def _period(self) -> tuple[int, int]:
        now = timezone.localtime()
        year = int_param(self.request, "year", default=now.year, low=2000, high=now.year)
        current = (now.month - 1) // 3 + 1
        return year, int_param(self.request, "quarter", default=current, low=1, high=4)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        year, quarter = self._period()
        due = brief_due(year, quarter, self.due_day) if self.due_day else None
        context.update(year=year, quarter=quarter, due=due, heading="提交季度简报")
        return context

    def form_valid(self, form: BaseForm) -> HttpResponse:
        year, quarter = self._period()
        data = form.cleaned_data
        try:
            brief_file(
                team=self.team, actor=self.request.user, year=year, quarter=quarter,
                title=data["title"], body=data["body"], files=_files(self.request),
            )  # fmt: skip
        except (ValidationError, PermissionDenied) as error:
            _refused(form, error, "您不能提交该团队的简报。")
            return self.form_invalid(form)
        messages.success(self.request, f"{year}年第{quarter}季度简报已提交。")
        return redirect("studios:team_briefs", team_id=self.team.pk)


class BriefEditView(LeadTeamMixin, FormView):  # type: ignore[type-arg]
    """更正 a pending brief, or correct a returned one and file it again."""

    template_name = "studios/briefs/brief_form.html"
    form_class = BriefForm

    def get_brief(self) -> Any:
        brief = brief_of_team(team=self.team, brief_id=self.kwargs["brief_id"])
        if brief is None:
            raise Http404
        return brief

    def get_initial(self) -> dict[str, Any]:
        brief = self.get_brief()
        return {"title": brief.title, "body": brief.body}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        brief = self.get_brief()
        due = brief_due(brief.year, brief.quarter, self.due_day) if self.due_day else None
        heading = "重新提交季度简报" if brief.status == BriefStatus.RETURNED else "更正季度简报"
        context.update(brief=brief, year=brief.year, quarter=brief.quarter, due=due,
                       heading=heading)  # fmt: skip
        return context

    def form_valid(self, form: BaseForm) -> HttpResponse:
        data = form.cleaned_data
        try:
            brief_correct(
                brief=self.get_brief(), actor=self.request.user, title=data["title"],
                body=data["body"], files=_files(self.request),
            )  # fmt: skip
        except (ValidationError, PermissionDenied) as error:
            _refused(form, error, "您不能更正该简报。")
            return self.form_invalid(form)
        messages.success(self.request, "简报已更正，等待区里审核。")
        return redirect("studios:team_briefs", team_id=self.team.pk)


class BriefBoardView(DistrictPortalMixin, ExportMixin, TemplateView):
    """季度简报看板: every active studio and workshop × the year's quarters."""

    template_name = "studios/briefs/board.html"

    def _filters(self) -> tuple[int, str, str]:
        now = timezone.localtime()
        year = int_param(self.request, "year", default=now.year, low=2000, high=now.year + 1)
        kind = self.request.GET.get("kind", "")
        state = self.request.GET.get("state", "")
        return (year, kind if kind in TeamKind.values else "",
                state if state in dict(STATE_FILTERS) else "")  # fmt: skip

    def _board(self) -> Any:
        year, kind, state = self._filters()
        board = brief_board(district=self.district, year=year, kind=kind)
        if state:
            board.rows = [row for row in board.rows if row.count(state)]
        return board

    def export(self) -> Export:
        board = self._board()
        sheet = board_sheet(board)
        return Export(
            sheets=[sheet], rows=len(board.rows) * len(QUARTERS), what="季度简报看板导出",
            subject=self.district, district_id=self.district.pk,
            name=f"季度简报-{self.district.name}-{board.year}.xlsx",
            fallback=f"briefs-{self.district.code}-{board.year}.xlsx",
        )  # fmt: skip

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        year, kind, state = self._filters()
        board = self._board()
        context.update(
            board=board, year=year, kind=kind, state=state, kinds=KIND_FILTERS,
            states=STATE_FILTERS, years=range(timezone.localtime().year + 1, 2022, -1),
            totals=board.totals(), quarters=QUARTERS,
        )  # fmt: skip
        return context


class BriefDetailView(DistrictPortalMixin, FormView):  # type: ignore[type-arg]
    """A brief of one of the district's teams, with 通过/退回 for the district's staff."""

    template_name = "studios/briefs/detail.html"
    form_class = BriefDecisionForm

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated and request.method not in ("GET", "HEAD", "OPTIONS"):
            access_district(request.user, kwargs["district_id"], roles=DISTRICT_ROLES)
        return super().dispatch(request, *args, **kwargs)

    def get_brief(self) -> Any:
        brief = district_brief(district=self.district, brief_id=self.kwargs["brief_id"])
        if brief is None:
            raise Http404
        return brief

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        brief = self.get_brief()
        due_day = brief_due_day(district=self.district)
        due = brief_due(brief.year, brief.quarter, due_day) if due_day else None
        on_time = None if due is None else brief.filed_at <= due
        context.update(
            brief=brief, due=due, on_time=on_time, events=list(brief.events.all()),
            may_decide=brief.is_pending and may_review(self.request.user, brief),
        )  # fmt: skip
        return context

    def form_valid(self, form: BaseForm) -> HttpResponse:
        brief = self.get_brief()
        data = form.cleaned_data
        try:
            decided = brief_review(
                brief=brief, reviewer=cast(Any, self.request.user),
                accept=data["decision"] == "accept", comment=data["comment"],
            )  # fmt: skip
        except (ValidationError, PermissionDenied) as error:
            _refused(form, error, NOT_ALLOWED)
            return self.form_invalid(form)
        messages.success(self.request, f"简报“{decided.title}”：{decided.get_status_display()}。")
        return redirect("studios:brief_board", district_id=self.district.pk)


def _file_answer(request: HttpRequest, brief: Any, file_id: int, district_id: int) -> HttpResponse:
    found = brief_file_data(brief=brief, file_id=file_id)
    if found is None:
        raise Http404
    row, data = found
    log_data_access(request, what="季度简报附件下载", subject=row, district_id=district_id,
                    school_id=brief.team.school_id)  # fmt: skip
    return file_response(row, data, prefix="brief")


class LeadBriefFileView(LeadTeamMixin, View):
    """A file of one of the lead's team's briefs."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        brief = brief_of_team(team=self.team, brief_id=kwargs["brief_id"])
        if brief is None:
            raise Http404
        return _file_answer(request, brief, kwargs["file_id"], self.team.district_id)


class DistrictBriefFileView(DistrictPortalMixin, View):
    """A file of a brief of one of the district's teams."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        brief = district_brief(district=self.district, brief_id=kwargs["brief_id"])
        if brief is None:
            raise Http404
        return _file_answer(request, brief, kwargs["file_id"], self.district.pk)
