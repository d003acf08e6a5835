"""Pages of the development archive (XH26-A3-1, PT24-ARCHIVE). School portal
(/s/<school_id>/training/archive/…): the school's teachers, a teacher's entries (the
leader adds one with its evidence), the printable archive and the evidence files. Teacher
space (/me/archive/…): my entries, adding one, my printable archive and files."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views import View
from django.views.generic import FormView, TemplateView

from apps.core.access_log import log_data_access
from apps.core.badges import teacher_badges
from apps.core.pdf import render_pdf
from apps.core.schoolyear import school_year_label, today
from apps.core.web import (
    Export,
    ExportMixin,
    apply_service_errors,
    file_response,
    pdf_response,
    read_upload,
)
from apps.core.xlsx import DATE, TableSheet
from apps.people import selectors as people_selectors
from apps.people.models import Teacher
from apps.tenancy.mixins import SchoolPortalMixin
from apps.training.forms.archive import ArchiveEntryForm
from apps.training.models import LedgerEntry
from apps.training.selectors.archive import (
    archive_entries,
    archive_entry_get,
    archive_file_data,
    archive_list,
    archive_teachers,
    earned_elsewhere,
    own_archive_entry_get,
)
from apps.training.selectors.credits import teacher_credits
from apps.training.selectors.ledger import ledger_rows
from apps.training.selectors.programmes import teacher_cohorts
from apps.training.services.archive import archive_entry_create

from .common import PAGE_SIZE, TeacherSpaceMixin, TrainingSchoolMixin, hours_totals, mark_reversals

# The stubs' FormView is generic over its form; Django's is not subscriptable at runtime.
if TYPE_CHECKING:
    _ArchiveEntryFormView = FormView[ArchiveEntryForm]
else:
    _ArchiveEntryFormView = FormView


def archive_context(teacher: Teacher) -> dict[str, Any]:
    """What the printable archive shows of a teacher (a fixed number of queries)."""
    rows = mark_reversals(list(ledger_rows(teacher=teacher)))
    years: dict[int, list[LedgerEntry]] = defaultdict(list)
    for row in rows:
        years[row.school_year].append(row)
    return {
        "teacher": teacher,
        "assignments": list(people_selectors.teacher_assignments(teacher=teacher)),
        "ledger_years": [
            {
                "year": year,
                "label": school_year_label(year),
                "rows": items,
                "totals": hours_totals(items),
            }
            for year, items in sorted(years.items(), reverse=True)
        ],
        "entries": list(archive_entries(teacher=teacher)),
        "earlier": earned_elsewhere(teacher=teacher),
        "cohorts": teacher_cohorts(teacher=teacher),
        "credits": list(teacher_credits(teacher=teacher)),
        "printed_on": today(),
    }


def _printed(context: dict[str, Any]) -> int:
    """The rows a printed archive shows: ledger entries and archive entries (access log)."""
    earlier = sum(len(stint.entries) for stint in context["earlier"])
    return (
        sum(len(year["rows"]) for year in context["ledger_years"])
        + len(context["entries"])
        + earlier
    )


# --------------------------------------------------------------------------- school portal


ARCHIVE_HEADERS = ("工号", "教师", "日期", "类别", "级别", "名称", "说明")


class ArchiveListView(TrainingSchoolMixin, ExportMixin, TemplateView):
    """The school's teachers' archives; ?format=xlsx exports every entry of the school."""

    template_name = "training/archive_list.html"
    tab = "archive"

    def export(self) -> Export:
        rows = [
            [e.teacher.employee_no, e.teacher.name, e.date, e.get_kind_display(),
             e.get_level_display(), e.title, e.description]
            for e in archive_list(school=self.school)
        ]  # fmt: skip
        return Export(
            sheets=[TableSheet("实绩与荣誉", ARCHIVE_HEADERS, rows, formats=(None, None, DATE))],
            rows=len(rows), what="发展档案导出", subject=self.school, school_id=self.school.pk,
            name=f"专业发展档案-{self.school.name}.xlsx",
            fallback=f"archive-{self.school.code}.xlsx",
        )  # fmt: skip

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        search = self.request.GET.get("q", "").strip()
        teachers = archive_teachers(school=self.school, search=search)
        page = Paginator(teachers, PAGE_SIZE * 2).get_page(self.request.GET.get("page"))
        context.update(page=page, q=search)
        return context


class ArchiveTeacherView(TrainingSchoolMixin, _ArchiveEntryFormView):
    """A teacher's archive entries; the leader adds one (with its evidence)."""

    template_name = "training/archive_teacher.html"
    form_class = ArchiveEntryForm
    tab = "archive"

    def load_objects(self, **kwargs: Any) -> None:
        self.teacher = people_selectors.teacher_get(
            school=self.school, teacher_id=kwargs["teacher_id"]
        )

    def form_valid(self, form: ArchiveEntryForm) -> HttpResponse:
        file_name, data = read_upload(form.cleaned_data.get("file"))
        values = {k: v for k, v in form.cleaned_data.items() if k != "file"}
        try:
            entry = archive_entry_create(
                teacher=self.teacher,
                actor=self.request.user,
                file_name=file_name,
                data=data,
                **values,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"已加入档案：{entry.title}。")
        return redirect("training:archive_teacher", self.school.pk, self.teacher.pk)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            teacher=self.teacher,
            entries=archive_entries(teacher=self.teacher),
            earlier=earned_elsewhere(teacher=self.teacher),
            file_url_name="training:archive_file",
            badges=teacher_badges([self.teacher.pk]).get(self.teacher.pk, []),
        )
        return context


