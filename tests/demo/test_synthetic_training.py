"""`manage.py generate_synthetic --years K --ledger-rows-per-teacher R`: the training half
of the benchmark's data, written with COPY — exact counts, every constraint kept, and a
second run replaces the district's rows instead of adding to them."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from decimal import Decimal
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import DatabaseError, transaction
from django.db.models import Count, F, Q, Sum

from apps.core.schoolyear import current_school_year, semester, today
from apps.people.models import SchoolClass, Teacher
from apps.tenancy.models import District, School
from apps.training import selectors
from apps.training.models import (
    ActivityAttachment,
    ActivityAttachmentFile,
    ArchiveEntry,
    Attendance,
    CreditAssignment,
    ExternalTraining,
    LedgerEntry,
    TrainingActivity,
)
from apps.training.selectors import credits_for

YEAR = current_school_year()
SCHOOLS, TEACHERS, YEARS, ROWS = 3, 4, 2, 12


def generate(**options: Any) -> dict[str, int]:
    out = StringIO()
    call_command(
        "generate_synthetic",
        schools=SCHOOLS,
        teachers_per_school=TEACHERS,
        district_code="synth-tr",
        year=YEAR,
        years=YEARS,
        ledger_rows_per_teacher=ROWS,
        stdout=out,
        skip_checks=True,
        **options,
    )
    lines = out.getvalue().splitlines()
    assert lines[2].startswith("timings: ") and "constraint checks" in lines[2]
    training = lines[1].removeprefix("training: ")
    return {key: int(n) for n, key in re.findall(r"(\d+) ([a-z ]+?)(?:,|$)", training)}


def stored(district: District) -> dict[str, int]:
    ledger = LedgerEntry.objects.filter(district=district)
    return {
        "activities": TrainingActivity.objects.filter(district=district).count(),
        "attendance": Attendance.objects.filter(activity__district=district).count(),
        "ledger rows": ledger.count(),
        "verified external records": ExternalTraining.objects.filter(
            district=district, status="verified"
        ).count(),
        "reversals": ledger.filter(kind="reversal").count(),
        "credit assignments": CreditAssignment.objects.filter(district=district).count(),
        "archive entries": ArchiveEntry.objects.filter(district=district).count(),
    }


@pytest.mark.django_db
def test_tiny_district_has_exactly_the_rows_asked_for() -> None:
    printed = generate()
    district = District.objects.get(code="synth-tr")
    assert printed == stored(district)
    years = [YEAR - 1, YEAR]
    assert (
        SchoolClass.objects.filter(district=district).values("school_year").distinct().count() == 2
    )

    # exactly R ledger rows per teacher and school year
    per_teacher_year = Counter(
        LedgerEntry.objects.filter(district=district).values_list("teacher_id", "school_year")
    )
    assert len(per_teacher_year) == SCHOOLS * TEACHERS * YEARS
    assert set(per_teacher_year.values()) == {ROWS}
    assert printed["ledger rows"] == SCHOOLS * TEACHERS * YEARS * ROWS

    # every attendance has its ledger row, with its hours, within the activity's
    entries = LedgerEntry.objects.filter(district=district, kind="attendance")
    assert entries.count() == printed["attendance"]
    assert not entries.filter(hours__gt=F("activity__hours")).exists()
    assert not Attendance.objects.filter(activity__district=district, entry__isnull=True).exists()
    # reversals undo an attendance row of the same teacher
    for reversal in LedgerEntry.objects.filter(district=district, kind="reversal").select_related(
        "reverses"
    ):
        assert reversal.reverses.kind == "attendance"
        assert reversal.reverses.teacher_id == reversal.teacher_id
        assert reversal.hours == -reversal.reverses.hours
    # verified external records, each in the ledger once
    externals = ExternalTraining.objects.filter(district=district)
    assert set(externals.values_list("status", flat=True)) == {"verified"}
    assert LedgerEntry.objects.filter(external__in=externals).count() == externals.count() > 0

    # activities: a research session every month, joint sessions, a cadre training
    for school in School.objects.filter(district=district):
        for year in years:
            start = dt.date(year, 9, 1)
            end = min(dt.date(year + 1, 6, 30), today() - dt.timedelta(days=1))
            mine = TrainingActivity.objects.filter(school=school, date__range=(start, end))
            months = {d.month for d in mine.filter(is_research_session=True).dates("date", "month")}
            expected = {
                (start.month + n - 1) % 12 + 1
                for n in range((end.year - start.year) * 12 + end.month - start.month + 1)
            }
            assert months == expected, (school.code, year)
            assert mine.filter(is_joint_ideological=True).count() == 2
            assert mine.filter(is_cadre_training=True).count() == 1
            assert all(len(a.minutes) >= 30 for a in mine.filter(is_research_session=True))
    cadres = Teacher.objects.filter(district=district, is_moral_cadre=True)
    assert cadres.exists()
    for cadre in cadres:
        trained = LedgerEntry.objects.filter(
            teacher=cadre, kind="attendance", is_cadre_training=True
        )
        assert trained.count() == YEARS


@pytest.mark.django_db
def test_credits_are_the_ledger_converted_by_the_district_rates() -> None:
    """PT24-CREDIT: each assignment equals its semester's ledger hours converted."""
    generate()
    district = District.objects.get(code="synth-tr")
    params = selectors.credit_params(district=district)
    assert params is not None
    assignments = CreditAssignment.objects.filter(district=district)
    assert assignments.exists()
    ended = {(y, n) for y in (YEAR - 1, YEAR) for n in (1, 2) if semester(y, n).end < today()}
    assert {(a.school_year, a.semester) for a in assignments} == ended
    for assignment in assignments:
        sums = LedgerEntry.objects.filter(
            teacher_id=assignment.teacher_id,
            school_year=assignment.school_year,
            semester=assignment.semester,
        ).aggregate(
            lecture=Sum("hours", filter=Q(credit_class="lecture"), default=Decimal(0)),
            practice=Sum("hours", filter=Q(credit_class="practice"), default=Decimal(0)),
        )
        assert assignment.lecture_hours == sums["lecture"]
        assert assignment.practice_hours == sums["practice"]
        assert assignment.credits == credits_for(sums["lecture"], sums["practice"], params)
    # two schools in three assign their credits
    assert assignments.values("school").distinct().count() == 2


