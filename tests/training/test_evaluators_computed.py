"""What training already knows, computed (issue #11 §14): PT24-NEEDS from the needs
surveys, XB23-CREDIT from the credit offsets, LS15-NEW-HOURS and LS15-LAYERS from the layer
on the ledger rows — met, partly met and not met, never 暂无数据 any more — and each in a
number of queries that does not grow with the schools."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.compliance import packs as pack_data
from apps.compliance.models import Indicator
from apps.compliance.registry import Context, get
from apps.core.schoolyear import school_year
from apps.people.models import AssignmentRole, HomeroomAssignment, SchoolClass, Teacher
from apps.tenancy.models import School, SchoolType
from apps.training import services
from apps.training.models import CreditOffset, Survey, SurveyResponse
from tests.personas import World

from .yearly import DECEMBER, END, YEAR, district_session, outcome, staff_year

QUESTIONS = [
    {"text": "最希望提升哪方面能力？", "choices": ["班级管理", "家校沟通"], "multiple": False}
]


def _survey(world: World, district_key: str, school_key: str | None, day: dt.date) -> Survey:
    """A needs survey of the district (school_key None) or of a school, dated `day`."""
    district = world.districts[district_key]
    school = world.schools[school_key].school if school_key else None
    author = world.user(f"{school_key}.leader" if school_key else f"{district_key}.admin")
    survey = Survey.objects.create(
        district=district, school=school, title="班主任研修需求调研", questions=QUESTIONS,
        created_by=author,
    )  # fmt: skip
    Survey.objects.filter(pk=survey.pk).update(
        created_at=dt.datetime(day.year, day.month, day.day, 10, tzinfo=dt.UTC)
    )
    return survey


def _answer(survey: Survey, *teachers: Teacher) -> None:
    for teacher in teachers:
        SurveyResponse.objects.create(survey=survey, teacher=teacher, answers=[[0]])


# --------------------------------------------------------------------------- PT24-NEEDS


def test_pt24_needs_is_met_by_district_and_school_surveys_answered_by_the_homeroom_teachers(
    training_world: World,
) -> None:
    """PT24-NEEDS: 开展区校两级的研修调研 — a district survey and the school's own this year,
    answered by at least the pack's share (80%) of the homeroom teachers."""
    a, b = staff_year(training_world, "A1")
    district_survey = _survey(training_world, "A", None, dt.date(2025, 9, 15))
    school_survey = _survey(training_world, "A", "A1", dt.date(2025, 9, 20))
    _answer(district_survey, a)
    _answer(school_survey, b)
    result = outcome(training_world, "A", "A1", "PT24-NEEDS")
    assert result.status == "met"
    assert result.value == "2/2 名班主任已作答（100%）"
    assert result.target == "区级、校级需求调研，≥ 80% 班主任作答"
    assert result.missing == []


def test_pt24_needs_without_the_schools_own_survey_is_partly_met(training_world: World) -> None:
    """PT24-NEEDS: the district's survey alone is one of the two levels; who did not answer
    is named."""
    a, b = staff_year(training_world, "A1")
    _answer(_survey(training_world, "A", None, dt.date(2025, 10, 9)), a)
    result = outcome(training_world, "A", "A1", "PT24-NEEDS")
    assert result.status == "partly_met"
    assert result.value == "1/2 名班主任已作答（50%）"
    assert result.missing == ["本学年尚未开展校级研修需求调研", f"{b.name}：未作答本学年的需求调研"]


def test_pt24_needs_last_years_survey_does_not_count_and_none_is_not_met(
    training_world: World,
) -> None:
    """PT24-NEEDS: a survey of the previous school year does not count for this one."""
    a, _b = staff_year(training_world, "A1")
    _answer(_survey(training_world, "A", "A1", dt.date(2025, 6, 1)), a)  # school year 2024
    result = outcome(training_world, "A", "A1", "PT24-NEEDS")
    assert result.status == "not_met"
    assert result.missing == ["本学年尚未开展区级研修需求调研", "本学年尚未开展校级研修需求调研"]
    mid = outcome(training_world, "A", "A1", "PT24-NEEDS", as_of=DECEMBER)
    assert mid.status == "not_yet_due"  # a rule per school year: judged at its end


# --------------------------------------------------------------------------- LS15-NEW-HOURS


def _new_homeroom(teachers: list[Teacher], day: dt.date = dt.date(2025, 9, 1)) -> None:
    Teacher.objects.filter(pk__in=[t.pk for t in teachers]).update(homeroom_since=day)


