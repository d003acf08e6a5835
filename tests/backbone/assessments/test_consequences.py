"""XB23-ASSESS consequences drawn by the service from the district's results: one failed
year → a warning with the plan's deadline; a second → next school year's allowance
suspended; a failed term-end → no certificate and barred (the next application refused
with the reason, across the person's stints); 优秀 → the pack's bonus; a correction
draws them afresh but never drops a paid bonus; a termination is the admin's alone."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from apps.backbone.models import (
    AllowanceKind,
    AllowancePayment,
    Assessment,
    BackboneMember,
    Category,
    Consequence,
    ConsequenceKind,
    LeaveReason,
    Result,
)
from apps.backbone.services.applications import application_decide, application_submit
from apps.backbone.services.assessments import member_terminate
from tests.backbone.assessments.rows import cohort_world, enter
from tests.backbone.factories import make_cohort
from tests.personas import World

pytestmark = pytest.mark.django_db


def _kinds(member: BackboneMember) -> list[tuple[str, int]]:
    return sorted(Consequence.objects.filter(member=member).values_list("kind", "school_year"))


def test_xb23_assess_exactly_one_failed_year_is_a_warning_only_with_the_plan_deadline(
    world: World,
) -> None:
    _, member, _ = cohort_world(world)
    enter(world, member, 2023, Result.FAIL, on=dt.date(2024, 6, 20))
    enter(world, member, 2024, Result.PASS)
    assert _kinds(member) == [(ConsequenceKind.WARNING, 2023)]
    warning = Consequence.objects.get(member=member)
    assert warning.due_on == dt.date(2024, 7, 20)  # rectification_plan_days = 30
    assert "XB23-ASSESS" in warning.reason


def test_xb23_assess_a_second_failed_year_suspends_the_next_years_allowance(world: World) -> None:
    _, member, other = cohort_world(world)
    enter(world, member, 2023, Result.FAIL)
    enter(world, member, 2024, Result.FAIL)
    enter(world, other, 2024, Result.FAIL)
    assert _kinds(member) == [
        (ConsequenceKind.ALLOWANCE_SUSPENDED, 2025), (ConsequenceKind.WARNING, 2023),
    ]  # fmt: skip
    assert _kinds(other) == [(ConsequenceKind.WARNING, 2024)]


def test_xb23_assess_correcting_the_first_failure_turns_the_suspension_into_a_warning(
    world: World,
) -> None:
    _, member, _ = cohort_world(world)
    enter(world, member, 2023, Result.FAIL)
    enter(world, member, 2024, Result.FAIL)
    enter(world, member, 2023, Result.PASS)
    assert Assessment.objects.filter(member=member).count() == 2
    assert _kinds(member) == [(ConsequenceKind.WARNING, 2024)]


def test_xb23_assess_excellent_brings_the_packs_bonus_and_a_paid_bonus_is_never_dropped(
    world: World,
) -> None:
    _, member, _ = cohort_world(world)
    enter(world, member, 2023, Result.EXCELLENT)
    bonus = Consequence.objects.get(member=member, kind=ConsequenceKind.BONUS)
    assert bonus.amount == Decimal("5000")
    AllowancePayment.objects.create(
        member=member, district_id=member.district_id, school_id=member.school_id,
        kind=AllowanceKind.BONUS, month=dt.date(2024, 7, 1), amount=bonus.amount,
        paid_on=dt.date(2024, 7, 10), bonus=bonus, recorded_by=world.user("A.admin"),
    )  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        enter(world, member, 2023, Result.PASS)
    assert "优秀奖金已发放" in str(refused.value)
    assert Assessment.objects.get(member=member).result == Result.EXCELLENT


def test_xb23_assess_a_term_end_failure_bars_the_next_application_with_the_reason(
    world: World,
) -> None:
    cohort, member, other = cohort_world(world)
    enter(world, member, None, Result.FAIL, on=dt.date(2026, 7, 5))
    enter(world, other, None, Result.PASS, on=dt.date(2026, 7, 5))
    assert _kinds(member) == [
        (ConsequenceKind.BARRED, 2025),
        (ConsequenceKind.NO_CERTIFICATE, 2025),
    ]
    admin = world.user("A.admin")
    following = make_cohort(
        district=cohort.district, by=admin, name="2026届骨干", starts_on=dt.date(2026, 9, 1),
        ends_on=dt.date(2029, 6, 30), previous=cohort, accepting_applications=True,
    )  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        application_submit(actor=world.user("A1.teacher"), cohort=following,
                           teacher=member.teacher, category=Category.BACKBONE)  # fmt: skip
    assert refused.value.message_dict["teacher"] == [
        "2023届届满考核不合格，取消新一届骨干申报资格（XB23-ASSESS）"
    ]
    passed = application_submit(actor=world.user("A2.leader"), cohort=following,
                                teacher=other.teacher, category=Category.LEADER)  # fmt: skip
    application_decide(actor=admin, application=passed, admit=True)
    assert following.members.filter(teacher=other.teacher).exists()


def test_xb23_assess_results_wait_for_the_year_and_the_term_end_for_the_cohort(
    world: World,
) -> None:
    cohort, member, _ = cohort_world(world)
    cohort.ends_on = dt.date(2027, 6, 30)
    cohort.save(update_fields=["ends_on"])
    with pytest.raises(ValidationError) as refused:
        enter(world, member, None, Result.PASS, on=dt.date(2026, 7, 5))
    assert "届满考核须在结束后录入" in str(refused.value)
    with pytest.raises(ValidationError) as bad:
        enter(world, member, 2023, "great", on=dt.date(2099, 1, 1))
    assert {"result", "assessed_on"} <= set(bad.value.message_dict)
    with pytest.raises(PermissionDenied):
        enter(world, member, 2023, Result.PASS, actor=world.user("A1.leader"))
    with pytest.raises(PermissionDenied):
        enter(world, member, 2023, Result.PASS, actor=world.user("B.admin"))
    assert not Assessment.objects.exists()


def test_xb23_assess_termination_is_the_admins_at_once_with_its_reason(world: World) -> None:
    cohort, member, _ = cohort_world(world)
    with pytest.raises(PermissionDenied):
        member_terminate(actor=world.user("A.reviewer"), member=member, on=dt.date(2025, 3, 1),
                         reason="严重违反师德")  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        member_terminate(actor=world.user("A.admin"), member=member, on=dt.date(2025, 3, 1),
                         reason=" ")  # fmt: skip
    assert "事由" in refused.value.message_dict["reason"][0]
    member_terminate(actor=world.user("A.admin"), member=member, on=dt.date(2025, 3, 1),
                     reason="严重违反师德")  # fmt: skip
    member.refresh_from_db()
    assert (member.left_on, member.leave_reason) == (dt.date(2025, 3, 1), LeaveReason.TERMINATED)
    assert _kinds(member) == [(ConsequenceKind.TERMINATED, 2024)]
    following = make_cohort(
        district=cohort.district, by=world.user("A.admin"), name="2026届骨干",
        starts_on=dt.date(2026, 9, 1), ends_on=dt.date(2029, 6, 30), accepting_applications=True,
    )  # fmt: skip
    with pytest.raises(ValidationError) as barred:
        application_submit(actor=world.user("A1.teacher"), cohort=following,
                           teacher=member.teacher, category=Category.BACKBONE)  # fmt: skip
    assert "取消新一届骨干申报资格" in barred.value.message_dict["teacher"][0]
