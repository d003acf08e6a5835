"""The hours ledger (issue #4 §4, §5): immutable rows, corrections by reversal with a
reason, totals per school year and semester, credit conversion by the pack (PT24-CREDIT)
at its boundaries, and verification of external hours (学时审定)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, transaction
from django.db.models import Sum

from apps.training import selectors, services
from apps.training.models import CreditAssignment, EntryKind, LedgerEntry, RecordStatus
from apps.training.selectors import convert, credits_for
from tests.personas import World

DAY = dt.date(2026, 10, 15)  # semester 1 of school year 2026


def _hours(teacher: Any, year: int = 2026) -> Decimal:
    return LedgerEntry.objects.filter(teacher=teacher, school_year=year).aggregate(h=Sum("hours"))[
        "h"
    ] or Decimal(0)


def test_attendance_credits_the_ledger_once(training_world: World, record_hours: Any) -> None:
    sd = training_world.schools["A1"]
    record_hours("A1", sd.teachers[:2], day=DAY, hours="3")
    entry = LedgerEntry.objects.get(teacher=sd.teachers[0])
    assert (entry.kind, entry.hours, entry.school_year, entry.semester) == (
        EntryKind.ATTENDANCE,
        Decimal(3),
        2026,
        1,
    )
    assert _hours(sd.teachers[1]) == Decimal(3)


def test_ledger_rows_cannot_be_changed_or_deleted(training_world: World, record_hours: Any) -> None:
    sd = training_world.schools["A1"]
    record_hours("A1", sd.teachers[:1], day=DAY)
    entry = LedgerEntry.objects.get(teacher=sd.teachers[0])
    with pytest.raises(DatabaseError, match="immutable"), transaction.atomic():
        LedgerEntry.objects.filter(pk=entry.pk).update(hours=Decimal(40))
    with pytest.raises(DatabaseError, match="immutable"), transaction.atomic():
        LedgerEntry.objects.filter(pk=entry.pk).delete()
    entry.refresh_from_db()
    assert entry.hours == Decimal(2)


def test_a_correction_is_a_reversal_with_its_reason(
    training_world: World, record_hours: Any
) -> None:
    sd = training_world.schools["A1"]
    record_hours("A1", sd.teachers[:1], day=DAY, hours="4")
    entry = LedgerEntry.objects.get(teacher=sd.teachers[0])
    leader = training_world.user("A1.leader")
    with pytest.raises(ValidationError, match="更正理由"):
        services.ledger_reverse(entry=entry, actor=leader, reason="  ")
    reversal = services.ledger_reverse(entry=entry, actor=leader, reason="签到有误，该教师当天请假")
    assert (reversal.kind, reversal.hours, reversal.reverses_id) == (
        EntryKind.REVERSAL,
        Decimal(-4),
        entry.pk,
    )
    assert reversal.reason == "签到有误，该教师当天请假"
    assert _hours(sd.teachers[0]) == Decimal(0)
    with pytest.raises(ValidationError, match="已被冲销"):
        services.ledger_reverse(entry=entry, actor=leader, reason="再冲一次")
    with pytest.raises(ValidationError, match="不能再次冲销"):
        services.ledger_reverse(entry=reversal, actor=leader, reason="撤销冲销")


def test_only_the_schools_leader_corrects_its_ledger(
    training_world: World, record_hours: Any
) -> None:
    sd = training_world.schools["A1"]
    record_hours("A1", sd.teachers[:1], day=DAY)
    entry = LedgerEntry.objects.get(teacher=sd.teachers[0])
    for intruder in ("A2.leader", "A.admin", "A1.teacher"):
        with pytest.raises(PermissionDenied):
            services.ledger_reverse(entry=entry, actor=training_world.user(intruder), reason="x")
    assert LedgerEntry.objects.count() == 1


def test_totals_by_year_and_semester(training_world: World, record_hours: Any) -> None:
    sd = training_world.schools["A1"]
    teacher = sd.teachers[0]
    record_hours("A1", [teacher], day=dt.date(2025, 10, 1), hours="5")  # 2025, semester 1
    record_hours(
        "A1", [teacher], day=dt.date(2026, 3, 1), hours="6", credit_class="practice"
    )  # 2025, 2
    record_hours("A1", [teacher], day=DAY, hours="7")  # 2026, 1
    totals = selectors.hours_by_teacher(schools=[sd.school], school_year=2025)[teacher.pk]
    assert totals == {"lecture": Decimal(5), "practice": Decimal(6), "total": Decimal(11)}
    progress = selectors.teacher_progress(teacher=teacher, school_year=2025)
    assert progress["by_term"] == {
        1: {"lecture": Decimal(5), "practice": Decimal(0)},
        2: {"lecture": Decimal(0), "practice": Decimal(6)},
    }
    assert progress["hours"] == Decimal(11)
    assert progress["hours_target"] == Decimal(40)  # PT24-HOURS from putuo-2024


@pytest.mark.parametrize(
    ("hours", "per_credit", "rounding", "credits"),
    [
        ("9.9", 10, "floor", "0"),
        ("10", 10, "floor", "1"),
        ("19.9", 20, "floor", "0"),
        ("20", 20, "floor", "1"),
        ("39.9", 20, "floor", "1"),
        ("9.9", 10, "tenth", "0.9"),
        ("19.9", 20, "tenth", "0.9"),
        ("0", 10, "floor", "0"),
    ],
)
def test_pt24_credit_conversion_at_the_boundaries(
    hours: str, per_credit: int, rounding: str, credits: str
) -> None:
    """PT24-CREDIT: lecture 10 class-hours = 1 credit, practice 20 = 1; rounding is a parameter."""
    assert convert(Decimal(hours), per_credit, rounding) == Decimal(credits)


def test_credits_convert_each_class_on_its_own() -> None:
    params = {
        "lecture_hours_per_credit": 10,
        "practice_hours_per_credit": 20,
        "credit_rounding": "floor",
    }
    assert credits_for(Decimal("9.9"), Decimal("19.9"), params) == Decimal(0)
    assert credits_for(Decimal("10"), Decimal("20"), params) == Decimal(2)
    with pytest.raises(ValueError, match="rounding"):
        credits_for(Decimal(10), Decimal(0), params | {"credit_rounding": "banker"})


def test_the_officer_assigns_semester_credits_from_the_ledger(
    training_world: World, record_hours: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PT24-CREDIT: assigned at the end of each semester by the training officer."""
    monkeypatch.setattr("apps.training.services.credits.today", lambda: dt.date(2027, 1, 31))
    sd = training_world.schools["A1"]
    a, b = sd.teachers[0], sd.teachers[1]
    record_hours("A1", [a], day=DAY, hours="9.9")
    record_hours("A1", [b], day=DAY, hours="10")
    record_hours("A1", [b], day=dt.date(2026, 11, 2), hours="20", credit_class="practice")
    params = selectors.credit_params(district=sd.school.district)
    assert params == {
        "lecture_hours_per_credit": 10,
        "practice_hours_per_credit": 20,
        "credit_rounding": "floor",
    }
    rows = services.credits_assign_semester(
        school=sd.school,
        school_year=2026,
        semester=1,
        actor=training_world.user("A1.leader"),
        params=params,
    )
    assigned = {r.teacher_id: r.credits for r in rows}
    assert assigned[a.pk] == Decimal(0)
    assert assigned[b.pk] == Decimal(2)
    assert CreditAssignment.objects.filter(school=sd.school).count() == 3  # every active teacher


