"""Scheduled reports (issue 12 §5): a district admin turns them on or off; beat asks for
them on the 1st of each month. Each is an ordinary report job (trigger 定时生成), so an
unchanged month is the archived file, and a new one is rendered on the reports queue."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from apps.accounts.models import User
from apps.core.schoolyear import current_school_year
from apps.reports.models import ReportFormat, ReportKind, ReportSchedule, ReportTrigger
from apps.tenancy.access import holds_district_role
from apps.tenancy.models import District, Role
from apps.tenancy.selectors import open_schools

from .jobs import report_request


def schedule_set(
    *, actor: User, district: District, district_report: bool, school_reports: bool,
    formats: list[str],
) -> ReportSchedule:  # fmt: skip
    if not holds_district_role(actor, district.pk, (Role.DISTRICT_ADMIN,)):
        raise ValidationError({"district_report": "只有区管理员可以设置定时报表。"})
    chosen = [f for f in ReportFormat.values if f in formats]
    if (district_report or school_reports) and not chosen:
        raise ValidationError({"formats": "请至少选择一种格式（PDF 或 Excel）。"})
    schedule, _created = ReportSchedule.objects.update_or_create(
        district=district,
        defaults={"district_report": district_report, "school_reports": school_reports,
                  "formats": chosen or ReportFormat.values, "updated_by": actor},
    )  # fmt: skip
    return schedule


def schedule_of(*, district: District) -> ReportSchedule:
    """The district's schedule (all off until its admin turns something on)."""
    return ReportSchedule.objects.filter(district=district).first() or ReportSchedule(
        district=district
    )


def scheduled_reports() -> int:
    """Ask for every scheduled report of the current school year; the number of jobs
    asked for (those already archived for unchanged data included)."""
    year, asked = current_school_year(), 0
    for schedule in ReportSchedule.objects.select_related("district").order_by("district_id"):
        asked += _ask(schedule, year)
    return asked


def _ask(schedule: ReportSchedule, year: int) -> int:
    asked = 0
    district = schedule.district
    schools = list(open_schools(district=district)) if schedule.school_reports else []
    for fmt in schedule.formats:
        if schedule.district_report:
            report_request(actor=None, district=district, kind=ReportKind.DISTRICT, fmt=fmt,
                           school_year=year, trigger=ReportTrigger.SCHEDULE)  # fmt: skip
            asked += 1
        for school in schools:
            report_request(actor=None, district=district, kind=ReportKind.SCHOOL, fmt=fmt,
                           school_year=year, school=school,
                           trigger=ReportTrigger.SCHEDULE)  # fmt: skip
            asked += 1
    return asked
