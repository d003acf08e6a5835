"""School portal (/s/<school_id>/training/…): activities and their sign-in, 学时审定 of
the teachers' external records, the hours ledger with reversals, end-of-semester credits,
and each teacher's development archive with a printable view. The school's leader
writes (`SchoolPortalMixin` asks for it on every unsafe method); the district's roles
read."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views import View
from django.views.generic import FormView, TemplateView

from apps.core.schoolyear import current_school_year, semester, semester_of, today
from apps.people import selectors as people_selectors
from apps.people.models import Teacher
from apps.tenancy.mixins import SchoolPortalMixin
from apps.training import selectors, services
from apps.training.downloads import file_response
from apps.training.forms import (
    ActivityAttachmentForm,
    ActivityForm,
    ArchiveEntryForm,
    CreditAssignForm,
    ExternalReviewForm,
    ReverseForm,
)
from apps.training.models import ExternalTraining, OrganiserLevel, RecordStatus

from .common import (
    PAGE_SIZE,
    STATUS_FILTERS,
    SignInMixin,
    apply_service_errors,
    archive_context,
    error_text,
    hours_totals,
    in_school_year,
    mark_reversals,
    read_upload,
    semester_param,
    year_choices,
    year_param,
)

# --------------------------------------------------------------------------- school portal


class TrainingSchoolMixin(SchoolPortalMixin):
    """The school portal's training pages share their tabs."""

    tab = ""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["tab"] = self.tab
        return context


class ActivityListView(TrainingSchoolMixin, TemplateView):
    template_name = "training/activity_list.html"
    tab = "activities"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        year = year_param(self.request)
        activities = in_school_year(selectors.activity_list_with_counts(school=self.school), year)
        page = Paginator(activities, PAGE_SIZE).get_page(self.request.GET.get("page"))
        context.update(year=year, years=year_choices(year), page=page)
        return context


class ActivityCreateView(TrainingSchoolMixin, FormView):
    template_name = "training/activity_form.html"
    form_class = ActivityForm
    write_required = True
    tab = "activities"

    def get_initial(self) -> dict[str, Any]:
        return {"date": today(), "organiser_level": OrganiserLevel.SCHOOL}

    def form_valid(self, form: ActivityForm) -> HttpResponse:
        try:
            activity = services.activity_create(
                district=self.school.district,
                school=self.school,
                actor=self.request.user,
                **form.cleaned_data,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"研修活动“{activity.title}”已登记，请勾选参加的教师。")
        return redirect("training:activity_detail", self.school.pk, activity.pk)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            title="登记研修活动", back=reverse("training:activity_list", args=[self.school.pk])
        )
        return context


class ActivityDetailView(SignInMixin, TrainingSchoolMixin, TemplateView):
    """The activity and its sign-in; POST records the ticked teachers (the leader)."""

    template_name = "training/activity_detail.html"
    tab = "activities"

    def load_objects(self, **kwargs: Any) -> None:
        self.activity = selectors.activity_get(
            school=self.school, activity_id=kwargs["activity_id"]
        )

    def candidates(self) -> QuerySet[Teacher]:
        search = self.request.GET.get("q", "").strip()
        return people_selectors.teacher_list(school=self.school, search=search, active=True)

    def candidates_by_ids(self, ids: list[int]) -> list[Teacher]:
        return list(selectors.school_teachers_by_ids(school=self.school, ids=ids))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            activity=self.activity,
            q=self.request.GET.get("q", "").strip(),
            **self.checklist(checked=kwargs.get("checked", set()), posted=kwargs.get("posted", {})),
            sign_in_errors=kwargs.get("errors", []),
            can_sign_in=self.can_edit,
            attachments=selectors.activity_attachments(activity=self.activity),
            attachment_form=kwargs.get("attachment_form") or ActivityAttachmentForm(),
            can_attach=self.can_edit,
            attachment_add_url=reverse(
                "training:activity_attachment_add", args=[self.school.pk, self.activity.pk]
            ),
            attachment_file_url="training:activity_attachment_file",
            detail_url=reverse("training:activity_detail", args=[self.school.pk, self.activity.pk]),
            attachment_scope=self.school.pk,
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        result = self.record()
        if result.errors:
            context = self.get_context_data(
                errors=result.errors, checked=result.checked, posted=result.posted
            )
            return self.render_to_response(context)
        messages.success(request, f"已记录 {result.count} 位教师的出勤，学时已计入台账。")
        return redirect("training:activity_detail", self.school.pk, self.activity.pk)


