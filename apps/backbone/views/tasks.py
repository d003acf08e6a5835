"""The school's and the teacher's cohort pages (XB23-TASKS, XB23-PLAN).

* /s/<school_id>/backbone/members/: the school's members with their task progress and the
  manual entries waiting for review (the school's leader accepts or returns; 导出 Excel);
  an entry's evidence file;
* /me/backbone/: the teacher's own tasks — what is still missing per task and year —, their
  entries (filed there, with evidence) and their three-year development plan.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.generic import TemplateView, View

from apps.backbone.excel.cohort import board_sheet, member_sheet
from apps.backbone.forms.cohort import DecisionForm, EntryForm, PlanForm
from apps.backbone.models import BackboneMember
from apps.backbone.selectors import cohort as sel
from apps.backbone.services.tasks import EntryFields, entry_decide, entry_submit, plan_save
from apps.core.access_log import log_data_access
from apps.core.schoolyear import today
from apps.core.web import Export, ExportMixin, file_response, int_or_404, read_upload
from apps.tenancy.mixins import SchoolPortalMixin

from .cohort import _user


def _progress_of(members: list[BackboneMember]) -> dict[int, Any]:
    return sel.progress_for_members(members=members, as_of=today())


def _errors(error: ValidationError) -> str:
    return "；".join(m for ms in error.message_dict.values() for m in ms)


class SchoolMembersView(SchoolPortalMixin, ExportMixin, TemplateView):
    template_name = "backbone/cohort/school.html"

    def members(self) -> list[BackboneMember]:
        return list(sel.school_members(school=self.school))

    def export(self) -> Export:
        members = self.members()
        progress = _progress_of(members)
        return Export(
            sheets=[member_sheet(members), board_sheet(progress.values())],
            rows=len(members),
            what="本校骨干任务进度导出",
            subject=self.school,
            name=f"骨干-{self.school.name}.xlsx",
            fallback="backbone-school.xlsx",
            school_id=self.school.pk,
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        members = self.members()
        progress = _progress_of(members)
        context.update(
            rows=[(m, progress.get(m.pk)) for m in members],
            pending=list(sel.school_pending_entries(school=self.school)),
        )
        return context


class SchoolEntryReviewView(SchoolPortalMixin, View):
    """POST (the school's leader): accept or return a member's entry."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        entry = sel.school_entry_get(school=self.school, entry_id=int_or_404(kwargs["entry_id"]))
        form = DecisionForm(request.POST)
        if not form.is_valid():
            messages.error(request, "请选择认定或退回。")
        else:
            try:
                accept = form.cleaned_data["decision"] == "accept"
                comment = form.cleaned_data["comment"]
                entry_decide(actor=_user(request), entry=entry, accept=accept, comment=comment)
            except ValidationError as error:
                messages.error(request, _errors(error))
            except PermissionDenied as error:
                messages.error(request, str(error) or "不能审核本人的记录。")
            else:
                messages.success(request, f"已处理“{entry.title}”。")
        return redirect("backbone:school_members", self.school.pk)


class SchoolEntryFileView(SchoolPortalMixin, View):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        entry = sel.school_entry_get(school=self.school, entry_id=int_or_404(kwargs["entry_id"]))
        stored, data = sel.entry_file(entry=entry)
        log_data_access(request, what="骨干任务证明材料", rows=1, subject=entry)
        return file_response(stored, data, prefix="backbone-task")


class MyTasksView(LoginRequiredMixin, TemplateView):
    """The teacher's own memberships, each with its tasks, entries and plan."""

    template_name = "backbone/cohort/mine.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        members = list(sel.teacher_members(user=self.request.user))
        progress = _progress_of(members)
        rows = [
            (m, progress.get(m.pk), list(sel.member_entries(member=m)), sel.member_plan(member=m))
            for m in members
        ]
        context.update(
            rows=rows, entry_form=kwargs.get("entry_form") or EntryForm(), plan_form=PlanForm()
        )
        return context


class MyEntryNewView(LoginRequiredMixin, View):
    """POST: the teacher files a manual entry with its evidence (waits for the leader)."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        member = sel.teacher_member_get(
            user=request.user, member_id=int_or_404(kwargs["member_id"])
        )
        form = EntryForm(request.POST, request.FILES)
        if not form.is_valid():
            messages.error(
                request,
                "；".join(f"{form.fields[k].label}：{v[0]}" for k, v in form.errors.items()),
            )
            return redirect("backbone:my_tasks")
        data = form.cleaned_data
        name, content = read_upload(data["file"])
        fields = EntryFields(
            kind=data["kind"],
            level=data["level"],
            title=data["title"],
            date=data["date"],
            hours=data["hours"],
            file_name=name,
            data=content,
        )
        try:
            entry = entry_submit(actor=_user(request), member=member, fields=fields)
        except ValidationError as error:
            messages.error(request, _errors(error))
        else:
            messages.success(request, f"已提交“{entry.title}”，待学校认定。")
        return redirect("backbone:my_tasks")


class MyPlanView(LoginRequiredMixin, View):
    """POST: the teacher writes their three-year development plan."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        member = sel.teacher_member_get(
            user=request.user, member_id=int_or_404(kwargs["member_id"])
        )
        form = PlanForm(request.POST)
        if not form.is_valid():
            messages.error(request, "请填写标题、三年发展目标和主要举措。")
            return redirect("backbone:my_tasks")
        try:
            plan_save(actor=_user(request), member=member, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as error:
            raise Http404 from error
        messages.success(request, "已保存三年发展规划。")
        return redirect("backbone:my_tasks")
