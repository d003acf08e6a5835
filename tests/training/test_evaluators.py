"""Training evaluators against hand-built schools (issue #4 §11): met, partly met and not
met, with value, target and the named missing items. Each test cites its POLICY ID."""

from __future__ import annotations

import datetime as dt
from typing import Any

from apps.compliance import engine
from apps.compliance.registry import Outcome
from apps.people.models import AssignmentRole, HomeroomAssignment, SchoolClass, Teacher
from apps.tenancy.models import School
from apps.training import services
from apps.training.models import AchievementKind, AchievementLevel, ArchiveEntry
from tests.evidence.helpers import A1_2_PARTS
from tests.personas import World

YEAR = 2025  # a whole past school year: 2025-09-01 … 2026-08-31
END = dt.date(2026, 8, 31)


def _staff_year(world: World, key: str) -> None:
    """The persona classes are in the current year; give school `key` a 2025 class each
    for its first two teachers as homeroom teachers."""
    sd = world.schools[key]
    for index, teacher in enumerate(sd.teachers[:2]):
        school_class = SchoolClass.objects.create(
            school=sd.school,
            district_id=sd.school.district_id,
            school_year=YEAR,
            grade=3 + index,
            name="甲班",
        )
        HomeroomAssignment.objects.create(
            school=sd.school,
            district_id=sd.school.district_id,
            teacher=teacher,
            school_class=school_class,
            school_year=YEAR,
            role=AssignmentRole.HOMEROOM,
        )


def _outcome(
    world: World, district_key: str, school_key: str, code: str, as_of: dt.date = END
) -> Outcome:
    district = world.districts[district_key]
    schools = list(School.objects.filter(district=district).order_by("code"))
    rows = engine.evaluate(district=district, school_year=YEAR, schools=schools, as_of=as_of)
    school = world.schools[school_key].school
    return next(r.outcome for r in rows if r.indicator.code == code and r.school_id == school.pk)


# --------------------------------------------------------------------------- XH26-A2-1


def test_xh26_a2_1_names_the_months_without_a_research_session(
    training_world: World, record_hours: Any
) -> None:
    """XH26-A2-1 from the plan's date (2026-04-01): the ended months without a session are
    named; the month in progress is not missing; months before the plan do not count."""
    _staff_year(training_world, "A1")
    sd = training_world.schools["A1"]
    for month in (4, 5):
        record_hours(
            "A1", sd.teachers[:2], day=dt.date(2026, month, 10), is_research_session=True,
            module="class_collective",
        )  # fmt: skip
    record_hours("A1", sd.teachers[:2], day=dt.date(2026, 6, 10))  # not a research session
    outcome = _outcome(training_world, "A", "A1", "XH26-A2-1", as_of=dt.date(2026, 7, 15))
    sessions = outcome.parts[1]
    assert sessions["evaluator"] == "training.monthly_sessions"
    assert sessions["status"] == "partly_met"
    assert sessions["value"] == "2/3 个月达到"
    assert [m for m in outcome.missing if m.endswith("无研修记录")] == ["2026年6月无研修记录"]
    assert "2026年7月尚未结束" in sessions["note"]
    assert outcome.status == "partly_met"  # the scheme document is missing too


def test_xh26_a2_1_sessions_every_month_is_met_for_that_part(
    training_world: World, record_hours: Any
) -> None:
    _staff_year(training_world, "A1")
    sd = training_world.schools["A1"]
    for month in range(4, 9):
        record_hours(
            "A1", sd.teachers[:2], day=dt.date(2026, month, 5), is_research_session=True,
            module="class_collective",
        )  # fmt: skip
    outcome = _outcome(training_world, "A", "A1", "XH26-A2-1")
    assert outcome.parts[1]["status"] == "met"
    assert outcome.parts[1]["value"] == "5/5 个月达到"  # April to August: after the plan
    nothing = _outcome(training_world, "A", "A2", "XH26-A2-1")
    assert nothing.parts[1]["status"] == "not_met"
    assert len([m for m in nothing.missing if m.endswith("无研修记录")]) == 5


# --------------------------------------------------------------------------- hours


def test_pt24_hours_each_homeroom_teacher_needs_40_hours(
    training_world: World, record_hours: Any
) -> None:
    """PT24-HOURS: ≥ 40 class-hours per school year for each homeroom teacher."""
    _staff_year(training_world, "A1")
    sd = training_world.schools["A1"]
    a, b = sd.teachers[0], sd.teachers[1]
    for day in (
        dt.date(2025, 10, 1),
        dt.date(2026, 3, 1),
        dt.date(2026, 5, 1),
        dt.date(2026, 6, 1),
        dt.date(2026, 7, 1),
    ):
        record_hours("A1", [a], day=day, hours="8")
    record_hours("A1", [b], day=dt.date(2025, 11, 1), hours="8")
    outcome = _outcome(training_world, "A", "A1", "PT24-HOURS")
    assert outcome.status == "partly_met"
    assert outcome.value == "1/2 名班主任达到（50%）"
    assert outcome.target == "100% 班主任每学年 ≥ 40 学时"
    assert outcome.missing == [f"{b.name}：8.0 学时，差 32.0"]
    record_hours("A1", [b], day=dt.date(2026, 4, 1), hours="24")
    record_hours("A1", [b], day=dt.date(2026, 4, 2), hours="8")
    assert _outcome(training_world, "A", "A1", "PT24-HOURS").status == "met"