class ActivityAttachmentAddView(ActivityDetailView):
    """POST only (the school's leader, the activity's organiser): keep a file with the
    activity's record. A refused file shows the activity again with the message on the
    file field."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = ActivityAttachmentForm(request.POST, request.FILES)
        if form.is_valid():
            file_name, data = read_upload(form)
            try:
                attachment = services.activity_attachment_add(
                    activity=self.activity,
                    actor=request.user,
                    file_name=file_name,
                    data=data,
                    title=form.cleaned_data["title"],
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, f"附件“{attachment.file_name}”已上传。")
                return redirect("training:activity_detail", self.school.pk, self.activity.pk)
        return self.render_to_response(self.get_context_data(attachment_form=form))


class ActivityAttachmentFileView(SchoolPortalMixin, View):
    """An attachment of the school's activity, for those who read the school."""

    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        activity = selectors.activity_get(school=self.school, activity_id=kwargs["activity_id"])
        attachment, data = selectors.activity_attachment_file(
            activity=activity, attachment_id=kwargs["attachment_id"]
        )
        return file_response(attachment, data, prefix="activity")


class ExternalQueueView(TrainingSchoolMixin, TemplateView):
    """学时审定: the teachers' external records; those waiting first, oldest first."""

    template_name = "training/external_queue.html"
    tab = "review"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        status = self.request.GET.get("status", RecordStatus.SUBMITTED)
        if status not in dict(STATUS_FILTERS):
            status = RecordStatus.SUBMITTED
        records = selectors.external_queue(
            school=self.school, status="" if status == "all" else status
        )
        page = Paginator(records, PAGE_SIZE).get_page(self.request.GET.get("page"))
        context.update(page=page, status=status, statuses=STATUS_FILTERS)
        return context