def test_external_training_counts_once_verified(training_world: World) -> None:
    """学时审定: a teacher's own record enters the ledger only when the leader verifies it."""
    sd = training_world.schools["A1"]
    teacher = sd.teachers[0]  # linked to the A1.teacher login
    teacher.refresh_from_db()
    record = services.external_submit(
        teacher=teacher,
        actor=training_world.user("A1.teacher"),
        title="市级班主任心理辅导专题培训",
        organiser="市教委",
        organiser_level="city",
        date=DAY,
        hours=Decimal(8),
        credit_class="lecture",
    )
    assert record.status == RecordStatus.SUBMITTED
    assert _hours(teacher) == Decimal(0)
    services.external_review(record=record, reviewer=training_world.user("A1.leader"), verify=True)
    assert _hours(teacher) == Decimal(8)
    with pytest.raises(ValidationError, match="不能再审定"):
        services.external_review(
            record=record, reviewer=training_world.user("A1.leader"), verify=True
        )
    assert _hours(teacher) == Decimal(8)


def test_a_returned_record_says_why_and_counts_nothing(training_world: World) -> None:
    sd = training_world.schools["A1"]
    sd.teachers[0].refresh_from_db()
    record = services.external_submit(
        teacher=sd.teachers[0],
        actor=training_world.user("A1.teacher"),
        title="网络研修",
        organiser="某平台",
        organiser_level="other",
        date=DAY,
        hours=Decimal(20),
        credit_class="lecture",
    )
    with pytest.raises(ValidationError, match="写明原因"):
        services.external_review(
            record=record, reviewer=training_world.user("A1.leader"), verify=False
        )
    services.external_review(
        record=record,
        reviewer=training_world.user("A1.leader"),
        verify=False,
        comment="证书学时为 3 学时",
    )
    record.refresh_from_db()
    assert (record.status, record.review_comment) == (RecordStatus.RETURNED, "证书学时为 3 学时")
    assert _hours(sd.teachers[0]) == Decimal(0)