def test_ls15_new_hours_new_homeroom_teachers_need_24_pre_service_hours(
    training_world: World, record_hours: Any
) -> None:
    """LS15-NEW-HOURS: 新任班主任须接受不少于24学时的培训 — pre-service (上岗培训) hours of the
    first homeroom year (or the one before); in-service hours do not count."""
    a, b = staff_year(training_world, "B1")
    _new_homeroom([a, b])
    district_session(training_world, "B", [a, b], day=dt.date(2025, 8, 20), hours="12",
                     layer="pre_service")  # fmt: skip  # before the appointment
    district_session(training_world, "B", [a], day=dt.date(2025, 10, 15), hours="12",
                     layer="pre_service")  # fmt: skip
    record_hours("B1", [b], day=dt.date(2025, 10, 15), hours="12", layer="in_service")
    result = outcome(training_world, "B", "B1", "LS15-NEW-HOURS")
    assert result.status == "partly_met"
    assert result.value == "1/2 名新任班主任达到（50%）"
    assert result.target == "100% 新任班主任培训 ≥ 24 学时"
    assert result.missing == [f"{b.name}：12.0 学时，差 12.0"]
    record_hours("B1", [b], day=dt.date(2026, 3, 4), hours="12", layer="pre_service")
    assert outcome(training_world, "B", "B1", "LS15-NEW-HOURS").status == "met"


def test_ls15_new_hours_not_met_not_yet_due_and_not_applicable(
    training_world: World,
) -> None:
    """LS15-NEW-HOURS: nobody trained is not met (at the year's end; not yet due before); a
    school without new homeroom teachers this year is not applicable, and teachers with
    no recorded first homeroom date are counted in the note."""
    a, b = staff_year(training_world, "B1")
    _new_homeroom([a])
    Teacher.objects.filter(pk=b.pk).update(homeroom_since=None)
    result = outcome(training_world, "B", "B1", "LS15-NEW-HOURS")
    assert (result.status, result.missing) == ("not_met", [f"{a.name}：0.0 学时，差 24.0"])
    assert "另有 1 名班主任未登记“首次担任班主任时间”" in result.note
    assert outcome(training_world, "B", "B1", "LS15-NEW-HOURS", as_of=DECEMBER).status == (
        "not_yet_due"
    )
    staff_year(training_world, "B2")  # homeroom since 2014: nobody is new
    other = outcome(training_world, "B", "B2", "LS15-NEW-HOURS")
    assert other.status == "not_applicable"
    assert "本校没有新任班主任" in other.note


# --------------------------------------------------------------------------- LS15-LAYERS


def test_ls15_layers_every_layer_of_training_is_present(
    training_world: World, record_hours: Any
) -> None:
    """LS15-LAYERS: 上岗培训、在岗培训和骨干培训三个层次 — the layers with hours among the
    school's ledger rows this year, the missing ones named."""
    a, b = staff_year(training_world, "B1")
    record_hours("B1", [a], day=dt.date(2025, 10, 8), layer="in_service")
    district_session(training_world, "B", [b], day=dt.date(2025, 11, 5), layer="pre_service")
    result = outcome(training_world, "B", "B1", "LS15-LAYERS")
    assert result.status == "partly_met"
    assert result.value == "2/3 个层次有培训记录"
    assert result.target == "上岗培训、在岗培训、骨干培训均有培训"
    assert result.missing == ["本学年无“骨干培训”层次的培训记录"]
    assert outcome(training_world, "B", "B1", "LS15-LAYERS", as_of=DECEMBER).status == (
        "not_yet_due"
    )
    district_session(training_world, "B", [a], day=dt.date(2026, 3, 11), layer="backbone")
    assert outcome(training_world, "B", "B1", "LS15-LAYERS").status == "met"
    nothing = outcome(training_world, "B", "B2", "LS15-LAYERS")
    assert (nothing.status, len(nothing.missing)) == ("not_met", 3)


def test_ls15_layers_a_reversed_row_leaves_its_layer_empty(
    training_world: World, record_hours: Any
) -> None:
    """LS15-LAYERS: hours reversed to zero are no training of that layer."""
    (a,) = staff_year(training_world, "B1", count=1)
    (attendance,) = record_hours("B1", [a], day=dt.date(2025, 10, 8), layer="in_service")
    services.ledger_reverse(
        entry=attendance.entry, actor=training_world.user("B1.leader"), reason="误登记"
    )
    result = outcome(training_world, "B", "B1", "LS15-LAYERS")
    assert "本学年无“在岗培训”层次的培训记录" in result.missing


