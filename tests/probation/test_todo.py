"""The probation's 待办 (issue 13, its due dates in the notices): a probation past its end
and one within the horizon for the school's leader, a trainee who may now be appointed,
and the graduation queue for the district's staff — each for the people it concerns."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.core.schoolyear import today
from apps.probation import services
from apps.reports.selectors.due_probation import graduation_queue, probation_deadlines
from apps.tenancy.models import DISTRICT_ROLES, Membership, Role
from tests.personas import World
from tests.probation.support import (
    all_hours,
    deputy_practice,
    graduate,
    on_xuhui,
    overdue_trainee,
    school_assessments,
    trainee,
)


@pytest.fixture
def xuhui(world: World) -> World:
    return on_xuhui(world)


def _leaders(world: World) -> list[Membership]:
    return list(Membership.objects.filter(role=Role.SCHOOL_LEADER, district=world.districts["A"]))


def test_xh26_a1_1_a_probation_past_or_near_its_end_is_due_for_the_leader(xuhui: World) -> None:
    late = overdue_trainee(xuhui, "A1", 1)
    trainee(xuhui, "A2", 1)  # a year to go: nothing yet
    items = probation_deadlines(holdings=_leaders(xuhui), today=today())
    assert [(i.user_id, i.title) for i in items] == [
        (xuhui.user("A1.leader").pk, "见习期已满仍未聘任：见习A11")
    ]
    assert items[0].due_on == late.planned_end_on and items[0].link.endswith(f"/{late.pk}/")
    near = late.planned_end_on.replace(year=late.planned_end_on.year + 1) - dt.timedelta(
        days=settings.NOTICE_DUE_HORIZON_DAYS
    )
    soon = probation_deadlines(holdings=_leaders(xuhui), today=near)
    assert "见习期将满：见习A21（" in " ".join(i.title for i in soon)


def test_xh26_prob_assess_an_appointable_trainee_and_the_graduation_queue(xuhui: World) -> None:
    ready = trainee(xuhui, "A1", 1)
    all_hours(xuhui, ready)
    deputy_practice(xuhui, "A1", ready)
    graduate(xuhui, "A1", ready)
    waiting = trainee(xuhui, "A2", 1)
    all_hours(xuhui, waiting)
    school_assessments(xuhui, "A2", waiting)
    services.trainee_send_to_district(trainee=waiting, actor=xuhui.user("A2.leader"))
    titles = [i.title for i in probation_deadlines(holdings=_leaders(xuhui), today=today())]
    assert titles == ["可以正式聘任：见习A11"]
    staff = list(  # the registry hands this source its district roles' holdings only
        Membership.objects.filter(district=xuhui.districts["A"], role__in=DISTRICT_ROLES)
    )
    with CaptureQueriesContext(connection) as captured:
        queue = graduation_queue(holdings=staff, today=today())
    assert len(captured) == 1
    assert {i.title for i in queue} == {"待区级结业考核：学校MK-A2- 见习A21"}
    assert {i.user_id for i in queue} == {xuhui.user("A.admin").pk, xuhui.user("A.reviewer").pk}
    assert all(i.for_district for i in queue)
