"""Teacher space (/me/…): the home page with this year's progress, logging an external
training, and the person's own records, ledger and archive. Everything is looked up among
the person's own teacher records (`people.selectors.teacher_records_of`)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views import View
from django.views.generic import FormView, TemplateView

from apps.core.schoolyear import current_school_year, school_year_label, today
from apps.people import selectors as people_selectors
from apps.people.models import Teacher
from apps.training import programme_selectors, selectors, services
from apps.training.downloads import file_response
from apps.training.forms import ArchiveEntryForm, ExternalTrainingForm

from .common import (
    PAGE_SIZE,
    apply_service_errors,
    archive_context,
    hours_totals,
    mark_reversals,
    read_upload,
    year_choices,
    year_param,
)

# --------------------------------------------------------------------------- teacher space


@login_required
def teacher_home(request: HttpRequest) -> HttpResponse:
    """The teacher's own space: each school they teach at, with their progress there
    (hours and credits against the pack's targets, programme status, what is missing)."""
    year = current_school_year()
    entries = []
    for teacher in people_selectors.teacher_records_of(user=request.user):  # type: ignore[arg-type]
        progress = selectors.teacher_progress(teacher=teacher, school_year=year)
        entries.append(
            {
                "teacher": teacher,
                "assignments": list(people_selectors.teacher_assignments(teacher=teacher)),
                "progress": progress,
                "missing": selectors.progress_missing(progress),
                "cohorts": programme_selectors.teacher_cohorts(teacher=teacher),
            }
        )
    return render(
        request,
        "training/teacher_home.html",
        {"entries": entries, "year": year, "year_label": school_year_label(year)},
    )


class TeacherSpaceMixin(LoginRequiredMixin):
    """`self.teachers`: the person's own teacher records (people.selectors.
    teacher_records_of). Anything reached from here is looked up among them only, so a
    colleague's record is a 404 like one that does not exist."""

    teachers: list[Teacher]
    request: HttpRequest
    needs_record = False  # writes need a record; reads show "not linked" instead

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.teachers = list(people_selectors.teacher_records_of(user=request.user))
        if not self.teachers and (self.needs_record or request.method not in ("GET", "HEAD")):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def chosen_teacher(self) -> Teacher:
        """The record named by `?t=` (one of the person's own), else the first."""
        wanted = self.request.GET.get("t") or self.request.POST.get("teacher")
        for teacher in self.teachers:
            if str(teacher.pk) == str(wanted):
                return teacher
        if wanted:
            raise Http404  # not one of the person's own records
        return self.teachers[0]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        context["teachers"] = self.teachers
        return context


class MyTrainingView(TeacherSpaceMixin, TemplateView):
    """我的研修: this year's hours and my external records with their status (a returned
    one shows the school's comment)."""

    template_name = "training/my_training.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        year = current_school_year()
        records = selectors.own_external(teachers=self.teachers)
        page = Paginator(records, PAGE_SIZE).get_page(self.request.GET.get("page"))
        context.update(
            year=year,
            year_label=school_year_label(year),
            progress=[
                (t, selectors.teacher_progress(teacher=t, school_year=year)) for t in self.teachers
            ],
            page=page,
        )
        return context


class MyExternalCreateView(TeacherSpaceMixin, FormView):
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
        file_name, content = read_upload(form)
        data.pop("file", None)
        try:
            record = services.external_submit(
                teacher=teacher, actor=self.request.user, file_name=file_name, data=content, **data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request, f"“{record.title}”{record.hours} 学时已提交，学校审定后计入学时。"
        )
        return redirect("training:my_training")


class MyExternalFileView(TeacherSpaceMixin, View):
    http_method_names = ["get", "head"]
    needs_record = True

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        record = selectors.own_external_get(teachers=self.teachers, record_id=kwargs["record_id"])
        return file_response(record, selectors.external_file_data(record=record), prefix="training")


class MyLedgerView(TeacherSpaceMixin, TemplateView):
    """My hours ledger for a school year (every row, reversals included), with totals."""

    template_name = "training/my_ledger.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        year = year_param(self.request)
        sections = []
        for teacher in self.teachers:
            rows = mark_reversals(list(selectors.ledger_rows(teacher=teacher, school_year=year)))
            sections.append({"teacher": teacher, "rows": rows, "totals": hours_totals(rows)})
        context.update(year=year, years=year_choices(year), sections=sections)
        return context


class MyArchiveView(TeacherSpaceMixin, FormView):
    """My development archive: entries and adding one with its evidence."""

    template_name = "training/my_archive.html"
    form_class = ArchiveEntryForm

    def get_form_kwargs(self) -> dict[str, Any]:
        return super().get_form_kwargs() | {"teachers": self.teachers}

    def form_valid(self, form: ArchiveEntryForm) -> HttpResponse:
        data = dict(form.cleaned_data)
        wanted = data.pop("teacher", None)
        teacher = next((t for t in self.teachers if t.pk == wanted), self.teachers[0])
        file_name, content = read_upload(form)
        data.pop("file", None)
        try:
            entry = services.archive_entry_create(
                teacher=teacher, actor=self.request.user, file_name=file_name, data=content, **data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"已加入档案：{entry.title}。")
        return redirect("training:my_archive")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["sections"] = [
            {"teacher": t, "entries": selectors.archive_entries(teacher=t)} for t in self.teachers
        ]
        return context


class MyArchiveFileView(TeacherSpaceMixin, View):
    http_method_names = ["get", "head"]
    needs_record = True

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        entry = selectors.own_archive_entry_get(teachers=self.teachers, entry_id=kwargs["entry_id"])
        return file_response(entry, selectors.archive_file_data(entry=entry), prefix="archive")


class MyArchivePrintView(TeacherSpaceMixin, TemplateView):
    template_name = "training/archive_print.html"
    needs_record = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        teacher = self.chosen_teacher()
        context.update(archive_context(teacher), back=reverse("training:my_archive"))
        return context