# --------------------------------------------------------------------------- XB23-CREDIT


@pytest.fixture
def backbone_a(training_world: World) -> World:
    """District A on xuhui-2026 + xuhui-backbone-2023, with three district backbone
    centralised sessions in the cohort (2023-09 … 2026-06, training phase to 2026-01)."""
    district = training_world.districts["A"]
    district.policy_packs = ["xuhui-2026", "xuhui-backbone-2023"]
    district.save(update_fields=["policy_packs"])
    return training_world


def _sessions(world: World, attendees: list[list[Teacher]]) -> None:
    for index, teachers in enumerate(attendees):
        district_session(
            world, "A", teachers, day=dt.date(2024, 10 + index, 9), layer="backbone",
            title=f"区级骨干集中培训（第{index + 1}次）",
        )  # fmt: skip


def test_xb23_credit_offsets_recognised_for_those_who_completed_the_training(
    backbone_a: World,
) -> None:
    """XB23-CREDIT: 完成区级骨干集中培训任务，经认定可冲抵区级“知识与技能类”培训3学分 — everyone
    who attended all the centralised sessions has the offset: partly met until the last
    one is recognised; who missed a session has not completed and is not counted."""
    a, b, c = backbone_a.schools["A1"].teachers
    _sessions(backbone_a, [[a, b, c], [a, b], [a, b]])
    leader = backbone_a.user("A1.leader")
    before = outcome(backbone_a, "A", "A1", "XB23-CREDIT")
    assert before.status == "not_met"
    assert before.value == "0/2 名已认定冲抵（0%）"
    assert before.missing[0] == (
        f"{a.name}：已完成区级骨干集中培训（参加 3/3 次（12.0 学时）），"
        "尚未认定冲抵“知识与技能类”3 学分"
    )
    offset = services.credit_offset_recognise(teacher=a, school_year=2024, actor=leader)
    assert (offset.credits, offset.category) == (Decimal(3), "知识与技能类")
    partly = outcome(backbone_a, "A", "A1", "XB23-CREDIT")
    assert (partly.status, partly.value) == ("partly_met", "1/2 名已认定冲抵（50%）")
    assert partly.evidence == [{"type": "credit_offset", "id": offset.pk, "label": a.name}]
    services.credit_offset_recognise(teacher=b, school_year=2025, actor=leader)
    assert outcome(backbone_a, "A", "A1", "XB23-CREDIT").status == "met"
    assert outcome(backbone_a, "A", "A2", "XB23-CREDIT").status == "not_applicable"


def test_xb23_credit_once_per_teacher_in_the_cohort_and_only_after_completing(
    backbone_a: World,
) -> None:
    """XB23-CREDIT: once per teacher per cohort (not once a year), for a school year of the
    cohort, and never for a teacher who missed a centralised session."""
    from django.core.exceptions import ValidationError

    a, b, _c = backbone_a.schools["A1"].teachers
    _sessions(backbone_a, [[a, b], [a]])
    leader = backbone_a.user("A1.leader")
    services.credit_offset_recognise(teacher=a, school_year=2024, actor=leader)
    with pytest.raises(ValidationError, match="本届培养期内只认定一次") as again:
        services.credit_offset_recognise(teacher=a, school_year=2025, actor=leader)
    assert "2024学年" in str(again.value)
    with pytest.raises(ValidationError, match="参加 1/2 次") as incomplete:
        services.credit_offset_recognise(teacher=b, school_year=2025, actor=leader)
    assert incomplete.value.message_dict["teacher"][0].endswith("不能认定冲抵。")
    with pytest.raises(ValidationError) as outside:
        services.credit_offset_recognise(teacher=a, school_year=2026, actor=leader)
    assert "2023—2025 学年" in outside.value.message_dict["school_year"][0]
    assert CreditOffset.objects.count() == 1


