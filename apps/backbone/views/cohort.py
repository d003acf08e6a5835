"""District pages of the cohort (XB23-COHORT, XB23-TASKS): the cohorts (new, edit), a
cohort's page with its members (join, leave or transfer), the board of every member ×
task per school year (filters by school and category) and their 导出 Excel. The district's
roles read; its admin writes (else 404)."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import TemplateView

from apps.accounts.models import User
from apps.backbone.excel.cohort import board_sheet, member_sheet
from apps.backbone.forms.cohort import CohortForm, MemberAddForm, MemberLeaveForm
from apps.backbone.models import Category, Cohort, LeaveReason
from apps.backbone.selectors import cohort as sel
from apps.backbone.services.cohort import (
    CohortFields,
    cohort_create,
    cohort_update,
    member_add,
    member_leave,
    member_transfer,
)
from apps.core.schoolyear import today
from apps.core.web import Export, ExportMixin, apply_service_errors, int_or_404
from apps.tenancy.access import access_district
from apps.tenancy.mixins import DistrictPortalMixin
from apps.tenancy.models import Role

SAFE = ("GET", "HEAD", "OPTIONS")


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


class DistrictCohortMixin(DistrictPortalMixin):
    request: HttpRequest
    kwargs: dict[str, Any]

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated and request.method not in SAFE:
            access_district(request.user, kwargs["district_id"], roles=(Role.DISTRICT_ADMIN,))
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def cohort(self) -> Cohort:
        return sel.cohort_get(
            district=self.district, cohort_id=int_or_404(self.kwargs["cohort_id"])
        )

    def cohort_url(self) -> str:
        return reverse("backbone:cohort_detail", args=[self.district.pk, self.cohort.pk])


class CohortFormMixin(DistrictCohortMixin):
    template_name: str | None = "backbone/cohort/form.html"

    def editing(self) -> Cohort | None:
        return self.cohort if "cohort_id" in self.kwargs else None

    def make_form(self, data: Any = None) -> CohortForm:
        packs = list(sel.BACKBONE_PACKS)
        others = [c for c in sel.district_cohorts(district=self.district) if c != self.editing()]
        initial = None
        if (c := self.editing()) is not None:
            initial = {
                k: getattr(c, k)
                for k in (
                    "name",
                    "pack",
                    "starts_on",
                    "ends_on",
                    "accepting_applications",
                    "leader_monthly_allowance",
                    "backbone_monthly_allowance",
                )
            } | {"previous": c.previous_id}
        return CohortForm(data, initial=initial, packs=packs, cohorts=others)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)
        context.update(form=kwargs.get("form") or self.make_form(), cohort=self.editing())
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self.make_form(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            previous = {c.pk: c for c in sel.district_cohorts(district=self.district)}.get(
                data["previous"] or 0
            )
            fields = CohortFields(
                name=data["name"],
                pack=data["pack"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                previous=previous,
                accepting_applications=data["accepting_applications"],
                leader_monthly_allowance=data["leader_monthly_allowance"],
                backbone_monthly_allowance=data["backbone_monthly_allowance"],
            )
            try:
                if (c := self.editing()) is not None:
                    saved = cohort_update(actor=_user(request), cohort=c, fields=fields)
                else:
                    saved = cohort_create(
                        actor=_user(request), district=self.district, fields=fields
                    )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, f"已保存“{saved.name}”。")
                return redirect("backbone:cohort_detail", self.district.pk, saved.pk)
        return self.render_to_response(self.get_context_data(form=form))  # type: ignore[attr-defined, no-any-return]


class CohortListView(CohortFormMixin, TemplateView):
    """The district's cohorts; POST creates one (its admin)."""

    template_name = "backbone/cohort/list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["cohorts"] = list(sel.district_cohorts(district=self.district))
        return context


class CohortEditView(CohortFormMixin, TemplateView):
    pass


class CohortDetailView(DistrictCohortMixin, ExportMixin, TemplateView):
    """A cohort: members and the task board (`?school=`, `?category=`); ?format=xlsx
    exports both sheets."""

    template_name = "backbone/cohort/detail.html"

    def members(self) -> Any:
        get = self.request.GET
        school, category = get.get("school", ""), get.get("category", "")
        return sel.cohort_members(
            cohort=self.cohort,
            school_id=int(school) if school.isdigit() else None,
            category=category if category in Category.values else "",
        )

    def progress(self) -> list[Any]:
        found = sel.members_progress(cohort=self.cohort, members=self.members(), as_of=today())
        return list(found.values())

    def export(self) -> Export:
        members = list(self.members())
        return Export(
            sheets=[member_sheet(members), board_sheet(self.progress())],
            rows=len(members),
            what="骨干名单与任务进度导出",
            subject=self.cohort,
            name=f"骨干-{self.cohort.name}.xlsx",
            fallback="backbone-cohort.xlsx",
            district_id=self.district.pk,
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        progress = self.progress()
        members = list(self.members())
        context.update(
            cohort=self.cohort,
            members=members,
            progress=progress,
            years=sorted({c.year for p in progress for c in p.cells if c.year is not None}),
            add_form=MemberAddForm(teachers=list(sel.district_teachers(district=self.district))),
            categories=Category.choices,
            schools=sorted({(m.school_id, m.school.name) for m in members}),
            school=self.request.GET.get("school", ""),
            category=self.request.GET.get("category", ""),
            can_write=True,
        )
        return context


class MemberAddView(DistrictCohortMixin, TemplateView):
    """POST: a teacher of the district joins the cohort."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        teachers = {t.pk: t for t in sel.district_teachers(district=self.district)}
        form = MemberAddForm(request.POST, teachers=list(teachers.values()))
        if form.is_valid():
            data = form.cleaned_data
            try:
                member = member_add(
                    actor=_user(request),
                    cohort=self.cohort,
                    teacher=teachers[data["teacher"]],
                    category=data["category"],
                    joined_on=data["joined_on"],
                )
            except ValidationError as error:
                messages.error(
                    request, "；".join(m for ms in error.message_dict.values() for m in ms)
                )
            else:
                messages.success(request, f"{member.teacher.name}已加入{self.cohort.name}。")
        else:
            messages.error(
                request,
                "；".join(f"{form.fields[k].label}：{v[0]}" for k, v in form.errors.items()),
            )
        return redirect(self.cohort_url())


class MemberLeaveView(DistrictCohortMixin, TemplateView):
    """POST: a member leaves (本人退出) or transfers to their new school's stint (调动)."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        member = sel.member_get(cohort=self.cohort, member_id=int_or_404(kwargs["member_id"]))
        stints = {t.pk: t for t in sel.open_stints_of(member=member)}
        form = MemberLeaveForm(request.POST, stints=list(stints.values()))
        if not form.is_valid():
            messages.error(
                request,
                "；".join(f"{form.fields[k].label}：{v[0]}" for k, v in form.errors.items()),
            )
            return redirect(self.cohort_url())
        data, actor = form.cleaned_data, _user(request)
        try:
            if data["reason"] == LeaveReason.TRANSFER and data["to"] in stints:
                member_transfer(actor=actor, member=member, to=stints[data["to"]], on=data["on"])
            else:
                member_leave(
                    actor=actor,
                    member=member,
                    on=data["on"],
                    reason=data["reason"],
                    note=data["note"],
                )
        except ValidationError as error:
            messages.error(request, "；".join(m for ms in error.message_dict.values() for m in ms))
        else:
            messages.success(request, f"已登记{member.teacher.name}离开本届。")
        return redirect(self.cohort_url())
