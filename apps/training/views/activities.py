"""Pages of training activities. School portal (/s/<school_id>/training/activities/…): the
school's activities, recording one, its detail with the sign-in checklist and the files
kept with it; the school's leader writes, the district's roles read. District portal
(/d/<district_id>/training/activities/…): the district's own activities, with sign-in
across all its schools; its admin writes, its roles read. Whoever reads an activity
downloads its attachments; its organiser uploads them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views import View
from django.views.generic import FormView, TemplateView

from apps.core.access_log import log_data_access
from apps.core.schoolyear import school_year, today
from apps.core.web import (
    Export,
    ExportMixin,
    apply_service_errors,
    file_response,
    read_upload,
    year_param,
)
from apps.core.xlsx import DATE, TableSheet
from apps.people import selectors as people_selectors
from apps.people.models import Teacher
from apps.tenancy.mixins import SchoolPortalMixin
from apps.training.forms.activities import ActivityAttachmentForm, ActivityForm
from apps.training.models import OrganiserLevel, TrainingActivity
from apps.training.selectors.activities import (
    activity_attachment_file,
    activity_attachments,
    activity_get,
    activity_list_with_counts,
    district_activity_get,
    district_teachers,
    school_teachers_by_ids,
)
from apps.training.selectors.common import district_schools
from apps.training.selectors.research import spot_check_of
from apps.training.services.activities import activity_attachment_add, activity_create
from apps.training.services.research import administrative_warning

from .attendance import SignInMixin
from .common import PAGE_SIZE, TrainingDistrictMixin, TrainingSchoolMixin, year_choices

# The stubs' FormView is generic over its form; Django's is not subscriptable at runtime.
if TYPE_CHECKING:
    _ActivityFormView = FormView[ActivityForm]
else:
    _ActivityFormView = FormView


def in_school_year(queryset: QuerySet[TrainingActivity], year: int) -> QuerySet[TrainingActivity]:
    period = school_year(year)
    return queryset.filter(date__gte=period.start, date__lte=period.end)


# --------------------------------------------------------------------------- school portal


ACTIVITY_HEADERS = ("日期", "活动名称", "研修主题", "组织层级", "组织者", "研修形式", "学分类别",
                    "学时", "出勤人数", "问题导向型研修", "与思政课教师共同研修",
                    "德育干部培训")  # fmt: skip


def _activities_export(activities: Any, *, year: int, who: str, code: str) -> Export:
    rows = [
        [a.date, a.title, a.topic, a.get_organiser_level_display(), a.organiser_name,
         a.get_form_display(), a.get_credit_class_display(), a.hours, a.attendee_count,
         *("是" if flag else "否" for flag in (a.is_research_session, a.is_joint_ideological,
                                                a.is_cadre_training))]
        for a in activities
    ]  # fmt: skip
    return Export(
        sheets=[TableSheet("研修活动", ACTIVITY_HEADERS, rows, formats=(DATE,))], rows=len(rows),
        what="研修活动导出", name=f"研修活动-{who}-{year}学年.xlsx",
        fallback=f"activities-{code}-{year}.xlsx",
    )  # fmt: skip


class ActivityListView(TrainingSchoolMixin, ExportMixin, TemplateView):
    """The school's activities of a school year; ?format=xlsx exports them all."""

    template_name = "training/activity_list.html"
    tab = "activities"

    def export(self) -> Export:
        year = year_param(self.request)
        activities = in_school_year(activity_list_with_counts(school=self.school), year)
        export = _activities_export(activities, year=year, who=self.school.name,
                                    code=self.school.code)  # fmt: skip
        export.subject, export.school_id = self.school, self.school.pk
        return export

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        year = year_param(self.request)
        activities = in_school_year(activity_list_with_counts(school=self.school), year)
        page = Paginator(activities, PAGE_SIZE).get_page(self.request.GET.get("page"))
        context.update(year=year, years=year_choices(year), page=page)
        return context


