"""PT24-CREDIT to the letter (issue #11 §4): 每学期末由师训专管员进行校本研修赋分 — credits
for a semester are assigned from its last month on (a pack parameter), never in its first
week nor for a semester not yet begun; and the teacher home explains the arithmetic with
the pack's rates and this teacher's hours."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from apps.compliance.services import parameter_override_set
from apps.training import services
from apps.training.models import CreditAssignment
from tests.personas import World

PARAMS = {
    "lecture_hours_per_credit": 10,
    "practice_hours_per_credit": 20,
    "credit_rounding": "floor",
}


def _on(monkeypatch: pytest.MonkeyPatch, day: dt.date) -> None:
    """Today is `day` for the credit service and page."""
    for module in ("apps.training.services.credits", "apps.training.views.credits"):
        monkeypatch.setattr(f"{module}.today", lambda: day)


def _assign(world: World, year: int, term: int) -> list[CreditAssignment]:
    return services.credits_assign_semester(
        school=world.schools["A1"].school,
        school_year=year,
        semester=term,
        actor=world.user("A1.leader"),
        params=PARAMS,
    )


def test_pt24_credit_opens_in_the_semesters_last_month_not_in_its_first_week(
    training_world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PT24-CREDIT 每学期末赋分: on 2 December the first semester (Sep–Jan) is not at its end
    yet — refused, naming the semester and the day it opens; on 1 January it is open."""
    _on(monkeypatch, dt.date(2026, 9, 3))
    with pytest.raises(ValidationError) as first_week:
        _assign(training_world, 2026, 1)
    message = first_week.value.message_dict["semester"][0]
    assert message.startswith("2026学年第一学期自 2027-01-01 起方可赋分")
    _on(monkeypatch, dt.date(2026, 12, 2))
    with pytest.raises(ValidationError, match="自 2027-01-01 起方可赋分"):
        _assign(training_world, 2026, 1)
    assert not CreditAssignment.objects.exists()  # nothing half-written
    _on(monkeypatch, dt.date(2027, 1, 1))
    assert len(_assign(training_world, 2026, 1)) == 3  # every active teacher of A1


def test_pt24_credit_a_semester_in_the_future_is_refused(
    training_world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PT24-CREDIT: no credits for a semester that has not begun (nor a future year)."""
    _on(monkeypatch, dt.date(2026, 12, 2))
    for year, term in ((2026, 2), (2027, 1)):
        with pytest.raises(ValidationError) as error:
            _assign(training_world, year, term)
        assert "尚未开始" in error.value.message_dict["semester"][0]
        assert "不能为未来的学期赋分" in error.value.message_dict["semester"][0]
    assert len(_assign(training_world, 2025, 2)) == 3  # an ended semester


def test_pt24_credit_window_is_the_packs_reading_a_district_may_widen(
    training_world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PT24-CREDIT: "学期末" is read as the semester's last month (an interpretation
    parameter); a district assigning in December sets 2 months and may."""
    _on(monkeypatch, dt.date(2026, 12, 2))
    parameter_override_set(
        district=training_world.districts["A"],
        pack_code="putuo-2024",
        key="credit_assignment_opens_months_before_end",
        value=2,
        reason="本区第一学期12月赋分",
        actor=training_world.user("A.admin"),
    )
    assert len(_assign(training_world, 2026, 1)) == 3


def test_pt24_credit_page_shows_the_window_and_refuses_early_assignment(
    training_world: World, client_for: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PT24-CREDIT: the page says from when the semester may be assigned, offers no button
    before, and an early POST (page or API) gets the Chinese reason naming 学期."""
    _on(monkeypatch, dt.date(2026, 12, 2))
    school = training_world.schools["A1"].school
    leader = client_for("A1.leader")
    url = reverse("training:credits", args=[school.pk])
    body = leader.get(url, {"year": 2026, "semester": 1}).content.decode()
    assert "2026学年第一学期自 2027-01-01 起方可赋分" in body
    assert 'data-testid="assign"' not in body
    response = leader.post(url, {"school_year": 2026, "semester": 1}, follow=True)
    assert "自 2027-01-01 起方可赋分" in response.content.decode()
    api = leader.post(
        f"/api/v1/schools/{school.pk}/credits/",
        {"school_year": 2026, "semester": 2},
        content_type="application/json",
    )
    assert api.status_code == 400
    assert "尚未开始" in str(api.json())
    assert not CreditAssignment.objects.exists()
    ended = leader.get(url, {"year": 2025, "semester": 2}).content.decode()
    assert 'data-testid="assign"' in ended


def test_pt24_credit_teacher_home_explains_the_arithmetic_from_the_packs_rates(
    training_world: World, record_hours: Any, client_for: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PT24-CREDIT: 讲座类 10 学时 = 1 学分, 实践类 20 学时 = 1 学分 — read from the pack (a
    district's own rate shows instead), with how this teacher's hours split and convert."""
    monkeypatch.setattr("apps.training.views.credits.current_school_year", lambda: 2025)
    teacher = training_world.schools["A1"].teachers[0]  # A1.teacher's record
    for day, hours, kind in (
        (dt.date(2025, 10, 8), "12.5", "lecture"),
        (dt.date(2025, 11, 5), "12.5", "lecture"),
        (dt.date(2025, 10, 15), "15", "practice"),
        (dt.date(2025, 12, 3), "15", "practice"),
    ):
        record_hours("A1", [teacher], day=day, hours=hours, credit_class=kind)
    home = client_for("A1.teacher")
    body = home.get(reverse("training:teacher_home")).content.decode()
    text = re.sub(r"\s+", " ", body)
    assert "讲座类 10 学时 = 1 学分，实践类 20 学时 = 1 学分" in text
    assert (
        "第一学期：讲座类 25.0 学时 → 2 学分；实践类 30.0 学时 → 1 学分；折算 3 学分，尚未赋分"
        in text
    )
    assert "计入本项的学时：学校组织的校本研修、本校班主任工作室的研修" in text
    parameter_override_set(
        district=training_world.districts["A"],
        pack_code="xuhui-2026",
        key="lecture_hours_per_credit",
        value=5,
        reason="本区讲座类5学时计1学分",
        actor=training_world.user("A.admin"),
    )
    text = re.sub(r"\s+", " ", home.get(reverse("training:teacher_home")).content.decode())
    assert "讲座类 5 学时 = 1 学分" in text
    assert "讲座类 25.0 学时 → 5 学分；实践类 30.0 学时 → 1 学分；折算 6 学分" in text
    CreditAssignment.objects.create(
        district_id=teacher.district_id, school_id=teacher.school_id, teacher=teacher,
        school_year=2025, semester=1, lecture_hours=Decimal(25), practice_hours=Decimal(30),
        credits=Decimal(6), assigned_by=training_world.user("A1.leader"),
    )  # fmt: skip
    text = re.sub(r"\s+", " ", home.get(reverse("training:teacher_home")).content.decode())
    assert "已赋分 <strong>6.0</strong> 学分（以赋分为准）" in text
