"""XH26-A2-1 "杜绝事务性替代" judged by structure, months judged once they end (POLICY
"Periods"), nothing counted before the plan's date, and the district's spot-check (抽查)
that makes a session stop counting — with what the school and the district see."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from apps.compliance import engine
from apps.compliance.models import PolicyPack
from apps.compliance.registry import Outcome
from apps.core.schoolyear import months_judged, school_year
from apps.people.models import AssignmentRole, HomeroomAssignment
from apps.tenancy.models import School
from apps.training import services
from apps.training.models import TrainingActivity
from tests.personas import World

YEAR = 2026  # the school year in progress: 2026-09-01 … 2027-08-31
SESSION = {"is_research_session": True, "module": "class_collective"}


def _second_homeroom_teacher(world: World, key: str) -> None:
    """Persona schools have one homeroom teacher this year; give the third teacher the
    second class, so a session can have two homeroom attendees."""
    sd = world.schools[key]
    HomeroomAssignment.objects.create(
        school=sd.school, district_id=sd.school.district_id, teacher=sd.teachers[2],
        school_class=sd.classes[1], school_year=YEAR, role=AssignmentRole.HOMEROOM,
    )  # fmt: skip


def _sessions(world: World, key: str, as_of: dt.date) -> dict[str, Any]:
    district = world.schools[key].school.district
    schools = list(School.objects.filter(district=district).order_by("code"))
    rows = engine.evaluate(district=district, school_year=YEAR, schools=schools, as_of=as_of)
    school = world.schools[key].school
    outcome: Outcome = next(
        r.outcome for r in rows if r.indicator.code == "XH26-A2-1" and r.school_id == school.pk
    )
    return outcome.parts[1]


def test_months_are_judged_once_they_end_and_never_before_the_document() -> None:
    period = school_year(YEAR)
    ended, current = months_judged(period, since=period.start, as_of=dt.date(2026, 12, 2))
    assert (ended, current) == ([(2026, 9), (2026, 10), (2026, 11)], (2026, 12))
    ended, current = months_judged(
        school_year(2025), since=dt.date(2026, 4, 1), as_of=dt.date(2026, 8, 31)
    )
    assert (ended, current) == ([(2026, 4), (2026, 5), (2026, 6), (2026, 7), (2026, 8)], None)


def test_xh26_a2_1_the_month_in_progress_is_not_missing(
    training_world: World, record_hours: Any
) -> None:
    """On 2 December a school without a December session is not short for December."""
    _second_homeroom_teacher(training_world, "A1")
    sd = training_world.schools["A1"]
    homeroom = [sd.teachers[0], sd.teachers[2]]
    for month in (9, 10):
        record_hours("A1", homeroom, day=dt.date(2026, month, 10), **SESSION)
    part = _sessions(training_world, "A1", as_of=dt.date(2026, 12, 2))
    assert part["value"] == "2/3 个月达到"
    assert part["status"] == "partly_met"
    assert "本月尚未开展，不计为缺失" in part["note"]
    whole = engine.evaluate(
        district=sd.school.district, school_year=YEAR, schools=[sd.school],
        as_of=dt.date(2026, 12, 2),
    )  # fmt: skip
    missing = next(r.outcome.missing for r in whole if r.indicator.code == "XH26-A2-1")
    assert "2026年11月无研修记录" in missing
    assert not any("12月" in m for m in missing)


def test_xh26_a2_1_a_session_counts_by_its_structure_not_its_words(
    training_world: World, record_hours: Any
) -> None:
    """A session attended by one homeroom teacher, or on the theme 其他, does not count;
    one with two homeroom teachers on a theme of the pack's list does."""
    _second_homeroom_teacher(training_world, "A1")
    sd = training_world.schools["A1"]
    record_hours("A1", [sd.teachers[0], sd.teachers[1]], day=dt.date(2026, 9, 8), **SESSION)
    record_hours(
        "A1", [sd.teachers[0], sd.teachers[2]], day=dt.date(2026, 10, 8),
        is_research_session=False,
    )  # fmt: skip
    record_hours("A1", [sd.teachers[0], sd.teachers[2]], day=dt.date(2026, 11, 8), **SESSION)
    part = _sessions(training_world, "A1", as_of=dt.date(2026, 12, 2))
    # September: one homeroom teacher (the other attendee is a deputy); October: not a
    # research session; November: counts.
    assert part["value"] == "1/3 个月达到"


