"""待办 on every home (issue 12 §6): the reviewer's queue, the leader's hours to verify
and returned documents, the teacher's returned and approved records, a month with no
research session in its last week — each for the person it concerns, in a number of
queries that does not grow with the rows; and the daily beat records each item once."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apps.compliance.packs import PACK_DIR, load_pack_file
from apps.core.schoolyear import month_end, today
from apps.evidence.models import EvidenceItem, EvidenceKind, EvidenceStatus
from apps.reports.models import Channel, Delivery, Notice
from apps.reports.selectors.due import research_month
from apps.reports.services.notices import notices_due_run
from apps.reports.services.robots import robot_channel_save
from apps.tenancy.models import Membership
from apps.training.models import ExternalTraining, RecordStatus
from tests.personas import SchoolData, World
from tests.training.rows import first_day

pytestmark = pytest.mark.django_db


def _evidence(sd: SchoolData, n: int, **extra: Any) -> EvidenceItem:
    return EvidenceItem.objects.create(
        school=sd.school, district_id=sd.school.district_id, indicator_code="XH26-A1-2",
        pack_code="xuhui-2026", school_year=2026, kind=EvidenceKind.ATTESTATION,
        title=f"{sd.marker}情况说明{n}", statement="说明", submitted_by=sd.job.created_by, **extra,
    )  # fmt: skip


def _external(sd: SchoolData, n: int, **extra: Any) -> ExternalTraining:
    return ExternalTraining.objects.create(
        school=sd.school, district_id=sd.school.district_id, teacher=sd.teachers[0],
        title=f"{sd.marker}专题培训{n}", organiser="市师资培训中心", organiser_level="city",
        date=first_day(), hours=Decimal("3.0"), credit_class="lecture",
        submitted_by=sd.job.created_by, **extra,
    )  # fmt: skip


def _card(client: Any, url: str) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    start = html.index('data-testid="todo"')
    return html[start : html.index("</ul>", start) if "</ul>" in html[start:] else None], len(
        queries
    )


def test_the_reviewers_home_lists_the_district_queue_in_constant_queries(
    world: World, client_for: Any
) -> None:
    client = client_for("A.reviewer")
    url = reverse("people:district_home", kwargs={"district_id": world.districts["A"].pk})
    card, few = _card(client, url)
    assert "待审核：学校MK-A1-《MK-A1-校本班主任选聘办法》" in card
    assert "MK-A2-校本班主任选聘办法" in card
    assert "MK-B1-" not in card  # another district's queue is not theirs
    for n in range(6):
        _evidence(world.schools["A1"], n)
    card, many = _card(client, url)
    assert card.count('data-testid="todo-item"') == 8
    assert many == few


def test_the_leaders_home_lists_hours_to_verify_and_returned_documents(
    world: World, client_for: Any
) -> None:
    sd = world.schools["A1"]
    client = client_for("A1.leader")
    url = reverse("people:school_home", kwargs={"school_id": sd.school.pk})
    _external(sd, 0)
    _evidence(
        sd, 0, status=EvidenceStatus.RETURNED, reviewed_at=timezone.now(),
        review_comment="缺少盖章页",
    )  # fmt: skip
    card, few = _card(client, url)
    assert "待审定学时：甲A11《MK-A1-专题培训0》3.0学时" in card
    assert "材料已退回：《MK-A1-情况说明0》" in card and "退回意见：缺少盖章页" in card
    assert "待审核" not in card  # the district's queue is the reviewer's, not the leader's
    for n in range(1, 5):
        _external(sd, n)
    card, many = _card(client, url)
    assert "MK-A1-专题培训4" in card
    assert many == few
    other, _ = _card(
        client_for("A2.leader"),
        reverse("people:school_home", kwargs={"school_id": world.schools["A2"].school.pk}),
    )
    assert "MK-A1-" not in other


def test_the_teachers_home_lists_returned_and_approved_records(
    world: World, client_for: Any
) -> None:
    sd = world.schools["A1"]
    client = client_for("A1.teacher")
    url = reverse("training:teacher_home")
    now = timezone.now()
    _external(sd, 0, status=RecordStatus.RETURNED, reviewed_at=now, review_comment="证书不清晰")
    card, few = _card(client, url)
    assert "已退回：《MK-A1-专题培训0》" in card and "退回意见：证书不清晰" in card
    for n in range(1, 5):
        _external(sd, n, status=RecordStatus.VERIFIED, reviewed_at=now)
    card, many = _card(client, url)
    assert "已审定：《MK-A1-专题培训4》3.0学时已计入" in card
    assert many == few
    assert "MK-A1-" not in _card(client_for("A2.teacher"), url)[0]


def test_a_month_without_a_research_session_is_due_in_its_last_week(world: World) -> None:
    """XH26-A2-1: no reminder early in the month; in its last days each school without
    a session is due, for its leader and, as a district item, for the district roles —
    only in a district whose packs hold the rule."""
    load_pack_file(PACK_DIR / "xuhui-2026.yaml")
    world.districts["A"].policy_packs = ["xuhui-2026"]
    world.districts["A"].save(update_fields=["policy_packs"])
    world.districts["B"].policy_packs = ["lishui-2015"]
    world.districts["B"].save(update_fields=["policy_packs"])
    others = list(Membership.objects.filter(district=world.districts["B"]))
    assert research_month(holdings=others, today=month_end(2026, 3)) == []
    holdings = list(Membership.objects.filter(district=world.districts["A"]))
    early = dt.date(2026, 3, 10)
    assert research_month(holdings=holdings, today=early) == []
    late = month_end(2026, 3) - dt.timedelta(days=2)
    items = research_month(holdings=holdings, today=late)
    leader = world.user("A1.leader").pk
    mine = [i for i in items if i.user_id == leader]
    assert [i.title for i in mine] == ["学校MK-A1-本月尚未开展问题导向型研修"]
    assert mine[0].due_on == month_end(2026, 3) and not mine[0].for_district
    district = [i for i in items if i.for_district]
    assert {i.school_id for i in district} == {
        world.schools["A1"].school.pk,
        world.schools["A2"].school.pk,
    }


def test_the_daily_beat_records_each_due_item_once(world: World) -> None:
    robot_channel_save(
        district=world.districts["A"], actor=world.user("A.admin"),
        wecom_url="https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abcd", wecom_on=True,
    )  # fmt: skip
    _external(world.schools["A1"], 0)
    first = notices_due_run(today=today())
    assert first.notices > 0
    leader = Notice.objects.get(recipient=world.user("A1.leader"), kind="todo")
    assert leader.title == "待审定学时：甲A11《MK-A1-专题培训0》3.0学时"
    reviewer_notices = Notice.objects.filter(recipient=world.user("A.reviewer")).count()
    assert reviewer_notices >= 2  # the waiting evidence of A1 and A2
    robot_rows = Delivery.objects.filter(channel=Channel.WECOM, district=world.districts["A"])
    assert robot_rows.filter(due_key__startswith="pending:evidence.evidenceitem:").count() == 2
    again = notices_due_run(today=today())
    assert again.notices == 0
    assert Notice.objects.filter(recipient=world.user("A.reviewer")).count() == reviewer_notices
    assert robot_rows.count() == first.robot_rows
    assert not Delivery.objects.filter(district=world.districts["B"]).exists()  # B has no robot