def test_pt24_hours_not_met_when_nobody_trained(training_world: World) -> None:
    _staff_year(training_world, "A2")
    outcome = _outcome(training_world, "A", "A2", "PT24-HOURS")
    assert outcome.status == "not_met"
    assert outcome.value == "0/2 名班主任达到（0%）"


def test_pt24_hours_counts_reversals(training_world: World, record_hours: Any) -> None:
    _staff_year(training_world, "A1")
    sd = training_world.schools["A1"]
    for teacher in sd.teachers[:2]:
        record_hours("A1", [teacher], day=dt.date(2025, 10, 1), hours="20")
        record_hours("A1", [teacher], day=dt.date(2025, 10, 2), hours="20")
    assert _outcome(training_world, "A", "A1", "PT24-HOURS").status == "met"
    from apps.training.models import LedgerEntry

    entry = LedgerEntry.objects.filter(teacher=sd.teachers[0]).first()
    assert entry is not None
    services.ledger_reverse(entry=entry, actor=training_world.user("A1.leader"), reason="重复登记")
    outcome = _outcome(training_world, "A", "A1", "PT24-HOURS")
    assert outcome.status == "partly_met"
    assert outcome.missing == [f"{sd.teachers[0].name}：20.0 学时，差 20.0"]


def test_ls15_year_hours_uses_lishuis_12_hours(training_world: World, record_hours: Any) -> None:
    """LS15-YEAR-HOURS: ≥ 12 class-hours of special training a year (district B on lishui)."""
    _staff_year(training_world, "B1")
    sd = training_world.schools["B1"]
    record_hours("B1", sd.teachers[:1], day=dt.date(2025, 12, 1), hours="12")
    record_hours("B1", sd.teachers[1:2], day=dt.date(2025, 12, 1), hours="11.5")
    outcome = _outcome(training_world, "B", "B1", "LS15-YEAR-HOURS")
    assert outcome.status == "partly_met"
    assert outcome.target == "100% 班主任每学年 ≥ 12 学时"
    assert outcome.missing == [f"{sd.teachers[1].name}：11.5 学时，差 0.5"]


# --------------------------------------------------------------------------- credits


def test_xh26_a2_3_homeroom_teachers_reach_the_designated_credits(
    training_world: World, record_hours: Any
) -> None:
    """XH26-A2-3: 100% complete the district-designated credits (4 by the pack, an
    interpretation the district may override); credits from the ledger by conversion."""
    _staff_year(training_world, "A1")
    sd = training_world.schools["A1"]
    a, b = sd.teachers[0], sd.teachers[1]
    record_hours("A1", [a], day=dt.date(2025, 10, 1), hours="20")  # 2 credits in semester 1
    record_hours("A1", [a], day=dt.date(2026, 3, 1), hours="20")  # 2 credits in semester 2
    record_hours("A1", [b], day=dt.date(2025, 10, 1), hours="19.9")  # 1 credit (floor)
    outcome = _outcome(training_world, "A", "A1", "XH26-A2-3")
    assert outcome.status == "partly_met"
    assert outcome.value == "1/2 名班主任完成（50%）"
    assert outcome.target == "100% 班主任完成区级指定 4 学分"
    assert outcome.missing == [f"{b.name}：1 学分，差 3"]


def test_xh26_a2_3_follows_a_district_override_of_the_credit_target(
    training_world: World, record_hours: Any
) -> None:
    from apps.compliance.services import parameter_override_set

    _staff_year(training_world, "A1")
    sd = training_world.schools["A1"]
    for teacher in sd.teachers[:2]:
        record_hours("A1", [teacher], day=dt.date(2025, 10, 1), hours="10")
    parameter_override_set(
        district=training_world.districts["A"],
        pack_code="xuhui-2026",
        key="designated_credits_per_year",
        value=1,
        reason="本学年区级指定 1 学分",
        actor=training_world.user("A.admin"),
    )
    outcome = _outcome(training_world, "A", "A1", "XH26-A2-3")
    assert outcome.status == "met"
    assert outcome.target == "100% 班主任完成区级指定 1 学分"