def test_a_leader_never_verifies_their_own_hours_and_every_step_is_history(
    training_world: World,
) -> None:
    """A school leader who also teaches logs their own training: another leader of the
    school must verify it (nobody approves their own record); a record they log for a
    colleague they may verify, and its history shows who did what."""
    sd = training_world.schools["A1"]
    leader = training_world.user("A1.leader")
    own_teacher = sd.teachers[2]
    own_teacher.user = leader
    own_teacher.save(update_fields=["user"])
    record = services.external_submit(
        teacher=own_teacher, actor=leader, title="市级德育干部研修", organiser="市教委",
        organiser_level="city", date=DAY, hours=Decimal(6), credit_class="lecture",
    )  # fmt: skip
    with pytest.raises(PermissionDenied, match="不能审定本人的学时记录"):
        services.external_review(record=record, reviewer=leader, verify=True)
    record.refresh_from_db()
    assert record.status == RecordStatus.SUBMITTED
    assert _hours(own_teacher) == Decimal(0)
    colleague = services.external_submit(
        teacher=sd.teachers[0], actor=leader, title="区级班主任论坛", organiser="区教育学院",
        organiser_level="district", date=DAY, hours=Decimal(3), credit_class="practice",
    )  # fmt: skip
    services.external_review(record=colleague, reviewer=leader, verify=True)
    assert [(e.action, e.actor_id) for e in colleague.events.all()] == [
        ("submitted", leader.pk),
        ("accepted", leader.pk),
    ]


def test_only_the_teacher_or_their_leader_logs_a_record(training_world: World) -> None:
    sd = training_world.schools["A1"]
    for intruder in ("A2.leader", "B1.teacher", "A.admin"):
        with pytest.raises(PermissionDenied):
            services.external_submit(
                teacher=sd.teachers[0],
                actor=training_world.user(intruder),
                title="x",
                organiser="y",
                organiser_level="city",
                date=DAY,
                hours=Decimal(1),
                credit_class="lecture",
            )


