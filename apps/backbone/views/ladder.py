"""The career ladder of a school (s/<school_id>/backbone/ladder/, XH26-LADDER): each
homeroom teacher's rung with the date it was reached and its basis (导出 Excel), the
parameters that make a rung (an interpretation, shown), the school's recorded ratings,
and — for the school's leader — the pilot rating form (the recorded rung wins)."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import BaseForm
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.generic import FormView

from apps.backbone.excel.pool import ladder_sheet
from apps.backbone.forms.pool import RatingForm
from apps.backbone.selectors.honours import school_teachers
from apps.backbone.selectors.ladder import ladder_parameters, school_ladder, school_ratings
from apps.backbone.services.ladder import rating_record
from apps.core.schoolyear import today
from apps.core.web import Export, ExportMixin, apply_service_errors
from apps.tenancy.mixins import SchoolPortalMixin


class SchoolLadderView(SchoolPortalMixin, ExportMixin, FormView):  # type: ignore[type-arg]
    template_name = "backbone/pool/ladder.html"
    form_class = RatingForm

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["teachers"] = school_teachers(school=self.school)
        return kwargs

    def export(self) -> Export:
        rows = school_ladder(school=self.school, on=today())
        return Export(
            sheets=[ladder_sheet(rows)],
            rows=len(rows),
            what="班主任成长阶梯导出",
            subject=self.school,
            district_id=self.school.district_id,
            school_id=self.school.pk,
            name=f"班主任成长阶梯-{self.school.name}.xlsx",
            fallback=f"ladder-{self.school.code}.xlsx",
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            rows=school_ladder(school=self.school, on=today()),
            parameters=ladder_parameters(district=self.school.district),
            ratings=list(school_ratings(school=self.school)[:50]),
        )
        return context

    def form_valid(self, form: BaseForm) -> HttpResponse:
        data = form.cleaned_data
        try:
            rating = rating_record(
                actor=cast(Any, self.request.user),
                school=self.school,
                teacher=data["teacher"],
                rung=data["rung"],
                rated_on=data["rated_on"],
                basis=data["basis"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
            return self.form_invalid(form)
        except PermissionDenied:
            form.add_error(None, "只有本校负责人可以评定职级。")
            return self.form_invalid(form)
        messages.success(
            self.request, f"已评定：{rating.teacher.name} {rating.get_rung_display()}。"
        )
        return redirect("backbone:pool_ladder", school_id=self.school.pk)
