"""Pages of external training. School portal (/s/<school_id>/training/hours-review/…):
学时审定 of the teachers' external records — the queue, one record with its evidence and
the leader's decision. Teacher space (/me/training/…): this year's hours and my records,
logging one (phone first), correcting or withdrawing one while it waits, and my evidence
files."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views import View
from django.views.generic import FormView, TemplateView

from apps.core.access_log import log_data_access
from apps.core.schoolyear import current_school_year, school_year_label, today
from apps.core.web import (
    Export,
    ExportMixin,
    apply_service_errors,
    error_text,
    file_response,
    read_upload,
)
from apps.core.xlsx import DATE, DATETIME, TableSheet
from apps.tenancy.mixins import SchoolPortalMixin
from apps.training.forms.external import ExternalReviewForm, ExternalTrainingForm
from apps.training.models import ExternalTraining, RecordStatus
from apps.training.selectors.credits import teacher_progress
from apps.training.selectors.external import (
    external_detail,
    external_file_data,
    external_queue,
    own_external,
    own_external_get,
)
from apps.training.services.external import (
    external_correct,
    external_review,
    external_submit,
    external_withdraw,
)

from .common import PAGE_SIZE, STATUS_FILTERS, TeacherSpaceMixin, TrainingSchoolMixin

# The stubs' FormView is generic over its form; Django's is not subscriptable at runtime.
if TYPE_CHECKING:
    _ExternalReviewFormView = FormView[ExternalReviewForm]
    _ExternalTrainingFormView = FormView[ExternalTrainingForm]
else:
    _ExternalReviewFormView = _ExternalTrainingFormView = FormView

# --------------------------------------------------------------------------- school portal


EXTERNAL_HEADERS = ("工号", "教师", "培训名称", "主办单位", "主办层级", "日期", "学时", "学分类别",
                    "状态", "审定时间", "审定意见")  # fmt: skip


class ExternalQueueView(TrainingSchoolMixin, ExportMixin, TemplateView):
    """学时审定: the teachers' external records; those waiting first, oldest first.
    `?format=xlsx` exports the records of the chosen status."""

    template_name = "training/external_queue.html"
    tab = "review"

    def _status(self) -> str:
        status = self.request.GET.get("status", RecordStatus.SUBMITTED)
        return status if status in dict(STATUS_FILTERS) else RecordStatus.SUBMITTED

    def _records(self) -> Any:
        status = self._status()
        return external_queue(school=self.school, status="" if status == "all" else status)

    def export(self) -> Export:
        rows = [
            [r.teacher.employee_no, r.teacher.name, r.title, r.organiser,
             r.get_organiser_level_display(), r.date, r.hours, r.get_credit_class_display(),
             r.get_status_display(),
             r.reviewed_at,
             r.review_comment]
            for r in self._records()
        ]  # fmt: skip
        formats = (None,) * 5 + (DATE, None, None, None, DATETIME)
        return Export(
            sheets=[TableSheet("学时审定", EXTERNAL_HEADERS, rows, formats=formats)],
            rows=len(rows), what="学时审定列表导出", subject=self.school,
            name=f"学时审定-{self.school.name}.xlsx", fallback=f"external-{self.school.code}.xlsx",
            school_id=self.school.pk,
        )  # fmt: skip

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        page = Paginator(self._records(), PAGE_SIZE).get_page(self.request.GET.get("page"))
        context.update(page=page, status=self._status(), statuses=STATUS_FILTERS)
        return context


class ExternalDetailView(TrainingSchoolMixin, _ExternalReviewFormView):
    """One record with its evidence; for a waiting one, the decision (the leader)."""

    template_name = "training/external_detail.html"
    form_class = ExternalReviewForm
    tab = "review"
    record: ExternalTraining

    def load_objects(self, **kwargs: Any) -> None:
        self.record = external_detail(school=self.school, record_id=kwargs["record_id"])

    def form_valid(self, form: ExternalReviewForm) -> HttpResponse:
        verify = form.cleaned_data["decision"] == "verify"
        try:
            record = external_review(
                record=self.record,
                reviewer=self.request.user,
                verify=verify,
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
            return self.form_invalid(form)
        verdict = f"已审定，{record.hours} 学时计入台账" if verify else "已退回"
        messages.success(self.request, f"{record.teacher.name}“{record.title}”{verdict}。")
        return redirect("training:external_queue", self.school.pk)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            record=self.record,
            can_review=self.can_edit and self.record.status == RecordStatus.SUBMITTED,
        )
        return context


class ExternalFileView(SchoolPortalMixin, View):
    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        record = external_detail(school=self.school, record_id=kwargs["record_id"])
        log_data_access(request, what="校外培训证明下载", subject=record)
        return file_response(record, external_file_data(record=record), prefix="training")


# --------------------------------------------------------------------------- teacher space


class MyTrainingView(TeacherSpaceMixin, TemplateView):
    """我的研修: this year's hours and my external records with their status (a returned
    one shows the school's comment)."""

    template_name = "training/my_training.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        year = current_school_year()
        records = own_external(teachers=self.teachers)
        page = Paginator(records, PAGE_SIZE).get_page(self.request.GET.get("page"))
        context.update(
            year=year,
            year_label=school_year_label(year),
            progress=[(t, teacher_progress(teacher=t, school_year=year)) for t in self.teachers],
            page=page,
        )
        return context


