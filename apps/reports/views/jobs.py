"""Report pages (issue 12 §2): the archive of a period with the forms that start a report,
a job's progress (polled), its cancel and its download — for the district (its own and
its schools' reports) and for a school (its own)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.views import View
from django.views.generic import TemplateView

from apps.core.access_log import log_data_access
from apps.core.schoolyear import current_school_year
from apps.core.web import HtmxPartialMixin, error_text, file_response, year_param
from apps.reports.models import ReportFormat, ReportJob, ReportKind
from apps.reports.selectors import compliance as data
from apps.reports.selectors import jobs as selectors
from apps.reports.services import report_cancel, report_request, schedule_of, schedule_set
from apps.tenancy.access import access_district, holds_district_role
from apps.tenancy.mixins import DistrictPortalMixin, SchoolPortalMixin
from apps.tenancy.models import Role
from apps.tenancy.selectors import district_school, open_schools

YEARS_SHOWN = 4


def _years() -> list[int]:
    current = current_school_year()
    return list(range(current, current - YEARS_SHOWN, -1))


def _number(raw: str | None, default: int) -> int:
    """A number from the form; -1 when it is not one (the service then names the field)."""
    try:
        return int(raw) if raw else default
    except ValueError:
        return -1


def _period(request: HttpRequest) -> tuple[int, int]:
    return (_number(request.POST.get("year"), current_school_year()),
            _number(request.POST.get("semester"), 0))  # fmt: skip


def _archive_context(year: int) -> dict[str, Any]:
    return {
        "year": year,
        "years": _years(),
        "semesters": [(0, "全学年"), (1, "第一学期"), (2, "第二学期")],
        "formats": ReportFormat.choices,
        "period_label": data.period_label(year, 0),
    }


class DistrictReportsView(DistrictPortalMixin, TemplateView):
    """报表中心: start the district's or a school's report; the period's archive."""

    template_name = "reports/district_reports.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        year = year_param(self.request)
        context.update(
            _archive_context(year),
            schools=open_schools(district=self.district),
            jobs=selectors.district_reports(district=self.district, school_year=year)[
                : selectors.ARCHIVE_LIMIT
            ],
            tab="reports",
            schedule=schedule_of(district=self.district),
            is_admin=holds_district_role(
                self.request.user,  # type: ignore[arg-type]
                self.district.pk,
                (Role.DISTRICT_ADMIN,),
            ),
        )
        return context


