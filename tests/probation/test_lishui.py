"""lishui-2015 from the school's records: the post's conditions on every assignment path
with the recorded exception (LS15-ELIGIBLE), the home visits per class
(LS15-HOMEVISIT), deputies of excellent homeroom teachers (LS15-DEPUTY), the
homeroom-years list of the veto (LS15-VETO), and LS15-NEW-HOURS still computed."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from apps.compliance import packs as pack_data
from apps.compliance.models import Indicator
from apps.compliance.registry import Context, get
from apps.core.models import JobState
from apps.core.schoolyear import school_year, today
from apps.people import services as people_services
from apps.people.models import HomeroomAssignment, SchoolClass, Teacher
from apps.probation.selectors.eligibility import home_visit_summary
from apps.probation.services import eligibility_exception_record, home_visit_add
from apps.tenancy.models import School, SchoolType
from tests.personas import World
from tests.support.xlsx import class_row, roster_file

from .conftest import EXPERT, HOMEROOM, YEAR, outcome, post, teacher

NO_CERT = "未持有中小学心理健康教育C级及以上教师资格证"
YEAR_END = school_year(YEAR).end


def _qualified(t: Teacher) -> Teacher:
    Teacher.objects.filter(pk=t.pk).update(psych_certificate="B")
    t.refresh_from_db()
    return t


# --------------------------------------------------------------------------- the guard


def test_ls15_eligible_guard_refuses_on_the_service_form_api_and_import(
    probation_world: World, client_for: Any
) -> None:
    """LS15-ELIGIBLE: a teacher without the certificate is refused as homeroom teacher
    on every path, the condition named; nothing is saved."""
    sd = probation_world.schools["B1"]
    before = HomeroomAssignment.objects.count()
    with pytest.raises(ValidationError) as refused:
        people_services.assignment_create(
            school=sd.school, teacher=sd.teachers[2], school_class=sd.classes[1], role=HOMEROOM
        )
    assert NO_CERT in refused.value.message_dict["teacher"][0]
    client = client_for("B1.leader")
    form = {"school_class": sd.classes[1].pk, "teacher": sd.teachers[2].pk, "role": HOMEROOM}
    page = client.post(reverse("people:assignment_create", args=[sd.school.pk]), form)
    assert page.status_code == 200 and NO_CERT in page.content.decode()
    api = client.post(
        f"/api/v1/schools/{sd.school.pk}/assignments/", form, content_type="application/json"
    )
    assert api.status_code == 400 and NO_CERT in api.content.decode()
    data = roster_file(
        classes=[class_row(YEAR, "三年级", "9班", 班主任工号=sd.teachers[2].employee_no)]
    )
    job = people_services.roster_import_start(
        school=sd.school, actor=probation_world.user("B1.leader"), file_name="r.xlsx", data=data
    )
    people_services.roster_import_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.state == JobState.FAILED and NO_CERT in job.errors[0]["message"]
    assert HomeroomAssignment.objects.count() == before


def test_ls15_eligible_exception_lets_the_post_through_and_shows(probation_world: World) -> None:
    """LS15-ELIGIBLE (原则上): a recorded exception with its reason lets the post through;
    the result is partly met with the teacher shown as 例外任用（原因…）, never met."""
    sd = probation_world.schools["B1"]
    _qualified(sd.teachers[0])  # the persona homeroom teacher of classes[0]
    leader = probation_world.user("B1.leader")
    with pytest.raises(ValidationError) as no_reason:
        eligibility_exception_record(
            school=sd.school, actor=leader, teacher=sd.teachers[2], school_year=YEAR, reason=" "
        )
    assert "请填写例外任用的原因" in no_reason.value.message_dict["reason"][0]
    eligibility_exception_record(
        school=sd.school,
        actor=leader,
        teacher=sd.teachers[2],
        school_year=YEAR,
        reason="学科紧缺，已报名心理健康教育C证培训",
    )
    people_services.assignment_create(
        school=sd.school, teacher=sd.teachers[2], school_class=sd.classes[1], role=HOMEROOM
    )
    found = outcome(probation_world, "B1", "LS15-ELIGIBLE")
    assert found.status == "partly_met"
    assert found.value == "符合任职条件 1/2 人；例外任用 1 人"
    assert any(
        m.startswith(f"{sd.teachers[2].name}：例外任用（原因：学科紧缺") for m in found.missing
    )


def test_ls15_eligible_met_and_not_met(probation_world: World) -> None:
    """LS15-ELIGIBLE: the persona homeroom teacher has no certificate (not met, the
    condition named); with a B certificate and 14 years of teaching, met."""
    sd = probation_world.schools["B1"]
    found = outcome(probation_world, "B1", "LS15-ELIGIBLE")
    assert found.status == "not_met"
    assert found.missing == [f"{sd.teachers[0].name}：{NO_CERT}"]
    _qualified(sd.teachers[0])
    assert outcome(probation_world, "B1", "LS15-ELIGIBLE").status == "met"


def test_ls15_eligible_guard_only_where_the_pack_holds_it(probation_world: World) -> None:
    """LS15-ELIGIBLE: district A (xuhui-2026) has no such condition — the same teacher
    is taken there."""
    sd = probation_world.schools["A1"]
    people_services.assignment_create(
        school=sd.school, teacher=sd.teachers[2], school_class=sd.classes[1], role=HOMEROOM
    )


# --------------------------------------------------------------------------- home visits


def _students(sd: Any, *counts: int) -> list[SchoolClass]:
    for school_class, n in zip(sd.classes, counts, strict=True):
        SchoolClass.objects.filter(pk=school_class.pk).update(student_count=n)
        school_class.refresh_from_db()
    return list(sd.classes)


def test_ls15_homevisit_per_class_met_partly_not_met_and_not_yet_due(
    probation_world: World,
) -> None:
    """LS15-HOMEVISIT: each class's homes visited against its students; after the school
    year: none visited → not met, one class → partly met, both → met; before the year's
    end a shortfall is not yet due."""
    sd = probation_world.schools["B1"]
    first, second = _students(sd, 3, 2)
    leader = probation_world.user("B1.leader")
    assert outcome(probation_world, "B1", "LS15-HOMEVISIT", as_of=YEAR_END).status == "not_met"
    home_visit_add(school=sd.school, actor=leader, school_class=first, date=today(), homes=2)
    home_visit_add(school=sd.school, actor=leader, school_class=first, date=today(), homes=1)
    found = outcome(probation_world, "B1", "LS15-HOMEVISIT", as_of=YEAR_END)
    assert found.status == "partly_met"
    assert found.missing == [f"{second}：已家访 0/2 户"]
    early = outcome(probation_world, "B1", "LS15-HOMEVISIT", as_of=YEAR_END - dt.timedelta(days=30))
    assert early.status == "not_yet_due"
    home_visit_add(school=sd.school, actor=leader, school_class=second, date=today(), homes=2)
    assert outcome(probation_world, "B1", "LS15-HOMEVISIT", as_of=YEAR_END).status == "met"
    assert home_visit_summary(schools=[sd.school], school_year=YEAR)[sd.school.pk] == {
        "classes": 2,
        "covered": 2,
        "homes": 5,
        "students": 5,
        "records": 3,
    }


def test_ls15_homevisit_refuses_bad_input_in_chinese(probation_world: World) -> None:
    """LS15-HOMEVISIT: more homes than students, zero homes, another school's class, a
    future date — refused naming the field."""
    sd = probation_world.schools["B1"]
    first, _second = _students(sd, 3, 2)
    leader = probation_world.user("B1.leader")
    with pytest.raises(ValidationError) as bad:
        home_visit_add(
            school=sd.school,
            actor=leader,
            school_class=first,
            homes=4,
            date=today() + dt.timedelta(days=1),
        )
    assert "不能超过" in bad.value.message_dict["homes"][0]
    assert "不能晚于今天" in bad.value.message_dict["date"][0]
    foreign = probation_world.schools["B2"].classes[0]
    with pytest.raises(ValidationError) as other:
        home_visit_add(school=sd.school, actor=leader, school_class=foreign, homes=0, date=today())
    assert "请选择本校的班级" in other.value.message_dict["school_class"][0]
    assert "至少为 1" in other.value.message_dict["homes"][0]


def test_ls15_homevisit_page_adds_and_exports(probation_world: World, client_for: Any) -> None:
    """LS15-HOMEVISIT: the leader records a visit on the page; 导出 Excel lists it."""
    sd = probation_world.schools["B1"]
    first, _second = _students(sd, 3, 2)
    client = client_for("B1.leader")
    url = reverse("probation:home_visits", args=[sd.school.pk])
    done = client.post(url, {"school_class": first.pk, "date": today().isoformat(), "homes": 2})
    assert done.status_code == 302
    page = client.get(url).content.decode()
    assert "未覆盖" in page
    sheet = load_workbook(io.BytesIO(client.get(url, {"format": "xlsx"}).content)).active
    assert sheet is not None
    assert [c.value for c in sheet[2]][1:3] == [str(first), 2]


# --------------------------------------------------------------------------- deputy, veto


def test_ls15_deputy_excellent_homeroom_teachers_have_a_deputy(probation_world: World) -> None:
    """LS15-DEPUTY: the persona homeroom teacher (homeroom since 2014: excellent by the
    pack's reading of 5 years) has a deputy on the class — met; a second excellent one
    without a deputy makes it partly met; none with a deputy, not met."""
    sd = probation_world.schools["B1"]
    for t in sd.teachers:
        _qualified(t)
    assert outcome(probation_world, "B1", "LS15-DEPUTY").status == "met"
    post(sd, sd.teachers[2], HOMEROOM, sd.classes[1])
    found = outcome(probation_world, "B1", "LS15-DEPUTY")
    assert found.status == "partly_met"
    assert found.missing == [f"{sd.teachers[2].name}（{sd.classes[1]}）：未配副班主任"]
    sd.assignments[1].delete()
    assert outcome(probation_world, "B1", "LS15-DEPUTY").status == "not_met"


def test_ls15_deputy_not_applicable_without_excellent_teachers(probation_world: World) -> None:
    """LS15-DEPUTY: no homeroom teacher with the pack's years — not applicable."""
    Teacher.objects.filter(school=probation_world.schools["B1"].school).update(
        homeroom_since=today() - dt.timedelta(days=400)
    )
    assert outcome(probation_world, "B1", "LS15-DEPUTY").status == "not_applicable"


def test_ls15_veto_lists_short_teachers_and_never_fails_the_school(
    probation_world: World, client_for: Any
) -> None:
    """LS15-VETO: a teacher with no homeroom years is listed (their promotion would be
    vetoed); the school is not 未达标 for it; the exceptions page shows the list."""
    sd = probation_world.schools["B1"]
    newcomer = teacher(sd, 1, homeroom_since=None)
    found = outcome(probation_world, "B1", "LS15-VETO")
    assert found.status == "not_applicable"
    assert found.value == "班主任工作经历不满 1 年的教师 1 人"
    assert [e["label"] for e in found.evidence] == [f"{newcomer.name}：班主任工作 0 年"]
    page = client_for("B1.leader").get(reverse("probation:exceptions", args=[sd.school.pk]))
    assert page.status_code == 200
    assert f"{newcomer.name}：班主任工作 0 年" in page.content.decode()


def test_ls15_new_hours_is_still_computed_by_training(probation_world: World) -> None:
    """LS15-NEW-HOURS: computed by training's evaluator (not waiting for a module), over
    the 上岗培训 layer — which counts the probation's 8+32+X buckets too."""
    indicator = Indicator.objects.filter(code="LS15-NEW-HOURS").order_by("-pack__version").first()
    assert indicator is not None and indicator.evaluator == "training.new_homeroom_hours"
    district = probation_world.districts["B"]
    values = pack_data.resolved_parameters(district, pack_data.active_packs(district))
    assert pack_data.resolve(indicator.params, values["lishui-2015"])["layers"] == ["上岗培训"]


# --------------------------------------------------------------------------- pages, API


def test_ls15_eligible_exceptions_page_and_api(probation_world: World, client_for: Any) -> None:
    """LS15-ELIGIBLE: the leader records an exception on the page (the reason required,
    in Chinese); the API lists it and refuses another school's teacher."""
    sd = probation_world.schools["B1"]
    client = client_for("B1.leader")
    url = reverse("probation:exceptions", args=[sd.school.pk])
    bad = client.post(url, {"teacher": sd.teachers[2].pk, "school_year": YEAR, "reason": ""})
    assert bad.status_code == 200 and "请填写例外任用原因" in bad.content.decode()
    done = client.post(
        url, {"teacher": sd.teachers[2].pk, "school_year": YEAR, "reason": "学科紧缺"}
    )
    assert done.status_code == 302
    api = f"/api/v1/schools/{sd.school.pk}/eligibility-exceptions/"
    assert [r["reason"] for r in client.get(api).json()["results"]] == ["学科紧缺"]
    foreign = probation_world.schools["B2"].teachers[2].pk
    refused = client.post(
        api,
        {"teacher": foreign, "school_year": YEAR, "reason": "x"},
        content_type="application/json",
    )
    assert refused.status_code == 400 and "不属于本校" in refused.content.decode()


# --------------------------------------------------------------------------- queries


@pytest.mark.parametrize("code", ["LS15-ELIGIBLE", "LS15-HOMEVISIT", "LS15-DEPUTY", "LS15-VETO"])
def test_ls15_evaluators_take_a_few_queries_for_any_number_of_schools(
    probation_world: World, code: str
) -> None:
    """LS15-ELIGIBLE, LS15-HOMEVISIT, LS15-DEPUTY, LS15-VETO: set-based."""
    district = probation_world.districts["B"]
    indicator = Indicator.objects.filter(code=code).order_by("-pack__version").first()
    assert indicator is not None
    values = pack_data.resolved_parameters(district, pack_data.active_packs(district))
    params = pack_data.resolve(indicator.params, values[indicator.pack.code])
    ctx = Context(district=district, school_year=YEAR, period=school_year(YEAR), as_of=YEAR_END)

    def more(count: int) -> list[School]:
        made = []
        for n in range(count):
            school = School.objects.create(
                district=district,
                code=f"ls-{n}-{School.objects.count()}",
                name=f"丽{n}校",
                school_type=SchoolType.PRIMARY,
            )
            t = Teacher.objects.create(
                school=school,
                district=district,
                employee_no=f"L{n}",
                name=f"丽{n}",
                gender="F",
                homeroom_since=dt.date(2015, 9, 1),
            )
            c = SchoolClass.objects.create(
                school=school,
                district=district,
                school_year=YEAR,
                grade=1,
                name="1班",
                student_count=30,
            )
            HomeroomAssignment.objects.create(
                school=school,
                district=district,
                teacher=t,
                school_class=c,
                school_year=YEAR,
                role=HOMEROOM,
            )
            made.append(school)
        return made

    def queries(schools: list[School]) -> int:
        with CaptureQueriesContext(connection) as captured:
            results = get(indicator.evaluator).func(ctx, indicator, params, schools)
        assert set(results) == {s.pk for s in schools}
        return len(captured)

    few = queries(more(2))
    more(5)
    assert queries(list(School.objects.filter(district=district))) == few
    assert EXPERT  # the tracks' vocabulary is shared with the deputies' tests
