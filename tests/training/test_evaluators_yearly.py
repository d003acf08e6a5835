"""What counts toward PT24-HOURS, and rules per school year judged at the year's end
(issue #11 §3): no teacher is "short" in December of a year that ends in August, yet the
result says how far each one is. Each test cites the rule it checks."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse

from apps.compliance.services import parameter_override_set
from apps.training.models import EvaluationKind, EvaluationRecord
from tests.personas import World

from .yearly import DECEMBER, YEAR, district_session, outcome, staff_year, verified_external


def test_pt24_hours_counts_school_sessions_and_the_schools_studio_not_city_or_district_hours(
    training_world: World, record_hours: Any
) -> None:
    """PT24-HOURS: 校本研修每学年不少于40课时 — verified city training and district sessions are
    not school-based training; the school's own sessions and its studio's sessions are."""
    a, b = staff_year(training_world, "A1")
    for day in (dt.date(2025, 10, 8), dt.date(2025, 11, 12), dt.date(2026, 3, 4)):
        record_hours("A1", [a, b], day=day, hours="8")
    record_hours("A1", [a], day=dt.date(2026, 4, 1), hours="16", organiser_level="studio")
    record_hours("A1", [b], day=dt.date(2026, 4, 1), hours="8", organiser_level="studio")
    verified_external(training_world, "A1", b, day=dt.date(2026, 5, 6), hours="8")
    district_session(training_world, "A", [b], day=dt.date(2026, 5, 13), hours="8")

    result = outcome(training_world, "A", "A1", "PT24-HOURS")
    assert result.status == "partly_met"
    assert result.value == "1/2 名班主任达到（50%）"
    # b has 48 hours in the ledger, 32 of them school-based
    assert result.missing == [f"{b.name}：32.0 学时，差 8.0"]
    assert "计入：学校组织的校本研修、本校班主任工作室的研修。" in result.note


def test_pt24_hours_sources_are_a_reading_the_district_may_change(
    training_world: World, record_hours: Any, client_for: Any
) -> None:
    """PT24-HOURS: which sources count is an interpretation parameter, shown as 解释 on the
    parameters page; a district that also counts external training says so and it counts."""
    district = training_world.districts["A"]
    page = client_for("A.admin").get(reverse("compliance:parameters", args=[district.pk]))
    body = page.content.decode()
    assert "计入校本研修课时的学时来源" in body
    row = body[body.index("计入校本研修课时的学时来源") :][:1500]
    assert "解释" in row and "school_activity" in row

    (a,) = staff_year(training_world, "A1", count=1)
    record_hours("A1", [a], day=dt.date(2025, 10, 8), hours="20")
    verified_external(training_world, "A1", a, day=dt.date(2025, 11, 5), hours="20")
    assert outcome(training_world, "A", "A1", "PT24-HOURS").status == "not_met"
    parameter_override_set(
        district=district,
        pack_code="putuo-2024",
        key="school_based_hours_sources",
        value=["school_activity", "school_studio", "external"],
        reason="本区校外培训经审定计入校本研修",
        actor=training_world.user("A.admin"),
    )
    result = outcome(training_world, "A", "A1", "PT24-HOURS")
    assert result.status == "met"
    assert "经审定的校外培训（市级等）" in result.note


def test_pt24_hours_in_december_is_not_yet_due_and_shows_how_far_each_teacher_is(
    training_world: World, record_hours: Any
) -> None:
    """PT24-HOURS per school year: on 2 December nobody is short of a total due by 31
    August — not_yet_due, with each teacher's hours so far."""
    a, b = staff_year(training_world, "A1")
    record_hours("A1", [a], day=dt.date(2025, 10, 8), hours="12")
    result = outcome(training_world, "A", "A1", "PT24-HOURS", as_of=DECEMBER)
    assert result.status == "not_yet_due"
    assert result.value == "0/2 名班主任达到（0%）"
    assert result.missing == [f"{a.name}：12.0 学时，差 28.0", f"{b.name}：0.0 学时，差 40.0"]
    assert "2026-08-31 结束，届时判定" in result.note
    assert outcome(training_world, "A", "A1", "PT24-HOURS").status == "not_met"  # on 31 Aug