class ArchivePrintView(TrainingSchoolMixin, TemplateView):
    """The printable development archive: profile, every year's ledger, achievements."""

    template_name = "training/archive_print.html"
    tab = "archive"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        teacher = people_selectors.teacher_get(
            school=self.school, teacher_id=self.kwargs["teacher_id"]
        )
        context.update(
            archive_context(teacher),
            back=reverse("training:archive_teacher", args=[self.school.pk, teacher.pk]),
            pdf_url=reverse("training:archive_pdf", args=[self.school.pk, teacher.pk]),
        )
        log_data_access(self.request, what="发展档案打印", rows=_printed(context), subject=teacher)
        return context


def archive_pdf(request: HttpRequest, teacher: Teacher) -> HttpResponse:
    """The development archive as a PDF (issue 12 §1): what the print page shows, with the
    credits, on A4 with page numbers; the hand-over is logged."""
    context = archive_context(teacher)
    district = teacher.school.district
    pdf = render_pdf(
        "training/pdf/archive.html",
        context | {"district": district, "title": "班主任专业发展档案"},
    )
    log_data_access(request, what="发展档案PDF", rows=_printed(context), subject=teacher)
    name = f"{teacher.name}-班主任专业发展档案-{context['printed_on']:%Y%m%d}.pdf"
    return pdf_response(pdf.data, fallback=f"archive-{teacher.pk}.pdf", name=name)


class ArchivePdfView(TrainingSchoolMixin, View):
    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        teacher = people_selectors.teacher_get(school=self.school, teacher_id=kwargs["teacher_id"])
        return archive_pdf(request, teacher)


class ArchiveFileView(SchoolPortalMixin, View):
    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        entry = archive_entry_get(school=self.school, entry_id=kwargs["entry_id"])
        log_data_access(request, what="发展档案附件下载", subject=entry)
        return file_response(entry, archive_file_data(entry=entry), prefix="archive")


# --------------------------------------------------------------------------- teacher space


class MyArchiveView(TeacherSpaceMixin, _ArchiveEntryFormView):
    """My development archive: entries and adding one with its evidence."""

    template_name = "training/my_archive.html"
    form_class = ArchiveEntryForm

    def get_form_kwargs(self) -> dict[str, Any]:
        return super().get_form_kwargs() | {"teachers": self.teachers}

    def form_valid(self, form: ArchiveEntryForm) -> HttpResponse:
        data = dict(form.cleaned_data)
        wanted = data.pop("teacher", None)
        teacher = next((t for t in self.teachers if t.pk == wanted), self.teachers[0])
        file_name, content = read_upload(form.cleaned_data.get("file"))
        data.pop("file", None)
        try:
            entry = archive_entry_create(
                teacher=teacher, actor=self.request.user, file_name=file_name, data=content, **data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"已加入档案：{entry.title}。")
        return redirect("training:my_archive")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        badges = teacher_badges([t.pk for t in self.teachers])
        context["sections"] = [
            {
                "teacher": t,
                "entries": archive_entries(teacher=t),
                "earlier": earned_elsewhere(teacher=t),
                "badges": badges.get(t.pk, []),
            }
            for t in self.teachers
        ]
        return context


class MyArchiveFileView(TeacherSpaceMixin, View):
    http_method_names = ["get", "head"]
    needs_record = True

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        entry = own_archive_entry_get(teachers=self.teachers, entry_id=kwargs["entry_id"])
        log_data_access(request, what="发展档案附件下载", subject=entry)
        return file_response(entry, archive_file_data(entry=entry), prefix="archive")


class MyArchivePdfView(TeacherSpaceMixin, View):
    http_method_names = ["get", "head"]
    needs_record = True

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return archive_pdf(request, self.chosen_teacher())


class MyArchivePrintView(TeacherSpaceMixin, TemplateView):
    template_name = "training/archive_print.html"
    needs_record = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        teacher = self.chosen_teacher()
        context.update(
            archive_context(teacher),
            back=reverse("training:my_archive"),
            pdf_url=f"{reverse('training:my_archive_pdf')}?t={teacher.pk}",
        )
        log_data_access(self.request, what="发展档案打印", rows=_printed(context), subject=teacher)
        return context