@pytest.mark.django_db
def test_running_again_replaces_the_district_rather_than_adding() -> None:
    first = generate()
    district = District.objects.get(code="synth-tr")
    old_ledger = set(LedgerEntry.objects.filter(district=district).values_list("pk", flat=True))
    old_activities = set(
        TrainingActivity.objects.filter(district=district).values_list("pk", flat=True)
    )
    second = generate()
    assert second["ledger rows"] == first["ledger rows"] == SCHOOLS * TEACHERS * YEARS * ROWS
    assert second == stored(district)
    new_ledger = set(LedgerEntry.objects.filter(district=district).values_list("pk", flat=True))
    assert old_ledger.isdisjoint(new_ledger)
    assert old_activities.isdisjoint(
        TrainingActivity.objects.filter(district=district).values_list("pk", flat=True)
    )
    assert LedgerEntry.objects.filter(pk__in=old_ledger).count() == 0
    assert Teacher.objects.filter(district=district).count() == SCHOOLS * TEACHERS


@pytest.mark.django_db
def test_running_again_also_removes_the_replaced_activities_attachments() -> None:
    """An attachment's file belongs to the district through its attachment and activity."""
    generate()
    district = District.objects.get(code="synth-tr")
    kept = District.objects.create(code="synth-kept", name="不相关的区")
    for activity in (
        TrainingActivity.objects.filter(district=district).first(),
        TrainingActivity.objects.create(
            district=kept, title="无关活动", topic="班级建设", date=today(), hours=2,
            form="lecture", credit_class="lecture", organiser_level="district",
            created_by=TrainingActivity.objects.filter(district=district).first().created_by,  # type: ignore[union-attr]
        ),
    ):  # fmt: skip
        attachment = ActivityAttachment.objects.create(
            activity=activity, file_name="课件.pdf", file_type="pdf", file_size=4,
            uploaded_by=activity.created_by,  # type: ignore[union-attr]
        )  # fmt: skip
        ActivityAttachmentFile.objects.create(attachment=attachment, data=b"%PDF")
    generate()
    assert not ActivityAttachment.objects.filter(activity__district=district).exists()
    assert list(
        ActivityAttachmentFile.objects.values_list("attachment__activity__district", flat=True)
    ) == [kept.pk]


@pytest.mark.django_db
def test_the_ledger_purge_is_not_left_on_after_replacing() -> None:
    """`app.ledger_purge` is on only while the command deletes the replaced district's
    rows: afterwards, in the same transaction, the ledger refuses DELETE again."""
    generate()
    generate()
    district = District.objects.get(code="synth-tr")
    with pytest.raises(DatabaseError, match="immutable"), transaction.atomic():
        LedgerEntry.objects.filter(district=district, kind="external").first().delete()  # type: ignore[union-attr]


@pytest.mark.django_db
def test_without_ledger_rows_no_training_is_written() -> None:
    out = StringIO()
    call_command(
        "generate_synthetic", schools=1, teachers_per_school=2, district_code="synth-none",
        year=YEAR, years=2, stdout=out, skip_checks=True,
    )  # fmt: skip
    district = District.objects.get(code="synth-none")
    assert len(out.getvalue().splitlines()) == 2  # the summary and the logins, as before
    assert not LedgerEntry.objects.filter(district=district).exists()
    assert not TrainingActivity.objects.filter(district=district).exists()
    years = SchoolClass.objects.filter(district=district).values("school_year")
    assert set(years.annotate(n=Count("id")).values_list("school_year", flat=True)) == {
        YEAR - 1,
        YEAR,
    }