def test_pt24_hours_already_reached_in_december_is_met(
    training_world: World, record_hours: Any
) -> None:
    """PT24-HOURS: a school whose homeroom teachers all have their 40 hours already is met
    before the year ends (nothing is deferred that is not short)."""
    a, b = staff_year(training_world, "A1")
    for day in (dt.date(2025, 9, 10), dt.date(2025, 10, 8), dt.date(2025, 11, 5)):
        record_hours("A1", [a, b], day=day, hours="14")
    assert outcome(training_world, "A", "A1", "PT24-HOURS", as_of=DECEMBER).status == "met"


def test_ls15_year_hours_counts_every_source_and_waits_for_the_years_end(
    training_world: World, record_hours: Any
) -> None:
    """LS15-YEAR-HOURS: 每年开展不少于12学时的班主任专题培训 is held by the bureaus and the
    schools — district sessions and verified external hours count (the pack's sources);
    judged at the year's end."""
    a, b = staff_year(training_world, "B1")
    record_hours("B1", [a], day=dt.date(2025, 10, 8), hours="4")
    district_session(training_world, "B", [a], day=dt.date(2025, 11, 5), hours="4")
    verified_external(training_world, "B1", a, day=dt.date(2025, 11, 19), hours="4")
    mid = outcome(training_world, "B", "B1", "LS15-YEAR-HOURS", as_of=DECEMBER)
    assert mid.status == "not_yet_due"  # b has nothing yet
    assert mid.missing == [f"{b.name}：0.0 学时，差 12.0"]
    final = outcome(training_world, "B", "B1", "LS15-YEAR-HOURS")
    assert (final.status, final.value) == ("partly_met", "1/2 名班主任达到（50%）")


def test_xh26_a2_3_credits_per_year_are_due_at_the_years_end(
    training_world: World, record_hours: Any
) -> None:
    """XH26-A2-3: 100% of homeroom teachers complete the credits of the school year — not
    failed in December."""
    a, _b = staff_year(training_world, "A1")
    record_hours("A1", [a], day=dt.date(2025, 10, 8), hours="20")
    mid = outcome(training_world, "A", "A1", "XH26-A2-3", as_of=DECEMBER)
    assert mid.status == "not_yet_due"
    assert mid.missing[0] == f"{a.name}：2 学分，差 2"
    assert outcome(training_world, "A", "A1", "XH26-A2-3").status == "not_met"


def test_pt24_eval_and_pt24_archive_are_judged_when_the_year_ends(
    training_world: World, record_hours: Any
) -> None:
    """PT24-EVAL (outcome evaluation comes with the year's summary) and PT24-ARCHIVE / XH26-A3-1
    (this year's training in the archive): per school year, not yet due in December."""
    a, _b = staff_year(training_world, "A1")
    EvaluationRecord.objects.create(
        district_id=a.district_id, school_id=a.school_id, teacher=a, school_year=YEAR,
        semester=1, kind=EvaluationKind.PARTICIPATION, title="参与研讨",
        created_by=training_world.user("A1.leader"),
    )  # fmt: skip
    evaluation = outcome(training_world, "A", "A1", "PT24-EVAL", as_of=DECEMBER)
    assert evaluation.status == "not_yet_due"
    assert f"{a.name}：缺结果性评价" in evaluation.missing
    assert outcome(training_world, "A", "A1", "PT24-EVAL").status == "not_met"
    archive = outcome(training_world, "A", "A1", "PT24-ARCHIVE", as_of=DECEMBER)
    assert archive.status == "not_yet_due"
    assert outcome(training_world, "A", "A1", "XH26-A3-1").status == "not_met"


def test_pt24_hours_the_ledger_pages_yearly_progress_counts_the_same_sources(
    training_world: World, record_hours: Any, client_for: Any
) -> None:
    """PT24-HOURS: the school ledger's 年度目标 bar measures what the rule counts — 20
    school-based hours of 40 are 50%, the 20 verified city hours beside them are not."""
    (a,) = staff_year(training_world, "A1", count=1)
    record_hours("A1", [a], day=dt.date(2025, 10, 8), hours="20")
    verified_external(training_world, "A1", a, day=dt.date(2025, 11, 5), hours="20")
    school = training_world.schools["A1"].school
    url = reverse("training:ledger", args=[school.pk])
    body = client_for("A1.leader").get(url, {"year": YEAR}).content.decode()
    assert "计入：学校组织的校本研修、本校班主任工作室的研修" in body
    row = body[body.index(f'data-testid="ledger-row-{a.pk}"') :].split("</tr>")[0]
    assert 'data-testid="total">40.0<' in row  # every hour is in the ledger
    assert 'aria-valuenow="50"' in row