class MyExternalCreateView(TeacherSpaceMixin, _ExternalTrainingFormView):
    """Log training done elsewhere (phone first); it counts once the school verifies it."""

    template_name = "training/my_external_form.html"
    form_class = ExternalTrainingForm
    needs_record = True

    def get_form_kwargs(self) -> dict[str, Any]:
        return super().get_form_kwargs() | {"teachers": self.teachers}

    def get_initial(self) -> dict[str, Any]:
        return {"date": today(), "credit_class": "lecture", "organiser_level": "district"}

    def form_valid(self, form: ExternalTrainingForm) -> HttpResponse:
        data = dict(form.cleaned_data)
        wanted = data.pop("teacher", None)
        teacher = next((t for t in self.teachers if t.pk == wanted), self.teachers[0])
        file_name, content = read_upload(form.cleaned_data.get("file"))
        data.pop("file", None)
        try:
            record = external_submit(
                teacher=teacher, actor=self.request.user, file_name=file_name, data=content, **data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request, f"“{record.title}”{record.hours} 学时已提交，学校审定后计入学时。"
        )
        return redirect("training:my_training")


class MyExternalEditView(TeacherSpaceMixin, _ExternalTrainingFormView):
    """Correct one of my records while it waits (phone first): the same form as logging
    it, filled in; a new file replaces the evidence. A decided record is not editable."""

    template_name = "training/my_external_form.html"
    form_class = ExternalTrainingForm
    needs_record = True
    record: ExternalTraining

    def get_form_kwargs(self) -> dict[str, Any]:
        self.record = own_external_get(teachers=self.teachers, record_id=self.kwargs["record_id"])
        return super().get_form_kwargs() | {"teachers": [self.record.teacher]}

    def get_initial(self) -> dict[str, Any]:
        fields = ("title", "organiser", "organiser_level", "date", "hours", "credit_class", "note")
        return {key: getattr(self.record, key) for key in fields} | {
            "teacher": self.record.teacher_id
        }

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.record = own_external_get(teachers=self.teachers, record_id=kwargs["record_id"])
        if not self.record.is_pending:
            messages.error(request, self.record.REVIEW_MESSAGES.correct_not_pending)
            return redirect("training:my_training")
        return super().get(request, *args, **kwargs)

    def form_valid(self, form: ExternalTrainingForm) -> HttpResponse:
        data = dict(form.cleaned_data)
        data.pop("teacher", None)
        file_name, content = read_upload(data.pop("file", None))
        try:
            record = external_correct(
                record=self.record,
                actor=self.request.user,
                file_name=file_name,
                data=content,
                **data,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"“{record.title}”已修改，学校审定后计入学时。")
        return redirect("training:my_training")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**kwargs) | {"record": self.record}


class MyExternalWithdrawView(TeacherSpaceMixin, View):
    """Withdraw one of my records while it waits (a button on 我的研修)."""

    http_method_names = ["post"]
    needs_record = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        record = own_external_get(teachers=self.teachers, record_id=kwargs["record_id"])
        try:
            external_withdraw(record=record, actor=request.user)
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, f"已撤回“{record.title}”，它不会计入学时。")
        return redirect("training:my_training")


class MyExternalFileView(TeacherSpaceMixin, View):
    http_method_names = ["get", "head"]
    needs_record = True

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        record = own_external_get(teachers=self.teachers, record_id=kwargs["record_id"])
        log_data_access(request, what="校外培训证明下载", subject=record)
        return file_response(record, external_file_data(record=record), prefix="training")
