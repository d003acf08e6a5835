"""Pages of teachers' moves (ADR 0012): a school's leader takes in a teacher from a
school of the district (/s/<school_id>/teachers/transfer-in/), the district admin moves
one into any school of the district — from anywhere on the platform
(/d/<district_id>/transfers/), a school's leader records that a teacher left
(/s/<school_id>/teachers/<teacher_id>/leave/). The service decides who may; its errors
land on the fields they name."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.views import View
from django.views.generic import FormView

from apps.core.web import apply_service_errors, error_text
from apps.people import selectors
from apps.people.forms import DistrictTransferForm, LeaveForm, TransferForm
from apps.people.models import Teacher
from apps.people.stints import teacher_leave, teacher_transfer
from apps.tenancy.access import access_district
from apps.tenancy.mixins import DistrictPortalMixin, SchoolPortalMixin
from apps.tenancy.models import Role

if TYPE_CHECKING:
    _TransferFormView = FormView[TransferForm]
    _DistrictTransferFormView = FormView[DistrictTransferForm]
else:
    _TransferFormView = _DistrictTransferFormView = FormView


def _arrived(request: HttpRequest, teacher: Teacher, source: str) -> HttpResponse:
    messages.success(
        request,
        f"已办理调入：{teacher.name}（自{source}），原校记录仍由原校保存，本校档案中只读显示。",
    )
    return redirect("people:teacher_detail", teacher.school_id, teacher.pk)


class TransferInView(SchoolPortalMixin, _TransferFormView):
    """The school's leader takes in a teacher from another school of the district."""

    template_name = "people/form.html"
    form_class = TransferForm
    write_required = True

    def form_valid(self, form: TransferForm) -> HttpResponse:
        data = form.cleaned_data
        try:
            teacher = teacher_transfer(actor=self.request.user, to_school=self.school, **data)  # type: ignore[arg-type]
        except ValidationError as error:
            apply_service_errors(form, error)
            return self.form_invalid(form)
        return _arrived(self.request, teacher, data["from_school_code"])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(title="调入教师", back=reverse("people:teacher_list", args=[self.school.pk]))
        return context


class DistrictTransferView(DistrictPortalMixin, _DistrictTransferFormView):
    """The district admin moves a teacher into one of the district's schools."""

    template_name = "people/district_transfer.html"
    form_class = DistrictTransferForm

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated:  # a reviewer reads the district but moves nobody
            access_district(request.user, kwargs["district_id"], roles={Role.DISTRICT_ADMIN})
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        schools = selectors.district_school_list(district=self.district)
        return super().get_form_kwargs() | {"schools": schools}

    def form_valid(self, form: DistrictTransferForm) -> HttpResponse:
        data = dict(form.cleaned_data)
        school = data.pop("to_school")
        try:
            teacher = teacher_transfer(actor=self.request.user, to_school=school, **data)  # type: ignore[arg-type]
        except ValidationError as error:
            apply_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"已将{teacher.name}调入{school.name}。")
        return redirect("people:district_transfer", self.district.pk)


class TeacherLeaveView(SchoolPortalMixin, View):
    """POST (the school's leader): the teacher left on the given day."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        teacher = selectors.teacher_get(school=self.school, teacher_id=kwargs["teacher_id"])
        form = LeaveForm(request.POST)
        if not form.is_valid():
            messages.error(
                request, "；".join(str(e) for errs in form.errors.values() for e in errs)
            )
        else:
            try:
                teacher_leave(actor=request.user, teacher=teacher, on=form.cleaned_data["on"])  # type: ignore[arg-type]
            except ValidationError as error:
                messages.error(request, f"未办理：{error_text(error)}")
            else:
                messages.success(
                    request,
                    f"已办理{teacher.name}离校；其记录保留在本校，如日后调回可按工号和姓名办理调入。",
                )
        return redirect("people:teacher_detail", self.school.pk, teacher.pk)