def test_a_research_session_needs_a_theme_a_problem_and_minutes(training_world: World) -> None:
    """XH26-A2-1 "杜绝事务性替代" is structural: a research session names a theme of the
    pack's list, the problem studied and full minutes; a business topic is only warned."""
    sd = training_world.schools["A1"]
    base: dict[str, Any] = {
        "district": sd.school.district,
        "school": sd.school,
        "actor": training_world.user("A1.leader"),
        "title": "本周例会",
        "date": DAY,
        "hours": Decimal(1),
        "form": "discussion",
        "credit_class": "practice",
        "is_research_session": True,
    }
    with pytest.raises(ValidationError) as refused:
        services.activity_create(**base, module="other", topic="", minutes="x" * 29)
    errors = refused.value.message_dict
    assert set(errors) == {"module", "topic", "minutes"}
    assert "班集体管理" in errors["module"][0]
    assert "不少于 30 字" in errors["minutes"][0]
    padded = "工作布置及学期各项事务安排的传达与落实"  # words added around a business meeting
    activity = services.activity_create(
        **base, module="class_collective", topic=padded, minutes="x" * 40
    )
    assert activity.is_research_session
    assert "事务性" in services.administrative_warning(padded)  # a warning, not the gate
    assert services.administrative_warning("学困生家校沟通中的常见误区") == ""


def test_attendance_only_for_teachers_in_the_activitys_scope(
    training_world: World, record_hours: Any
) -> None:
    with pytest.raises(ValidationError, match="不属于本活动的范围"):
        record_hours("A1", [training_world.schools["A2"].teachers[0]], day=DAY)
    assert LedgerEntry.objects.count() == 0


def test_only_the_organiser_records_an_activity_and_its_attendance(
    training_world: World, record_hours: Any
) -> None:
    sd = training_world.schools["A1"]
    fields: dict[str, Any] = {
        "title": "研修",
        "topic": "班级建设",
        "date": DAY,
        "hours": Decimal(2),
        "form": "lecture",
        "credit_class": "lecture",
    }
    for intruder in ("A2.leader", "A.reviewer", "A1.teacher"):
        with pytest.raises(PermissionDenied):
            services.activity_create(
                district=sd.school.district,
                school=sd.school,
                actor=training_world.user(intruder),
                **fields,
            )
    with pytest.raises(PermissionDenied):  # a district activity is the district admin's
        services.activity_create(
            district=sd.school.district,
            school=None,
            actor=training_world.user("A1.leader"),
            **fields,
        )
    district_activity = services.activity_create(
        district=sd.school.district, school=None, actor=training_world.user("A.admin"), **fields
    )
    with pytest.raises(PermissionDenied):
        services.attendance_record(
            activity=district_activity,
            teachers=sd.teachers[:1],
            actor=training_world.user("A1.leader"),
        )
    services.attendance_record(
        activity=district_activity,
        teachers=[sd.teachers[0], training_world.schools["A2"].teachers[0]],
        actor=training_world.user("A.admin"),
    )
    assert LedgerEntry.objects.filter(activity=district_activity).count() == 2


@pytest.mark.parametrize("bad", ["abc", "1.25", "0", "-1", "NaN", "3"])
def test_credited_hours_must_be_a_sensible_number(training_world: World, bad: str) -> None:
    sd = training_world.schools["A1"]
    activity = services.activity_create(
        district=sd.school.district,
        school=sd.school,
        actor=training_world.user("A1.leader"),
        title="研修",
        topic="班级建设",
        date=DAY,
        hours=Decimal(2),
        form="lecture",
        credit_class="lecture",
    )
    with pytest.raises(ValidationError, match="认定学时"):
        services.attendance_record(
            activity=activity,
            teachers=sd.teachers[:1],
            actor=training_world.user("A1.leader"),
            hours={sd.teachers[0].pk: bad},  # type: ignore[dict-item]
        )
    assert LedgerEntry.objects.count() == 0


def test_an_external_record_needs_a_date_and_a_known_level(training_world: World) -> None:
    sd = training_world.schools["A1"]
    with pytest.raises(ValidationError) as refused:
        services.external_submit(
            teacher=sd.teachers[0],
            actor=training_world.user("A1.leader"),
            title="培训",
            organiser="某单位",
            organiser_level="galactic",
            date=None,
            hours=Decimal(2),
            credit_class="lecture",
        )
    assert set(refused.value.message_dict) == {"date", "organiser_level"}
