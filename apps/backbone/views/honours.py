"""Homeroom honours of a school (s/<school_id>/backbone/honours/): the list, per teacher
with ?teacher=, 导出 Excel, and — for the school's leader — the form recording one. Each
teacher's rung on the career ladder shows beside their honours where the district's
packs hold XH26-LADDER."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import BaseForm
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.generic import FormView

from apps.backbone.excel.pool import honour_sheet
from apps.backbone.forms.pool import HonourForm
from apps.backbone.selectors.honours import school_honours, school_teachers
from apps.backbone.selectors.ladder import rungs_of
from apps.backbone.services.honours import honour_record
from apps.core.schoolyear import today
from apps.core.web import Export, ExportMixin, apply_service_errors
from apps.tenancy.mixins import SchoolPortalMixin


class SchoolHonoursView(SchoolPortalMixin, ExportMixin, FormView):  # type: ignore[type-arg]
    template_name = "backbone/pool/honours.html"
    form_class = HonourForm

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["teachers"] = school_teachers(school=self.school)
        return kwargs

    def _rows(self) -> list[Any]:
        rows = school_honours(school=self.school)
        wanted = self.request.GET.get("teacher", "")
        if wanted.isdigit():
            rows = rows.filter(teacher_id=int(wanted))
        return list(rows)

    def export(self) -> Export:
        rows = self._rows()
        return Export(
            sheets=[honour_sheet(rows)],
            rows=len(rows),
            what="班主任称号与奖项导出",
            subject=self.school,
            district_id=self.school.district_id,
            school_id=self.school.pk,
            name=f"班主任称号与奖项-{self.school.name}.xlsx",
            fallback=f"honours-{self.school.code}.xlsx",
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        rows = self._rows()
        rungs = rungs_of({h.teacher_id for h in rows}, on=today(), district=self.school.district)
        context.update(
            rows=[(h, rungs.get(h.teacher_id)) for h in rows],
            teacher=self.request.GET.get("teacher", ""),
        )
        return context

    def form_valid(self, form: BaseForm) -> HttpResponse:
        data = form.cleaned_data
        try:
            honour = honour_record(
                actor=cast(Any, self.request.user),
                teacher=data["teacher"],
                honour=data["honour"],
                awarded_on=data["awarded_on"],
                issuer=data["issuer"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
            return self.form_invalid(form)
        except PermissionDenied:
            form.add_error(None, "您不能为该教师登记称号。")
            return self.form_invalid(form)
        messages.success(
            self.request, f"已登记：{honour.teacher.name} {honour.get_honour_display()}。"
        )
        return redirect("backbone:pool_honours", school_id=self.school.pk)