class DistrictScheduleView(DistrictPortalMixin, View):
    """The district admin turns the monthly reports on or off."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        access_district(request.user, self.district.pk, roles=(Role.DISTRICT_ADMIN,))  # type: ignore[arg-type]
        try:
            schedule_set(
                actor=request.user,  # type: ignore[arg-type]
                district=self.district,
                district_report=request.POST.get("district_report") == "on",
                school_reports=request.POST.get("school_reports") == "on",
                formats=request.POST.getlist("formats"),
            )
            messages.success(request, "已保存定时报表设置。")
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        return HttpResponseRedirect(reverse("reports:district_reports", args=[self.district.pk]))


class DistrictReportStartView(DistrictPortalMixin, View):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        year, semester = _period(request)
        kind = request.POST.get("kind", "")
        school = None
        if kind == ReportKind.SCHOOL and request.POST.get("school"):
            school = district_school(district=self.district, school_id=request.POST["school"])
        try:
            job = report_request(
                actor=request.user,  # type: ignore[arg-type]
                district=self.district, kind=kind, fmt=request.POST.get("fmt", ""),
                school_year=year, semester=semester, school=school,
            )  # fmt: skip
        except ValidationError as exc:
            messages.error(request, error_text(exc))
            url = reverse("reports:district_reports", args=[self.district.pk])
            return HttpResponseRedirect(f"{url}?year={year}")
        return HttpResponseRedirect(
            reverse("reports:district_job", args=[self.district.pk, job.pk])
        )


class _JobPage(HtmxPartialMixin, TemplateView):
    template_name = "reports/job.html"
    partial_template_name = "reports/_job_status.html"
    job: ReportJob

    def urls(self) -> dict[str, str]:
        raise NotImplementedError

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(job=self.job, poll_url=self.request.path, **self.urls())
        return context


class DistrictJobView(DistrictPortalMixin, _JobPage):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.job = selectors.district_report_get(district=self.district, job_id=kwargs["job_id"])
        return super().get(request, *args, **kwargs)

    def urls(self) -> dict[str, str]:
        args = [self.district.pk, self.job.pk]
        return {
            "download_url": reverse("reports:district_download", args=args),
            "cancel_url": reverse("reports:district_cancel", args=args),
            "archive_url": reverse("reports:district_reports", args=[self.district.pk])
            + f"?year={self.job.school_year}",
        }


def _cancel(request: HttpRequest, job: ReportJob) -> None:
    try:
        report_cancel(actor=request.user, job=job)  # type: ignore[arg-type]
        messages.success(request, "已取消该报表。")
    except ValidationError as exc:
        messages.error(request, error_text(exc))


def _download(request: HttpRequest, job: ReportJob) -> HttpResponse:
    content = selectors.report_bytes(job=job)
    log_data_access(request, what=f"报表下载：{job.get_kind_display()}", subject=job,
                    district_id=job.district_id, school_id=job.school_id)  # fmt: skip
    return file_response(job, content, prefix="report")


class DistrictJobCancelView(DistrictPortalMixin, View):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        job = selectors.district_report_get(district=self.district, job_id=kwargs["job_id"])
        _cancel(request, job)
        return HttpResponseRedirect(
            reverse("reports:district_job", args=[self.district.pk, job.pk])
        )


class DistrictDownloadView(DistrictPortalMixin, View):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        job = selectors.district_report_get(district=self.district, job_id=kwargs["job_id"])
        return _download(request, job)


# --------------------------------------------------------------------------- school


class SchoolReportsView(SchoolPortalMixin, TemplateView):
    template_name = "reports/school_reports.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        year = year_param(self.request)
        context.update(
            _archive_context(year),
            jobs=selectors.school_reports(school=self.school, school_year=year)[
                : selectors.ARCHIVE_LIMIT
            ],
            can_start=self.can_edit,
        )
        return context


class SchoolReportStartView(SchoolPortalMixin, View):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        year, semester = _period(request)
        try:
            job = report_request(
                actor=request.user,  # type: ignore[arg-type]
                district=self.school.district, kind=ReportKind.SCHOOL,
                fmt=request.POST.get("fmt", ""), school_year=year, semester=semester,
                school=self.school,
            )  # fmt: skip
        except ValidationError as exc:
            messages.error(request, error_text(exc))
            url = reverse("reports:school_reports", args=[self.school.pk])
            return HttpResponseRedirect(f"{url}?year={year}")
        return HttpResponseRedirect(reverse("reports:school_job", args=[self.school.pk, job.pk]))


class SchoolJobView(SchoolPortalMixin, _JobPage):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.job = selectors.school_report_get(school=self.school, job_id=kwargs["job_id"])
        return super().get(request, *args, **kwargs)

    def urls(self) -> dict[str, str]:
        args = [self.school.pk, self.job.pk]
        return {
            "download_url": reverse("reports:school_download", args=args),
            "cancel_url": reverse("reports:school_cancel", args=args),
            "archive_url": reverse("reports:school_reports", args=[self.school.pk])
            + f"?year={self.job.school_year}",
        }


class SchoolJobCancelView(SchoolPortalMixin, View):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        job = selectors.school_report_get(school=self.school, job_id=kwargs["job_id"])
        _cancel(request, job)
        return HttpResponseRedirect(reverse("reports:school_job", args=[self.school.pk, job.pk]))


class SchoolDownloadView(SchoolPortalMixin, View):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        job = selectors.school_report_get(school=self.school, job_id=kwargs["job_id"])
        return _download(request, job)
