"""Scheduled reports (issue 12 §5): on the 1st, beat asks for the monthly district report
and each school's, archived like any other; only the district admin turns them on."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from apps.reports.models import ReportJob, ReportSchedule
from apps.reports.services import report_render, schedule_set, scheduled_reports
from config.settings.base import CELERY_BEAT_SCHEDULE
from tests.personas import World


def test_a_districts_monthly_reports_are_asked_for_once_per_data(evaluated: World) -> None:
    district = evaluated.districts["A"]
    schedule_set(actor=evaluated.user("A.admin"), district=district, district_report=True,
                 school_reports=True, formats=["pdf"])  # fmt: skip
    asked = scheduled_reports()
    jobs = ReportJob.objects.filter(district=district)
    schools = {evaluated.schools["A1"].school.pk, evaluated.schools["A2"].school.pk}
    assert asked == 1 + len(schools) == jobs.count()
    assert {j.school_id for j in jobs if j.kind == "school"} == schools
    assert {j.trigger for j in jobs} == {"schedule"} and {j.fmt for j in jobs} == {"pdf"}
    assert not ReportJob.objects.filter(district=evaluated.districts["B"]).exists()  # off
    for job in jobs:
        report_render(job_id=job.pk)
    scheduled_reports()  # next month, nothing changed: the archived files answer
    assert ReportJob.objects.filter(district=district).count() == 1 + len(schools)


def test_beat_asks_on_the_first_of_the_month() -> None:
    entry = CELERY_BEAT_SCHEDULE["reports-monthly"]
    assert entry["task"] == "reports.scheduled"
    assert entry["schedule"].day_of_month == {1}  # type: ignore[attr-defined]


def test_only_the_district_admin_sets_the_schedule(evaluated: World, client_for: Any) -> None:
    district = evaluated.districts["A"]
    with pytest.raises(ValidationError):
        schedule_set(actor=evaluated.user("A.reviewer"), district=district,
                     district_report=True, school_reports=False, formats=["pdf"])  # fmt: skip
    url = reverse("reports:district_schedule", args=[district.pk])
    client_for("A.admin").post(url, {"district_report": "on", "formats": ["xlsx"]})
    schedule = ReportSchedule.objects.get(district=district)
    assert schedule.district_report and not schedule.school_reports
    assert schedule.formats == ["xlsx"]
    page = client_for("A.admin").get(reverse("reports:district_reports", args=[district.pk]))
    assert "每月1日生成区报告" in page.content.decode()
    reviewer_page = client_for("A.reviewer").get(
        reverse("reports:district_reports", args=[district.pk])
    )
    assert "每月1日生成区报告" not in reviewer_page.content.decode()


def test_a_schedule_with_no_format_is_refused(evaluated: World) -> None:
    with pytest.raises(ValidationError) as refused:
        schedule_set(actor=evaluated.user("A.admin"), district=evaluated.districts["A"],
                     district_report=True, school_reports=False, formats=[])  # fmt: skip
    assert "至少选择一种格式" in refused.value.message_dict["formats"][0]
