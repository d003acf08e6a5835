"""The talent reserve pool (XH26-RESERVE, XH26-A1-4), school portal
(/s/<school_id>/probation/reserve/…): the pool with its 导出 Excel; the school's leader
adds a teacher and edits an entry."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.generic import TemplateView

from apps.core.web import Export, ExportMixin
from apps.core.xlsx import DATE, TableSheet
from apps.people import selectors as people_selectors
from apps.probation.forms.deputies import ReserveEntryForm
from apps.probation.selectors.reserve import reserve_entry_get, school_reserve
from apps.probation.services import reserve_entry_create, reserve_entry_update
from apps.tenancy.mixins import SchoolPortalMixin

from .school import actor_of, saved_or_invalid

RESERVE_HEADERS = ("工号", "教师", "来源", "纳入日期", "已完成的培养", "状态", "备注")


class ReserveListView(SchoolPortalMixin, ExportMixin, TemplateView):
    """The pool (`?status=` filters); ?format=xlsx exports it; POST adds a teacher."""

    template_name = "probation/reserve/list.html"

    def export(self) -> Export:
        rows = [
            [e.teacher.employee_no, e.teacher.name, e.get_source_display(), e.entered_on,
             e.completed, e.get_status_display(), e.note]
            for e in school_reserve(school=self.school, status=self.request.GET.get("status", ""))
        ]  # fmt: skip
        return Export(
            sheets=[TableSheet("后备人才池", RESERVE_HEADERS, rows,
                               formats=(None, None, None, DATE))],
            rows=len(rows), what="后备人才池导出", subject=self.school, school_id=self.school.pk,
            name=f"后备人才池-{self.school.name}.xlsx", fallback=f"reserve-{self.school.code}.xlsx",
        )  # fmt: skip

    def _teachers(self) -> list[Any]:
        return list(people_selectors.teacher_list(school=self.school))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        status = self.request.GET.get("status", "")
        context.update(
            entries=list(school_reserve(school=self.school, status=status)), status=status,
            form=kwargs.get("form") or ReserveEntryForm(teachers=self._teachers()),
        )  # fmt: skip
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        teachers = self._teachers()
        form = ReserveEntryForm(request.POST, teachers=teachers)
        by_id = {t.pk: t for t in teachers}

        def save(data: dict[str, Any]) -> str:
            teacher = by_id[data.pop("teacher")]
            reserve_entry_create(
                school=self.school, actor=actor_of(request), teacher=teacher, **data
            )
            return f"已将{teacher.name}纳入后备人才池。"

        def invalid(bad: forms.Form) -> HttpResponse:
            return self.render_to_response(self.get_context_data(form=bad))

        back = reverse("probation:reserve", args=[self.school.pk])
        return saved_or_invalid(request, form, save, back, invalid)


class ReserveEditView(SchoolPortalMixin, TemplateView):
    """Edit one entry (the school's leader): source, date, what was completed, status."""

    template_name = "probation/reserve/edit.html"
    write_required = True

    def load_objects(self, **kwargs: Any) -> None:
        self.entry = reserve_entry_get(school=self.school, entry_id=kwargs["entry_id"])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        e = self.entry
        initial = {"source": e.source, "entered_on": e.entered_on, "completed": e.completed,
                   "status": e.status, "note": e.note}  # fmt: skip
        context.update(entry=e, form=kwargs.get("form") or ReserveEntryForm(initial=initial))
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = ReserveEntryForm(request.POST)

        def save(data: dict[str, Any]) -> str:
            reserve_entry_update(entry=self.entry, actor=actor_of(request), **data)
            return f"已更新{self.entry.teacher.name}的后备人才记录。"

        def invalid(bad: forms.Form) -> HttpResponse:
            return self.render_to_response(self.get_context_data(form=bad))

        back = reverse("probation:reserve", args=[self.school.pk])
        return saved_or_invalid(request, form, save, back, invalid)