def test_xb23_credit_before_the_training_phase_ends_nobody_has_completed(
    backbone_a: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """XB23-CREDIT: the centralised training runs to 2026-01-31 (the plan's schedule, a
    parameter): before that it cannot be completed — not yet due, and no offset."""
    from django.core.exceptions import ValidationError

    a = backbone_a.schools["A1"].teachers[0]
    _sessions(backbone_a, [[a]])
    mid = outcome(backbone_a, "A", "A1", "XB23-CREDIT", as_of=dt.date(2025, 12, 2))
    assert mid.status == "not_yet_due"
    assert "2026-01-31 结束" in mid.note
    monkeypatch.setattr("apps.training.services.credits.today", lambda: dt.date(2025, 12, 2))
    with pytest.raises(ValidationError, match="完成后方可认定"):
        services.credit_offset_recognise(
            teacher=a, school_year=2025, actor=backbone_a.user("A1.leader")
        )


# --------------------------------------------------------------------------- query counts


def _more_schools(world: World, district_key: str, count: int) -> list[School]:
    """`count` more schools in the district, each with two homeroom teachers of 2025 who
    answered a survey, have pre-service and backbone hours and are new homeroom teachers."""
    district = world.districts[district_key]
    admin = world.user(f"{district_key}.admin")
    made = []
    base = School.objects.filter(district=district).count()
    for n in range(base, base + count):
        school = School.objects.create(
            district=district, code=f"extra-{district_key}-{n}", name=f"加{n}校",
            school_type=SchoolType.PRIMARY,
        )  # fmt: skip
        teachers = [
            Teacher.objects.create(
                school=school,
                district=district,
                employee_no=f"X{n}-{i}",
                name=f"乙{n}{i}",
                gender="F",
                homeroom_since=dt.date(2025, 9, 1),
            )
            for i in (1, 2)
        ]
        for i, teacher in enumerate(teachers):
            school_class = SchoolClass.objects.create(
                school=school, district=district, school_year=YEAR, grade=1 + i, name="一班"
            )
            HomeroomAssignment.objects.create(
                school=school, district=district, teacher=teacher, school_class=school_class,
                school_year=YEAR, role=AssignmentRole.HOMEROOM,
            )  # fmt: skip
        survey = Survey.objects.create(
            district=district, school=school, title="需求调研", questions=QUESTIONS,
            created_by=admin,
        )  # fmt: skip
        Survey.objects.filter(pk=survey.pk).update(
            created_at=dt.datetime(2025, 9, 20, 10, tzinfo=dt.UTC)
        )
        _answer(survey, *teachers)
        for layer, day in (("pre_service", dt.date(2025, 9, 5 + n % 20)), ("backbone", None)):
            district_session(
                world, district_key, teachers, day=day or dt.date(2024, 11, 1 + n % 20),
                layer=layer,
            )  # fmt: skip
        made.append(school)
    return made


@pytest.mark.parametrize(
    ("district_key", "packs", "code"),
    [
        ("A", ["putuo-2024"], "PT24-NEEDS"),
        ("A", ["putuo-2024"], "PT24-HOURS"),
        ("A", ["xuhui-2026", "xuhui-backbone-2023"], "XB23-CREDIT"),
        ("B", ["lishui-2015"], "LS15-NEW-HOURS"),
        ("B", ["lishui-2015"], "LS15-LAYERS"),
        ("B", ["lishui-2015"], "LS15-YEAR-HOURS"),
    ],
)
def test_computed_training_indicators_take_a_few_queries_for_any_number_of_schools(
    training_world: World, district_key: str, packs: list[str], code: str
) -> None:
    """PT24-NEEDS, PT24-HOURS, XB23-CREDIT, LS15-NEW-HOURS, LS15-LAYERS, LS15-YEAR-HOURS:
    set-based — the number of queries does not grow with the schools."""
    district = training_world.districts[district_key]
    district.policy_packs = packs
    district.save(update_fields=["policy_packs"])
    indicator = Indicator.objects.filter(code=code).order_by("-pack__version").first()
    assert indicator is not None
    values = pack_data.resolved_parameters(district, pack_data.active_packs(district))
    params = pack_data.resolve(indicator.params, values[indicator.pack.code])
    ctx = Context(district=district, school_year=YEAR, period=school_year(YEAR), as_of=END)

    def queries(schools: list[School]) -> int:
        with CaptureQueriesContext(connection) as captured:
            results = get(indicator.evaluator).func(ctx, indicator, params, schools)
        assert set(results) == {s.pk for s in schools}
        return len(captured)

    few = queries(_more_schools(training_world, district_key, 2))
    _more_schools(training_world, district_key, 6)
    assert queries(list(School.objects.filter(district=district))) == few