class ActivityCreateView(TrainingSchoolMixin, _ActivityFormView):
    template_name = "training/activity_form.html"
    form_class = ActivityForm
    write_required = True
    tab = "activities"

    def get_initial(self) -> dict[str, Any]:
        return {"date": today(), "organiser_level": OrganiserLevel.SCHOOL}

    def form_valid(self, form: ActivityForm) -> HttpResponse:
        try:
            activity = activity_create(
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
        self.activity = activity_get(school=self.school, activity_id=kwargs["activity_id"])

    def candidates(self) -> QuerySet[Teacher]:
        search = self.request.GET.get("q", "").strip()
        return people_selectors.teacher_list(school=self.school, search=search, active=True)

    def candidates_by_ids(self, ids: list[int]) -> list[Teacher]:
        return list(school_teachers_by_ids(school=self.school, ids=ids))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            activity=self.activity,
            q=self.request.GET.get("q", "").strip(),
            **self.checklist(checked=kwargs.get("checked", set()), posted=kwargs.get("posted", {})),
            sign_in_errors=kwargs.get("errors", []),
            can_sign_in=self.can_edit,
            attachments=activity_attachments(activity=self.activity),
            attachment_form=kwargs.get("attachment_form") or ActivityAttachmentForm(),
            can_attach=self.can_edit,
            attachment_add_url=reverse(
                "training:activity_attachment_add", args=[self.school.pk, self.activity.pk]
            ),
            attachment_file_url="training:activity_attachment_file",
            detail_url=reverse("training:activity_detail", args=[self.school.pk, self.activity.pk]),
            attachment_scope=self.school.pk,
            spot_check=spot_check_of(activity=self.activity),
            administrative_warning=administrative_warning(self.activity.topic),
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
            file_name, data = read_upload(form.cleaned_data.get("file"))
            try:
                attachment = activity_attachment_add(
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
        activity = activity_get(school=self.school, activity_id=kwargs["activity_id"])
        attachment, data = activity_attachment_file(
            activity=activity, attachment_id=kwargs["attachment_id"]
        )
        log_data_access(
            request,
            what="活动附件下载",
            subject=attachment,
            district_id=activity.district_id,
            school_id=activity.school_id,
        )
        return file_response(attachment, data, prefix="activity")


# --------------------------------------------------------------------------- district portal


class DistrictActivityListView(TrainingDistrictMixin, ExportMixin, TemplateView):
    """The district's own activities of a school year; ?format=xlsx exports them all."""

    template_name = "training/district_activity_list.html"

    def export(self) -> Export:
        year = year_param(self.request)
        activities = in_school_year(activity_list_with_counts(district=self.district), year)
        export = _activities_export(activities, year=year, who=self.district.name,
                                    code=self.district.code)  # fmt: skip
        export.district_id = self.district.pk
        return export

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        year = year_param(self.request)
        activities = in_school_year(activity_list_with_counts(district=self.district), year)
        page = Paginator(activities, PAGE_SIZE).get_page(self.request.GET.get("page"))
        context.update(year=year, years=year_choices(year), page=page)
        return context


class DistrictActivityCreateView(TrainingDistrictMixin, _ActivityFormView):
    """The district's own activity (organised by the district; no school)."""

    template_name = "training/activity_form.html"
    form_class = ActivityForm

    def get_form_kwargs(self) -> dict[str, Any]:
        return super().get_form_kwargs() | {"district_level": True}

    def get_initial(self) -> dict[str, Any]:
        return {"date": today(), "organiser_name": "区教育学院"}

    def form_valid(self, form: ActivityForm) -> HttpResponse:
        try:
            activity = activity_create(
                district=self.district,
                school=None,
                actor=self.request.user,
                organiser_level=OrganiserLevel.DISTRICT,
                **form.cleaned_data,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"区级研修“{activity.title}”已登记，请勾选参加的教师。")
        return redirect("training:district_activity_detail", self.district.pk, activity.pk)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            title="登记区级研修",
            back=reverse("training:district_activity_list", args=[self.district.pk]),
        )
        return context


class DistrictActivityDetailView(SignInMixin, TrainingDistrictMixin, TemplateView):
    """A district activity and its sign-in across the district's schools (filter by school
    or search); POST records the ticked teachers (the district's admin)."""

    template_name = "training/district_activity_detail.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.activity = district_activity_get(
            district=self.district, activity_id=kwargs["activity_id"]
        )
        return super().get(request, *args, **kwargs)

    def candidates(self) -> QuerySet[Teacher]:
        """The checklist lists one school's teachers, or those a search finds across the
        district: a whole district at once would be thousands of rows."""
        school_id = self.request.GET.get("school", "")
        search = self.request.GET.get("q", "").strip()
        teachers = district_teachers(district=self.district, school_id=school_id, search=search)
        return teachers if school_id or search else teachers.none()

    def candidates_by_ids(self, ids: list[int]) -> list[Teacher]:
        return list(district_teachers(district=self.district, ids=ids))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            activity=self.activity,
            q=self.request.GET.get("q", "").strip(),
            school_filter=self.request.GET.get("school", ""),
            narrowed=bool(self.request.GET.get("school") or self.request.GET.get("q", "").strip()),
            schools=district_schools(district=self.district),
            **self.checklist(checked=kwargs.get("checked", set()), posted=kwargs.get("posted", {})),
            sign_in_errors=kwargs.get("errors", []),
            can_sign_in=self.can_write,
            attachments=activity_attachments(activity=self.activity),
            attachment_form=kwargs.get("attachment_form") or ActivityAttachmentForm(),
            can_attach=self.can_write,
            attachment_add_url=reverse(
                "training:district_activity_attachment_add",
                args=[self.district.pk, self.activity.pk],
            ),
            attachment_file_url="training:district_activity_attachment_file",
            detail_url=reverse(
                "training:district_activity_detail", args=[self.district.pk, self.activity.pk]
            ),
            attachment_scope=self.district.pk,
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.activity = district_activity_get(
            district=self.district, activity_id=kwargs["activity_id"]
        )
        result = self.record()
        if result.errors:
            context = self.get_context_data(
                errors=result.errors, checked=result.checked, posted=result.posted
            )
            return self.render_to_response(context)
        messages.success(request, f"已记录 {result.count} 位教师的出勤，学时已计入各校台账。")
        url = reverse(
            "training:district_activity_detail", args=[self.district.pk, self.activity.pk]
        )
        school_filter = request.POST.get("school", "")
        return redirect(f"{url}?school={school_filter}" if school_filter else url)


class DistrictActivityAttachmentAddView(DistrictActivityDetailView):
    """POST only (the district's admin, the activity's organiser): keep a file with the
    activity's record. A refused file shows the activity again with the message on the
    file field."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.activity = district_activity_get(
            district=self.district, activity_id=kwargs["activity_id"]
        )
        form = ActivityAttachmentForm(request.POST, request.FILES)
        if form.is_valid():
            file_name, data = read_upload(form.cleaned_data.get("file"))
            try:
                attachment = activity_attachment_add(
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
                return redirect(
                    "training:district_activity_detail", self.district.pk, self.activity.pk
                )
        return self.render_to_response(self.get_context_data(attachment_form=form))


class DistrictActivityAttachmentFileView(TrainingDistrictMixin, View):
    """An attachment of the district's activity, for the district's roles."""

    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        activity = district_activity_get(district=self.district, activity_id=kwargs["activity_id"])
        attachment, data = activity_attachment_file(
            activity=activity, attachment_id=kwargs["attachment_id"]
        )
        log_data_access(
            request,
            what="活动附件下载",
            subject=attachment,
            district_id=activity.district_id,
            school_id=activity.school_id,
        )
        return file_response(attachment, data, prefix="activity")
