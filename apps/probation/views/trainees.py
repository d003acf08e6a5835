"""School portal pages of the probation (/s/<school_id>/probation/…, XH26-PROB-HOURS,
XH26-PROB-ASSESS, XH26-PROB-MENTOR): the board of the school's trainees (filters, 导出
Excel, registering one), a trainee's page with every action — mentor and X, the mentor's
log, the school's two assessments, 报送区级结业考核, 重新考核, 正式聘任 — and the
completion certificate (PDF). Reads go through the selectors (`progress_of` for the whole
page at once); writes through the services, whose refusals come back on the forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views import View
from django.views.generic import TemplateView

from apps.core.access_log import log_data_access
from apps.core.pdf import render_pdf
from apps.core.schoolyear import current_school_year, today
from apps.core.web import Export, ExportMixin, pdf_response
from apps.core.xlsx import DATE, TableSheet
from apps.people import selectors as people_selectors
from apps.probation.forms.trainees import (
    AppointForm,
    AssessmentForm,
    MentorLogForm,
    TraineeCreateForm,
    TraineeEditForm,
)
from apps.probation.models import LEVEL_ORDER, AssessmentLevel, Trainee, TraineeStatus
from apps.probation.selectors import progress_of, qualified_mentors, trainee_mentor_logs
from apps.probation.selectors.trainees import (
    assessment_history,
    board_trainees,
    bucket_rows,
    registrable_teachers,
    trainee_get,
)
from apps.probation.services import (
    assessment_record,
    mentor_log_add,
    trainee_appoint,
    trainee_create,
    trainee_retry,
    trainee_send_to_district,
    trainee_update,
)

from .common import STATUS_FILTERS, ProbationSchoolMixin, actor_of, refused_on_form, uploaded

PAGE_SIZE = 30
LEVEL_LABELS = {key: str(label) for key, label in AssessmentLevel.choices}


def export_rows(progress: list[Any], *, with_school: bool = False) -> list[list[Any]]:
    """The board's (or the district's) rows as the sheet holds them."""
    rows = []
    for p in progress:
        t = p.trainee
        first = [t.school.name] if with_school else []
        rows.append([
            *first, t.teacher.employee_no, t.teacher.name, t.mentor.name if t.mentor else "",
            t.started_on, t.planned_end_on,
            *(f"{b.hours}/{b.target}" for b in p.buckets),
            *(p.assessment_label(level) for level in LEVEL_ORDER),
            str(t.get_status_display()), p.next_step,
        ])  # fmt: skip
    return rows


def export_headers(progress: list[Any], *, with_school: bool = False) -> tuple[str, ...]:
    from apps.probation.selectors import BUCKET_LABELS  # noqa: PLC0415 - keeps the list short

    first = ("学校",) if with_school else ()
    return (
        *first, "工号", "见习教师", "指导教师", "见习开始", "计划结束",
        *(f"{label}（学时）" for label in BUCKET_LABELS.values()),
        *(LEVEL_LABELS[level] for level in LEVEL_ORDER), "状态", "下一步",
    )  # fmt: skip


def date_formats(*, with_school: bool = False) -> tuple[Any, ...]:
    return ((None,) if with_school else ()) + (None, None, None, DATE, DATE)


class _PlainForm(forms.Form):
    """A button's POST: no fields, the service's refusal as the form's error."""