def test_xh26_a2_1_a_spot_check_marks_a_session_not_counted_and_the_school_sees_why(
    training_world: World, record_hours: Any, client_for: Any
) -> None:
    _second_homeroom_teacher(training_world, "A1")
    sd = training_world.schools["A1"]
    [attendance, _] = record_hours(
        "A1", [sd.teachers[0], sd.teachers[2]], day=dt.date(2026, 11, 8), **SESSION
    )
    activity = attendance.activity
    assert _sessions(training_world, "A1", as_of=dt.date(2026, 12, 2))["value"] == "1/3 个月达到"
    reviewer = training_world.user("A.reviewer")
    with pytest.raises(ValidationError) as no_reason:
        services.session_spot_check(activity=activity, reviewer=reviewer, counts=False)
    assert "写明理由" in no_reason.value.message_dict["reason"][0]
    for stranger in ("B.reviewer", "A1.leader"):
        with pytest.raises(PermissionDenied):
            services.session_spot_check(
                activity=activity, reviewer=training_world.user(stranger), counts=True
            )
    services.session_spot_check(
        activity=activity, reviewer=reviewer, counts=False, reason="纪要为学期工作布置"
    )
    assert _sessions(training_world, "A1", as_of=dt.date(2026, 12, 2))["value"] == "0/3 个月达到"
    page = client_for("A1.leader").get(
        reverse("training:activity_detail", args=[sd.school.pk, activity.pk])
    )
    body = page.content.decode()
    assert "不计入" in body and "纪要为学期工作布置" in body
    district = client_for("A.admin").get(
        reverse("training:research_sessions", args=[sd.school.district_id]) + f"?year={YEAR}"
    )
    assert "纪要为学期工作布置" in district.content.decode()


def test_xh26_a2_1_the_district_spot_checks_through_the_page(
    training_world: World, record_hours: Any, client_for: Any
) -> None:
    sd = training_world.schools["A1"]
    [attendance] = record_hours("A1", [sd.teachers[0]], day=dt.date(2026, 11, 8), **SESSION)
    url = reverse(
        "training:research_session_check", args=[sd.school.district_id, attendance.activity_id]
    )
    response = client_for("A.reviewer").post(url, {"verdict": "excluded", "reason": ""})
    assert response.status_code == 302
    activity = TrainingActivity.objects.get(pk=attendance.activity_id)
    assert not hasattr(activity, "spot_check") or activity.spot_check is None
    client_for("A.reviewer").post(url, {"verdict": "excluded", "reason": "与研修无关"})
    activity.refresh_from_db()
    assert activity.spot_check.reason == "与研修无关"
    assert client_for("A1.leader").post(url, {"verdict": "counts"}).status_code == 404
    # 导出 Excel (issue 12 §1): the checked session with its verdict and reason.
    listing = reverse("training:research_sessions", args=[sd.school.district_id])
    response = client_for("A.reviewer").get(f"{listing}?year=2026&format=xlsx")
    rows = list(
        load_workbook(io.BytesIO(response.content))["研修抽查"].iter_rows(
            min_row=2, values_only=True
        )
    )
    assert [(r[1], r[7], r[8]) for r in rows] == [(sd.school.name, "不计入", "与研修无关")]


def test_no_indicator_is_due_before_its_document(training_world: World) -> None:
    """POLICY: no rule is due before its document's date (the xuhui-2026 plan was issued on
    2026-04-01; its A2 indicators said 2026-01-01)."""
    for pack in PolicyPack.objects.prefetch_related("indicators"):
        start = pack.effective_from or pack.issued_on
        if start is None:
            continue
        early = [i.code for i in pack.indicators.all() if i.deadline and i.deadline < start]
        assert early == [], f"{pack.code} v{pack.version}: due before {start}: {early}"