def test_pt24_credit_every_finished_semester_is_assigned(
    training_world: World, record_hours: Any
) -> None:
    """PT24-CREDIT: credits assigned at the end of each semester."""
    _staff_year(training_world, "A1")
    sd = training_world.schools["A1"]
    record_hours("A1", sd.teachers[:2], day=dt.date(2025, 10, 1), hours="10")
    params = {
        "lecture_hours_per_credit": 10,
        "practice_hours_per_credit": 20,
        "credit_rounding": "floor",
    }
    leader = training_world.user("A1.leader")
    services.credits_assign_semester(
        school=sd.school, school_year=YEAR, semester=1, actor=leader, params=params
    )
    after_year = _outcome(training_world, "A", "A1", "PT24-CREDIT", as_of=dt.date(2026, 9, 1))
    assert after_year.status == "not_met"  # semester 2 has ended and is not assigned
    assert after_year.missing[0].endswith("第二学期未赋分")
    mid = _outcome(training_world, "A", "A1", "PT24-CREDIT", as_of=dt.date(2026, 3, 1))
    assert mid.status == "met"  # only semester 1 had ended
    assert mid.value == "2/2 名班主任已赋分（100%）"
    services.credits_assign_semester(
        school=sd.school, school_year=YEAR, semester=2, actor=leader, params=params
    )
    assert (
        _outcome(training_world, "A", "A1", "PT24-CREDIT", as_of=dt.date(2026, 9, 1)).status
        == "met"
    )


# --------------------------------------------------------------------------- A2-4, A3-1, CADRE


def test_xh26_a2_4_needs_joint_sessions_and_the_attestation(
    training_world: World, record_hours: Any
) -> None:
    sd = training_world.schools["A1"]
    outcome = _outcome(training_world, "A", "A1", "XH26-A2-4")
    assert [p["status"] for p in outcome.parts] == ["not_met", "not_met"]
    record_hours("A1", sd.teachers[:1], day=dt.date(2025, 11, 3), is_joint_ideological=True)
    outcome = _outcome(training_world, "A", "A1", "XH26-A2-4")
    assert outcome.parts[1]["status"] == "met"
    assert outcome.parts[1]["value"] == "1 次"
    assert outcome.status == "partly_met"  # the statement is still to be submitted


def test_xh26_a3_1_archive_needs_training_and_an_achievement(
    training_world: World, record_hours: Any
) -> None:
    """XH26-A3-1 / PT24-ARCHIVE: every homeroom teacher's archive holds training and
    achievements or honours."""
    _staff_year(training_world, "A1")
    sd = training_world.schools["A1"]
    a, b = sd.teachers[0], sd.teachers[1]
    record_hours("A1", [a, b], day=dt.date(2025, 10, 1))
    ArchiveEntry.objects.create(
        school=sd.school,
        district_id=sd.school.district_id,
        teacher=a,
        kind=AchievementKind.OPEN_LESSON,
        level=AchievementLevel.DISTRICT,
        title="区级主题班会展示",
        date=dt.date(2025, 12, 1),
        created_by=training_world.user("A1.leader"),
    )
    outcome = _outcome(training_world, "A", "A1", "XH26-A3-1")
    assert outcome.status == "partly_met"
    assert outcome.missing == [f"{b.name}：缺实绩或荣誉"]
    none_trained = _outcome(training_world, "A", "A2", "XH26-A3-1")
    assert none_trained.status == "no_data"  # A2 has no homeroom teacher in 2025


def test_xh26_cadre_every_cadre_trained_within_three_years(
    training_world: World, record_hours: Any
) -> None:
    sd = training_world.schools["A1"]
    Teacher.objects.filter(pk__in=[t.pk for t in sd.teachers[:2]]).update(is_moral_cadre=True)
    record_hours("A1", sd.teachers[:1], day=dt.date(2026, 5, 1), is_cadre_training=True)
    outcome = _outcome(training_world, "A", "A1", "XH26-CADRE", as_of=dt.date(2029, 4, 1))
    assert outcome.status == "partly_met"
    assert outcome.value == "1/2 名德育干部已培训（50%）"
    assert outcome.missing == [f"{sd.teachers[1].name}：2026-04-01 以来未参加德育干部培训"]
    before_deadline = _outcome(training_world, "A", "A1", "XH26-CADRE")
    assert before_deadline.status == "not_yet_due"  # due 2029-03-31
    long_ago = _outcome(training_world, "A", "A1", "XH26-CADRE", as_of=dt.date(2030, 6, 1))
    assert long_ago.status == "not_met"  # the 2026 training is more than 3 years old by then


def test_pt24_lead_is_the_leading_group_and_plan_document(training_world: World) -> None:
    """PT24-LEAD: the principal-led leading group and its training plan, as a document the
    district reviews (pending → met once accepted)."""
    from apps.evidence import services as evidence_services
    from apps.evidence.demo import DEMO_PDF

    sd = training_world.schools["A1"]
    assert _outcome(training_world, "A", "A1", "PT24-LEAD").missing[0].startswith("尚未提交：《")
    item = evidence_services.evidence_submit(
        school=sd.school,
        actor=training_world.user("A1.leader"),
        indicator_code="PT24-LEAD",
        school_year=YEAR,
        kind="document",
        title="班主任校本研修领导小组名单及研修计划",
        file_name="lead.pdf",
        data=DEMO_PDF,
    )
    assert _outcome(training_world, "A", "A1", "PT24-LEAD").status == "pending_review"
    evidence_services.evidence_review(
        item=item, reviewer=training_world.user("A.reviewer"), accept=True,
        checked_parts=A1_2_PARTS,
    )  # fmt: skip
    assert _outcome(training_world, "A", "A1", "PT24-LEAD").status == "met"