class BoardView(ProbationSchoolMixin, ExportMixin, TemplateView):
    """见习管理: one row per trainee with the buckets, the assessments, the status and the
    next step; filters by status and a search; 导出 Excel; the register form (leader)."""

    template_name = "probation/board.html"
    form: BaseForm | None = None

    def _filters(self) -> tuple[str, str]:
        status = self.request.GET.get("status", "")
        status = status if status in TraineeStatus.values else ""
        return status, self.request.GET.get("q", "").strip()[:50]

    def _trainees(self) -> Any:
        status, search = self._filters()
        return board_trainees(school=self.school, status=status, search=search)

    def export(self) -> Export:
        progress = progress_of(self._trainees(), self.rules)
        rows = export_rows(progress)
        return Export(
            sheets=[TableSheet("见习班主任", export_headers(progress), rows,
                               formats=date_formats())],
            rows=len(rows), what="见习看板导出", subject=self.school, school_id=self.school.pk,
            name=f"见习班主任-{self.school.name}.xlsx",
            fallback=f"probation-{self.school.code}.xlsx",
        )  # fmt: skip

    def create_form(self, data: Any = None) -> TraineeCreateForm:
        return TraineeCreateForm(
            data,
            teachers=registrable_teachers(school=self.school),
            mentors=qualified_mentors(school=self.school, rules=self.rules),
            reading=self.mentor_reading,
            initial={"started_on": today(), "school_hours_target": self.rules.school_hours_min},
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self.create_form(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                trainee = trainee_create(
                    school=self.school, actor=actor_of(request), teacher=data["teacher"],
                    started_on=data["started_on"], mentor=data["mentor"],
                    school_hours_target=data["school_hours_target"], note=data["note"],
                )  # fmt: skip
            except ValidationError as error:
                refused_on_form(form, error)
            else:
                messages.success(request, f"已登记见习班主任：{trainee.teacher.name}。")
                return redirect("probation:trainee_detail", self.school.pk, trainee.pk)
        self.form = form
        return self.render_to_response(self.get_context_data())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        status, search = self._filters()
        page = Paginator(self._trainees(), PAGE_SIZE).get_page(self.request.GET.get("page"))
        context.update(
            page=page,
            rows=progress_of(page.object_list, self.rules),
            status=status,
            q=search,
            statuses=STATUS_FILTERS,
            levels=LEVEL_ORDER,
            form=(self.form or self.create_form()) if self.can_edit else None,
        )
        return context


class TraineeDetailView(ProbationSchoolMixin, TemplateView):
    """One trainee: the buckets with the ledger rows counted, every attempt's
    assessments with their events, the mentor's log, and the leader's actions."""

    template_name = "probation/trainee_detail.html"
    trainee: Trainee
    bound: dict[str, BaseForm]

    def load_objects(self, **kwargs: Any) -> None:
        self.trainee = trainee_get(school=self.school, trainee_id=kwargs["trainee_id"])
        self.bound = {}

    def forms(self) -> dict[str, BaseForm]:
        t = self.trainee
        mentors = qualified_mentors(school=self.school, rules=self.rules)
        classes = people_selectors.class_list(school=self.school, school_year=current_school_year())
        built: dict[str, BaseForm] = {
            "edit_form": TraineeEditForm(
                mentors=mentors, reading=self.mentor_reading,
                initial={"mentor": t.mentor_id, "school_hours_target": t.school_hours_target,
                         "note": t.note},
            ),
            "log_form": MentorLogForm(initial={"date": today()}),
            "assess_form": AssessmentForm(initial={"assessed_on": today()}),
            "appoint_form": AppointForm(classes=classes, initial={"appointed_on": today()}),
            "send_form": _PlainForm(),
            "retry_form": _PlainForm(),
        }  # fmt: skip
        return built | self.bound

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        (progress,) = progress_of([self.trainee], self.rules)
        history = assessment_history(trainee=self.trainee)
        attempts: dict[int, list[Any]] = {}
        for record in history:
            attempts.setdefault(record.attempt, []).append(record)
        context.update(
            trainee=self.trainee,
            progress=progress,
            levels=LEVEL_ORDER,
            attempts=sorted(attempts.items(), reverse=True),
            ledger=bucket_rows(trainee=self.trainee),
            logs=list(trainee_mentor_logs(trainee=self.trainee)),
            **(self.forms() if self.can_edit else {}),
        )
        return context


class TraineeActionView(TraineeDetailView):
    """A POST of one of the detail page's forms: the service, then back to the page;
    refused, the page again with the form's errors (nothing saved)."""

    http_method_names = ["post"]
    form_key = ""

    def bind(self, data: Any) -> BaseForm:
        raise NotImplementedError

    def act(self, form: BaseForm) -> str:
        """Call the service; the success message."""
        raise NotImplementedError

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self.bind(request.POST)
        if form.is_valid():
            try:
                message = self.act(form)
            except (ValidationError, PermissionDenied) as error:
                refused_on_form(form, error)
            else:
                messages.success(request, message)
                return redirect("probation:trainee_detail", self.school.pk, self.trainee.pk)
        self.bound[self.form_key] = form
        self.template_name = TraineeDetailView.template_name
        return self.render_to_response(self.get_context_data())


class TraineeEditView(TraineeActionView):
    form_key = "edit_form"

    def bind(self, data: Any) -> BaseForm:
        mentors = qualified_mentors(school=self.school, rules=self.rules)
        return TraineeEditForm(data, mentors=mentors, reading=self.mentor_reading)

    def act(self, form: BaseForm) -> str:
        data = form.cleaned_data
        trainee_update(
            trainee=self.trainee, actor=actor_of(self.request), mentor=data["mentor"],
            school_hours_target=data["school_hours_target"], note=data["note"],
        )  # fmt: skip
        return "已保存指导教师与校级跟岗培训学时。"


class MentorLogAddView(TraineeActionView):
    form_key = "log_form"

    def bind(self, data: Any) -> BaseForm:
        return MentorLogForm(data)

    def act(self, form: BaseForm) -> str:
        mentor_log_add(trainee=self.trainee, actor=actor_of(self.request), **form.cleaned_data)
        return "已添加指导记录。"


class AssessmentAddView(TraineeActionView):
    form_key = "assess_form"

    def bind(self, data: Any) -> BaseForm:
        return AssessmentForm(data, self.request.FILES)

    def act(self, form: BaseForm) -> str:
        data = form.cleaned_data
        record = assessment_record(
            trainee=self.trainee, actor=actor_of(self.request), level=data["level"],
            assessed_on=data["assessed_on"], passed=data["result"] == "passed",
            assessor_name=data["assessor_name"], comment=data["comment"], score=data["score"],
            **uploaded(data.get("file")),
        )  # fmt: skip
        return f"已登记{record.get_level_display()}：{record.get_status_display()}。"


class SendView(TraineeActionView):
    """报送区级结业考核 (hours met, the school's two assessments passed)."""

    form_key = "send_form"

    def bind(self, data: Any) -> BaseForm:
        return _PlainForm(data)

    def act(self, form: BaseForm) -> str:
        trainee_send_to_district(trainee=self.trainee, actor=actor_of(self.request))
        return f"已报送{self.trainee.teacher.name}参加区级结业考核。"


class RetryView(TraineeActionView):
    """重新考核 of a deferred trainee: a new attempt."""

    form_key = "retry_form"

    def bind(self, data: Any) -> BaseForm:
        return _PlainForm(data)

    def act(self, form: BaseForm) -> str:
        trainee = trainee_retry(trainee=self.trainee, actor=actor_of(self.request))
        return f"已开始第 {trainee.attempt} 轮考核。"


class AppointView(TraineeActionView):
    """正式聘任: refused with each missing piece named."""

    form_key = "appoint_form"

    def bind(self, data: Any) -> BaseForm:
        classes = people_selectors.class_list(school=self.school, school_year=current_school_year())
        return AppointForm(data, classes=classes)

    def act(self, form: BaseForm) -> str:
        data = form.cleaned_data
        trainee = trainee_appoint(
            trainee=self.trainee, actor=actor_of(self.request),
            school_class=data["school_class"], appointed_on=data["appointed_on"],
        )  # fmt: skip
        return f"{trainee.teacher.name}已正式聘任为{data['school_class']}班主任。"


class CertificatePdfView(ProbationSchoolMixin, View):
    """见习结业证明 (PDF) of an appointed trainee (404 otherwise), the hand-over logged."""

    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        trainee = trainee_get(school=self.school, trainee_id=kwargs["trainee_id"])
        if trainee.status != TraineeStatus.APPOINTED:
            raise Http404
        (progress,) = progress_of([trainee], self.rules)
        passed = [
            record
            for record in assessment_history(trainee=trainee)
            if record.attempt == trainee.attempt and record.status == "passed"
        ]
        latest = {record.level: record for record in passed}
        context = {
            "trainee": trainee, "school": self.school, "district": self.school.district,
            "progress": progress, "title": "见习班主任结业证明", "printed_on": today(),
            "assessments": [latest[level] for level in LEVEL_ORDER if level in latest],
        }  # fmt: skip
        pdf = render_pdf("probation/pdf/certificate.html", context)
        log_data_access(request, what="见习结业证明PDF", rows=1, subject=trainee)
        name = f"{trainee.teacher.name}-见习班主任结业证明.pdf"
        return pdf_response(pdf.data, fallback=f"probation-{trainee.pk}.pdf", name=name)