class ExternalDetailView(TrainingSchoolMixin, FormView):
    """One record with its evidence; for a waiting one, the decision (the leader)."""

    template_name = "training/external_detail.html"
    form_class = ExternalReviewForm
    tab = "review"
    record: ExternalTraining

    def load_objects(self, **kwargs: Any) -> None:
        self.record = selectors.external_detail(school=self.school, record_id=kwargs["record_id"])

    def form_valid(self, form: ExternalReviewForm) -> HttpResponse:
        verify = form.cleaned_data["decision"] == "verify"
        try:
            record = services.external_review(
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
        record = selectors.external_detail(school=self.school, record_id=kwargs["record_id"])
        return file_response(record, selectors.external_file_data(record=record), prefix="training")


class LedgerView(TrainingSchoolMixin, TemplateView):
    """Per-teacher totals for a school year or a semester: hours by class and credits."""

    template_name = "training/ledger.html"
    tab = "ledger"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        year = year_param(self.request)
        term = semester_param(self.request)
        search = self.request.GET.get("q", "").strip()
        rows = selectors.ledger_totals(school=self.school, school_year=year, search=search)
        page = Paginator(rows, PAGE_SIZE * 2).get_page(self.request.GET.get("page"))
        params = selectors.credit_params(district=self.school.district)
        page.object_list = selectors.with_credit_totals(
            page.object_list, params=params, semester=term or None
        )
        target = selectors.yearly_hours_target(district=self.school.district)
        for row in page.object_list:
            total = max(row.total, Decimal(0))  # type: ignore[attr-defined]
            row.percent = min(100, int(total * 100 / target)) if target and not term else None  # type: ignore[attr-defined]
        context.update(
            year=year,
            years=year_choices(year),
            semester=term,
            q=search,
            page=page,
            params=params,
            hours_target=target,
        )
        return context


class LedgerTeacherView(TrainingSchoolMixin, TemplateView):
    """One teacher's rows for a school year: reversed rows struck through with the
    reversal and its reason; the leader reverses a row with a reason."""

    template_name = "training/ledger_teacher.html"
    tab = "ledger"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        teacher = people_selectors.teacher_get(
            school=self.school, teacher_id=self.kwargs["teacher_id"]
        )
        year = year_param(self.request)
        rows = mark_reversals(list(selectors.ledger_rows(teacher=teacher, school_year=year)))
        context.update(
            teacher=teacher,
            year=year,
            years=year_choices(year),
            rows=rows,
            totals=hours_totals(rows),
            reverse_form=ReverseForm(),
        )
        return context


class LedgerReverseView(SchoolPortalMixin, View):
    """POST only (the school's leader): a reversal row with the reason, through the
    service (a row is reversed once; a reversal is not reversed)."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        entry = selectors.ledger_entry_detail(school=self.school, entry_id=kwargs["entry_id"])
        form = ReverseForm(request.POST)
        reason = form.cleaned_data["reason"] if form.is_valid() else ""
        if form.errors:
            messages.error(
                request, "；".join(str(e) for errs in form.errors.values() for e in errs)
            )
        else:
            try:
                services.ledger_reverse(entry=entry, actor=request.user, reason=reason)
            except ValidationError as error:
                messages.error(request, f"未冲销：{error_text(error)}")
            else:
                messages.success(
                    request, f"已冲销“{entry.title}”{entry.hours} 学时，理由已永久保留。"
                )
        url = reverse("training:ledger_teacher", args=[self.school.pk, entry.teacher_id])
        return redirect(f"{url}?year={entry.school_year}")


class CreditsView(TrainingSchoolMixin, TemplateView):
    """PT24-CREDIT: per semester, each active teacher's credits as the district's
    conversion gives them from the ledger; "assign" records them (the leader)."""

    template_name = "training/credits.html"
    tab = "credits"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        year = kwargs.get("year") or year_param(self.request)
        default_term = semester_of(today())[1] if year == current_school_year() else 1
        term = kwargs.get("term") or semester_param(self.request, default_term) or default_term
        params = selectors.credit_params(district=self.school.district)
        rows = selectors.credit_preview(
            school=self.school, school_year=year, semester=term, params=params
        )
        page = Paginator(rows, PAGE_SIZE * 2).get_page(self.request.GET.get("page"))
        assigned = selectors.credit_assignments_of(
            school=self.school, school_year=year, semester=term
        )
        last = assigned.order_by("-created_at").first()
        context.update(
            year=year,
            years=year_choices(year),
            semester=term,
            period=semester(year, term),
            params=params,
            page=page,
            last_assignment=last,
            offsets=selectors.offset_candidates(school=self.school, school_year=year),
            can_recognise=self.can_edit,
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = CreditAssignForm(request.POST)
        if not form.is_valid():
            messages.error(request, "请选择学年和学期后再赋分。")
            return redirect("training:credits", self.school.pk)
        year, term = form.cleaned_data["school_year"], form.cleaned_data["semester"]
        url = f"{reverse('training:credits', args=[self.school.pk])}?year={year}&semester={term}"
        params = selectors.credit_params(district=self.school.district)
        if params is None:
            messages.error(request, "本区采用的政策包未规定学时与学分的折算，无法赋分。")
            return redirect(url)
        rows = services.credits_assign_semester(
            school=self.school, school_year=year, semester=term, actor=request.user, params=params
        )
        total = sum((row.credits for row in rows), Decimal(0))
        messages.success(
            request,
            f"{semester(year, term).label}已为 {len(rows)} 位教师赋分，共 {total} 学分。",
        )
        return redirect(url)


class CreditOffsetView(TrainingSchoolMixin, View):
    """XB23-CREDIT: the leader recognises a teacher's backbone-training credit offset."""

    http_method_names = ["post"]
    write_required = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        year = year_param(request)
        teacher = people_selectors.teacher_get(
            school=self.school, teacher_id=request.POST.get("teacher_id", "")
        )
        try:
            offset = services.credit_offset_recognise(
                teacher=teacher,
                school_year=year,
                actor=request.user,
                note=request.POST.get("note", ""),
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request, f"已认定{teacher.name}冲抵 {offset.credits} 学分（XB23-CREDIT）。"
            )
        return redirect(f"{reverse('training:credits', args=[self.school.pk])}?year={year}")


class ArchiveListView(TrainingSchoolMixin, TemplateView):
    template_name = "training/archive_list.html"
    tab = "archive"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        search = self.request.GET.get("q", "").strip()
        teachers = selectors.archive_teachers(school=self.school, search=search)
        page = Paginator(teachers, PAGE_SIZE * 2).get_page(self.request.GET.get("page"))
        context.update(page=page, q=search)
        return context


class ArchiveTeacherView(TrainingSchoolMixin, FormView):
    """A teacher's archive entries; the leader adds one (with its evidence)."""

    template_name = "training/archive_teacher.html"
    form_class = ArchiveEntryForm
    tab = "archive"

    def load_objects(self, **kwargs: Any) -> None:
        self.teacher = people_selectors.teacher_get(
            school=self.school, teacher_id=kwargs["teacher_id"]
        )

    def form_valid(self, form: ArchiveEntryForm) -> HttpResponse:
        file_name, data = read_upload(form)
        values = {k: v for k, v in form.cleaned_data.items() if k != "file"}
        try:
            entry = services.archive_entry_create(
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
            entries=selectors.archive_entries(teacher=self.teacher),
            file_url_name="training:archive_file",
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
        )
        return context


class ArchiveFileView(SchoolPortalMixin, View):
    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        entry = selectors.archive_entry_get(school=self.school, entry_id=kwargs["entry_id"])
        return file_response(entry, selectors.archive_file_data(entry=entry), prefix="archive")
