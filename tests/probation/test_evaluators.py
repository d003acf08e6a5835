"""XH26-A1-1 and XH26-A1-3 from the trainees' records (issue 13 §10): met, partly met,
not met, not yet due and no data, each with what the school is told; a few queries for
any number of schools."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.compliance import engine
from apps.compliance import packs as pack_data
from apps.compliance.models import Indicator, ResultStatus
from apps.compliance.registry import Context, Outcome, get
from apps.core.schoolyear import school_year, today
from apps.people.models import AssignmentRole, HomeroomAssignment, Teacher
from apps.probation import services
from apps.probation.models import Trainee
from apps.tenancy.models import School
from tests.personas import World
from tests.probation.support import (
    START,
    YEAR,
    all_hours,
    deputy_practice,
    graduate,
    new_teacher,
    on_xuhui,
    trainee,
)


@pytest.fixture
def xuhui(world: World) -> World:
    return on_xuhui(world)


def _outcome(world: World, school_key: str, code: str) -> Outcome:
    district = world.districts[school_key[0]]
    schools = list(School.objects.filter(district=district).order_by("code"))
    rows = engine.evaluate(district=district, school_year=YEAR, schools=schools, as_of=today())
    school = world.schools[school_key].school
    return next(r.outcome for r in rows if r.indicator.code == code and r.school_id == school.pk)


def _appointed(world: World, key: str, n: int) -> Trainee:
    t = trainee(world, key, n)
    all_hours(world, t)
    deputy_practice(world, key, t)
    graduate(world, key, t)
    return services.trainee_appoint(
        trainee=t, actor=world.user(f"{key}.leader"), school_class=world.schools[key].classes[1],
        appointed_on=START + dt.timedelta(days=70),
    )  # fmt: skip


def _overdue(world: World, key: str, n: int) -> Trainee:
    """A probation begun a year and more ago, never appointed: past its planned end."""
    return trainee(world, key, n, started_on=START.replace(year=START.year - 1))


def test_xh26_a1_1_met_when_every_probation_due_ended_in_appointment(xuhui: World) -> None:
    """XH26-A1-1: one trainee appointed after passing, one still in probation — met; the
    running one is named with what it still needs, not counted as short."""
    _appointed(xuhui, "A1", 1)
    trainee(xuhui, "A1", 2)
    outcome = _outcome(xuhui, "A1", "XH26-A1-1")
    assert outcome.status == ResultStatus.MET
    assert "完成见习并考核合格后聘任 1 人；见习中 1 人" in outcome.value
    (line,) = outcome.missing
    assert line.startswith("见习A12（见习中，") and "专项微专业培训 0/32 学时" in line


def test_xh26_a1_1_partly_met_names_a_first_post_without_probation(xuhui: World) -> None:
    """XH26-A1-1: a teacher whose first homeroom post began this year with no probation
    is short, beside an appointed trainee."""
    _appointed(xuhui, "A1", 1)
    sd = xuhui.schools["A1"]
    bypass = new_teacher(xuhui, "A1", 3)
    Teacher.objects.filter(pk=bypass.pk).update(homeroom_since=START + dt.timedelta(days=14))
    HomeroomAssignment.objects.filter(school_class=sd.classes[0], role="homeroom").delete()
    HomeroomAssignment.objects.create(
        school=sd.school, district_id=sd.school.district_id, teacher=bypass,
        school_class=sd.classes[0], school_year=YEAR, role=AssignmentRole.HOMEROOM,
    )  # fmt: skip
    outcome = _outcome(xuhui, "A1", "XH26-A1-1")
    assert outcome.status == ResultStatus.PARTLY_MET
    assert f"见习A13：未经见习即担任班主任（{START + dt.timedelta(days=14):%Y-%m-%d} 起）" in (
        outcome.missing
    )


def test_xh26_a1_1_not_met_when_a_probation_ran_out_unappointed(xuhui: World) -> None:
    """XH26-A1-1: a probation past its planned end and not appointed, and nothing done."""
    _overdue(xuhui, "A2", 1)
    outcome = _outcome(xuhui, "A2", "XH26-A1-1")
    assert outcome.status == ResultStatus.NOT_MET
    assert outcome.missing[0].startswith(f"见习A21：见习期已于 {START:%Y-%m-%d} 期满仍未聘任")


def test_xh26_a1_1_not_yet_due_while_every_probation_runs(xuhui: World) -> None:
    trainee(xuhui, "B1", 1)
    outcome = _outcome(xuhui, "B1", "XH26-A1-1")
    assert outcome.status == ResultStatus.NOT_YET_DUE
    assert "见习中 1 人" in outcome.value


def test_xh26_a1_1_no_data_without_trainees_or_new_homeroom_teachers(xuhui: World) -> None:
    outcome = _outcome(xuhui, "B2", "XH26-A1-1")
    assert outcome.status == ResultStatus.NO_DATA
    assert "见习管理" in outcome.note


def test_xh26_a1_3_mentors_with_the_packs_years(xuhui: World) -> None:
    """XH26-A1-3 (XH26-PROB-MENTOR, 5 years a marked reading): a trainee with no mentor
    and one with a mentor short of the years are named; all qualified is met; no open
    probation is not applicable."""
    trainee(xuhui, "A1", 1)
    trainee(xuhui, "A1", 2, mentor=None)
    trainee(xuhui, "A2", 1)
    weak = trainee(xuhui, "B1", 1)
    Teacher.objects.filter(pk=weak.mentor_id).update(homeroom_since=dt.date(2024, 9, 1))
    partly = _outcome(xuhui, "A1", "XH26-A1-3")
    assert partly.status == ResultStatus.PARTLY_MET
    assert partly.missing == ["见习A12：未指定指导教师"]
    assert "解释" in partly.target
    assert _outcome(xuhui, "A2", "XH26-A1-3").status == ResultStatus.MET
    not_met = _outcome(xuhui, "B1", "XH26-A1-3")
    assert not_met.status == ResultStatus.NOT_MET
    assert not_met.missing[0].startswith("见习B11：指导教师甲B13担任班主任不满5 年")
    assert _outcome(xuhui, "B2", "XH26-A1-3").status == ResultStatus.NOT_APPLICABLE


@pytest.mark.parametrize("code", ["XH26-A1-1", "XH26-A1-3"])
def test_probation_indicators_take_a_few_queries_for_any_number_of_schools(
    xuhui: World, code: str
) -> None:
    """XH26-A1-1, XH26-A1-3: set-based — the queries do not grow with schools or trainees."""
    district = xuhui.districts["A"]
    indicator = Indicator.objects.filter(code=code).order_by("-pack__version").first()
    assert indicator is not None
    values = pack_data.resolved_parameters(district, pack_data.active_packs(district))
    params = pack_data.resolve(indicator.params, values[indicator.pack.code])

    def queries(schools: list[School]) -> int:
        ctx = Context(district=district, school_year=YEAR, period=school_year(YEAR), as_of=today())
        with CaptureQueriesContext(connection) as captured:
            results = get(indicator.evaluator).func(ctx, indicator, params, schools)
        assert set(results) == {s.pk for s in schools}
        return len(captured)

    trainee(xuhui, "A1", 1)
    few = queries([xuhui.schools["A1"].school])
    for n in (2, 3):
        trainee(xuhui, "A1", n)
        trainee(xuhui, "A2", n)
    assert queries([xuhui.schools["A1"].school, xuhui.schools["A2"].school]) == few
