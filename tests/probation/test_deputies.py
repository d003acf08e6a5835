"""Deputies on two tracks (XH26-DEPUTY, XH26-A2P-1.1…1.3): the training track's age limit
on every assignment path, the training path, the assessment through the kit's review
service, the expert track's case guidance, the loop train → assess → appoint, and the
three featured-project indicators (met, partly met, not met, not yet due)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.compliance import packs as pack_data
from apps.compliance.models import Indicator
from apps.compliance.registry import Context, get
from apps.core.schoolyear import school_year, today
from apps.people import services as people_services
from apps.people.models import HomeroomAssignment
from apps.probation.models import Trainee, TraineeStatus
from apps.probation.selectors.deputies import deputy_summary
from apps.probation.services import case_guidance_add, deputy_assess, deputy_path_add
from apps.tenancy.models import School, SchoolType
from tests.personas import World

from .conftest import EXPERT, HOMEROOM, TRAINING, YEAR, a_class, accepted, outcome, post, teacher

DEADLINE = dt.date(2026, 12, 31)  # the featured projects' pilot year (xuhui-2026 Appendix 2)
BEFORE, AFTER = DEADLINE - dt.timedelta(days=1), DEADLINE + dt.timedelta(days=15)
TOO_OLD = "超过培养型副班主任的年龄上限（35 周岁及以下）"


def _deputy(world: World, key: str = "A1") -> HomeroomAssignment:
    """The persona school's training-track deputy (teachers[1] on classes[0])."""
    return world.schools[key].assignments[1]


# --------------------------------------------------------------------------- the age guard


def test_xh26_deputy_training_track_age_bound_is_included(probation_world: World) -> None:
    """XH26-DEPUTY "35岁以下" includes 35: 35 on 1 September is taken, 36 is refused with
    the limit named; the expert track has no age limit."""
    sd = probation_world.schools["A1"]
    start = school_year(YEAR).start
    at_35 = teacher(sd, 1, birth_date=start.replace(year=start.year - 35))
    at_36 = teacher(sd, 2, birth_date=start.replace(year=start.year - 36))
    people_services.assignment_create(
        school=sd.school, teacher=at_35, school_class=sd.classes[1], role=TRAINING
    )
    with pytest.raises(ValidationError) as refused:
        people_services.assignment_create(
            school=sd.school, teacher=at_36, school_class=sd.classes[1], role=TRAINING
        )
    assert TOO_OLD in refused.value.message_dict["teacher"][0]
    assert "36 周岁" in refused.value.message_dict["teacher"][0]
    people_services.assignment_create(
        school=sd.school, teacher=at_36, school_class=sd.classes[1], role=EXPERT
    )


def test_xh26_deputy_age_is_refused_by_the_form_and_the_api(
    probation_world: World, client_for: Any
) -> None:
    """XH26-DEPUTY: the roster form and the API refuse a training-track deputy over the
    age with the same message; nothing is saved."""
    sd = probation_world.schools["A1"]
    old = sd.teachers[2]  # born 1990: over 35 this school year
    client = client_for("A1.leader")
    before = HomeroomAssignment.objects.count()
    page = client.post(
        reverse("people:assignment_create", args=[sd.school.pk]),
        {"school_class": sd.classes[1].pk, "teacher": old.pk, "role": TRAINING},
    )
    assert page.status_code == 200
    assert TOO_OLD in page.content.decode()
    api = client.post(
        f"/api/v1/schools/{sd.school.pk}/assignments/",
        {"school_class": sd.classes[1].pk, "teacher": old.pk, "role": TRAINING},
        content_type="application/json",
    )
    assert api.status_code == 400
    assert TOO_OLD in api.content.decode()
    assert HomeroomAssignment.objects.count() == before


def test_xh26_deputy_age_is_refused_by_the_roster_import(probation_world: World) -> None:
    """XH26-DEPUTY: the roster import names the row and the limit, and saves nothing."""
    from apps.core.models import JobState
    from tests.support.xlsx import class_row, roster_file

    sd = probation_world.schools["A1"]
    old = sd.teachers[2]
    data = roster_file(
        classes=[
            class_row(YEAR, "三年级", "9班", 副班主任工号=old.employee_no, 副班主任类型="培养型")
        ]
    )
    before = HomeroomAssignment.objects.count()
    job = people_services.roster_import_start(
        school=sd.school, actor=probation_world.user("A1.leader"), file_name="r.xlsx", data=data
    )
    people_services.roster_import_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.state == JobState.FAILED
    assert job.errors[0]["column"] == "副班主任工号"
    assert TOO_OLD in job.errors[0]["message"]
    assert HomeroomAssignment.objects.count() == before


# --------------------------------------------------------------------------- records


def test_xh26_deputy_assessment_goes_through_the_kits_review(probation_world: World) -> None:
    """XH26-DEPUTY: a path comes first; 不合格 needs a comment; nobody assesses their own
    deputy record; 合格 shows on the loop."""
    sd = probation_world.schools["A1"]
    leader = probation_world.user("A1.leader")
    deputy = _deputy(probation_world)
    with pytest.raises(ValidationError) as no_path:
        deputy_assess(assignment=deputy, actor=leader, assessed_on=today(), passed=True)
    assert "请先登记该副班主任的培养记录" in no_path.value.message_dict["assessed_on"][0]
    deputy_path_add(assignment=deputy, actor=leader, date=today(), item="跟班见习一周")
    with pytest.raises(ValidationError) as no_comment:
        deputy_assess(assignment=deputy, actor=leader, assessed_on=today(), passed=False)
    assert "请填写考核意见" in no_comment.value.message_dict["comment"][0]
    sd.teachers[1].user = leader
    sd.teachers[1].save(update_fields=["user"])
    deputy.teacher.refresh_from_db()
    with pytest.raises(PermissionDenied, match="不能考核本人"):
        deputy_assess(assignment=deputy, actor=leader, assessed_on=today(), passed=True)


def test_xh26_deputy_records_refuse_bad_input_in_chinese(probation_world: World) -> None:
    """XH26-DEPUTY: a future date, an empty item, a case on the training track, a
    control character — each refused naming its field, nothing saved."""
    leader = probation_world.user("A1.leader")
    deputy = _deputy(probation_world)
    later = today() + dt.timedelta(days=3)
    with pytest.raises(ValidationError) as bad:
        deputy_path_add(assignment=deputy, actor=leader, date=later, item=" ")
    assert "不能晚于今天" in bad.value.message_dict["date"][0]
    assert "请填写培养内容" in bad.value.message_dict["item"][0]
    with pytest.raises(ValidationError) as wrong_track:
        case_guidance_add(
            assignment=deputy, actor=leader, date=today(), case_type="crisis", advice="a\x00"
        )
    assert "只适用于专家型副班主任" in wrong_track.value.message_dict["assignment"][0]
    assert "指导意见" in wrong_track.value.message_dict["advice"][0]
    assert deputy_summary(schools=[deputy.school], school_year=YEAR)[deputy.school_id] == {
        "training": 1,
        "expert": 0,
        "with_path": 0,
        "passed": 0,
        "appointed": 0,
        "cases": 0,
    }


# --------------------------------------------------------------------------- A2P-1.1


def test_xh26_a2p_1_1_met_with_the_document_and_a_training_path(probation_world: World) -> None:
    """XH26-A2P-1.1: the accepted standard and a training-track deputy with a path."""
    sd = probation_world.schools["A1"]
    accepted(sd, "XH26-A2P-1.1")
    deputy_path_add(
        assignment=_deputy(probation_world), actor=probation_world.user("A1.leader"),
        date=today(), item="主持主题班会",
    )  # fmt: skip
    found = outcome(probation_world, "A1", "XH26-A2P-1.1", as_of=AFTER)
    assert found.status == "met"
    assert [p["label"] for p in found.parts] == [
        "青年教师副班主任培养路径及考核标准",
        "培养型副班主任的培养记录",
    ]
    assert found.parts[1]["value"] == "培养型副班主任 1 人，有培养记录 1 人"


def test_xh26_a2p_1_1_partly_met_and_not_yet_due(probation_world: World) -> None:
    """XH26-A2P-1.1: a deputy without a path is partly met after the pilot year, not yet
    due before it; the missing path is named."""
    accepted(probation_world.schools["A1"], "XH26-A2P-1.1")
    found = outcome(probation_world, "A1", "XH26-A2P-1.1", as_of=AFTER)
    assert found.status == "partly_met"
    assert "培养型副班主任 1 人，有培养记录的 0 人，至少 1 人" in found.missing
    assert outcome(probation_world, "A1", "XH26-A2P-1.1", as_of=BEFORE).status == "not_yet_due"


def test_xh26_a2p_1_1_not_met_without_document_or_deputy(probation_world: World) -> None:
    """XH26-A2P-1.1: no document and no training-track deputy: not met; a school outside
    the project: not applicable."""
    _deputy(probation_world).delete()
    found = outcome(probation_world, "A1", "XH26-A2P-1.1", as_of=AFTER)
    assert found.status == "not_met"
    assert "本学年尚未安排培养型副班主任" in found.missing
    School.objects.filter(pk=probation_world.schools["A2"].school.pk).update(featured_projects=[])
    assert outcome(probation_world, "A2", "XH26-A2P-1.1", as_of=AFTER).status == "not_applicable"


# --------------------------------------------------------------------------- A2P-1.2


def test_xh26_a2p_1_2_expert_case_guidance(probation_world: World) -> None:
    """XH26-A2P-1.2: an expert deputy without cases is partly met; with a case and the
    accepted mechanism, met; without an expert deputy or document, not met."""
    sd = probation_world.schools["A1"]
    assert outcome(probation_world, "A1", "XH26-A2P-1.2", as_of=AFTER).status == "not_met"
    expert = post(sd, sd.teachers[2], EXPERT)
    accepted(sd, "XH26-A2P-1.2")
    found = outcome(probation_world, "A1", "XH26-A2P-1.2", as_of=AFTER)
    assert found.status == "partly_met"
    assert "专家型副班主任 1 人，有个案指导记录的 0 人，至少 1 人" in found.missing
    case_guidance_add(
        assignment=expert, actor=probation_world.user("A1.leader"), date=today(),
        case_type="home_school", advice="先与家长单独沟通，再三方面谈。", outcome="矛盾缓解",
    )  # fmt: skip
    assert outcome(probation_world, "A1", "XH26-A2P-1.2", as_of=AFTER).status == "met"


# --------------------------------------------------------------------------- A2P-1.3


def test_xh26_a2p_1_3_closed_loop(probation_world: World) -> None:
    """XH26-A2P-1.3: trained → partly met naming the next step; assessed 合格 and then
    appointed after probation → met."""
    sd = probation_world.schools["A1"]
    leader = probation_world.user("A1.leader")
    deputy = _deputy(probation_world)
    accepted(sd, "XH26-A2P-1.3")
    assert outcome(probation_world, "A1", "XH26-A2P-1.3", as_of=AFTER).status == "partly_met"
    deputy_path_add(assignment=deputy, actor=leader, date=today(), item="跟班见习")
    found = outcome(probation_world, "A1", "XH26-A2P-1.3", as_of=AFTER)
    assert f"{deputy.teacher.name}（{YEAR}学年）：已培养，尚未考核" in found.missing
    deputy_assess(assignment=deputy, actor=leader, assessed_on=today(), passed=True)
    found = outcome(probation_world, "A1", "XH26-A2P-1.3", as_of=AFTER)
    assert f"{deputy.teacher.name}（{YEAR}学年）：考核合格，尚未聘任为班主任" in found.missing
    Trainee.objects.create(
        school=sd.school, district_id=sd.school.district_id, teacher=deputy.teacher,
        started_on=school_year(YEAR).start, planned_end_on=school_year(YEAR + 1).start,
        status=TraineeStatus.APPOINTED, appointed_on=today(), created_by=leader,
    )  # fmt: skip
    found = outcome(probation_world, "A1", "XH26-A2P-1.3", as_of=AFTER)
    assert found.status == "met"
    assert found.parts[1]["value"].startswith("完成“培养—考核—聘任”闭环 1 人")
    summary = deputy_summary(schools=[sd.school], school_year=YEAR)[sd.school.pk]
    assert (summary["with_path"], summary["passed"], summary["appointed"]) == (1, 1, 1)


def test_xh26_a2p_1_3_a_later_homeroom_post_closes_the_loop(probation_world: World) -> None:
    """XH26-A2P-1.3: a homeroom post in a later school year counts as the appointment;
    with no deputy record at all (and no document) the loop is not met."""
    sd = probation_world.schools["A2"]
    leader = probation_world.user("A2.leader")
    assert outcome(probation_world, "A2", "XH26-A2P-1.3", as_of=AFTER).status == "not_met"
    deputy = _deputy(probation_world, "A2")
    deputy_path_add(assignment=deputy, actor=leader, date=today(), item="跟班见习")
    deputy_assess(assignment=deputy, actor=leader, assessed_on=today(), passed=True)
    post(sd, deputy.teacher, HOMEROOM, a_class(sd, YEAR + 1, 3))
    accepted(sd, "XH26-A2P-1.3")
    assert outcome(probation_world, "A2", "XH26-A2P-1.3", as_of=AFTER).status == "met"


# --------------------------------------------------------------------------- queries


def _more_schools(world: World, count: int) -> list[School]:
    district = world.districts["A"]
    made = []
    for n in range(count):
        school = School.objects.create(
            district=district, code=f"dep-{n}-{School.objects.count()}", name=f"副{n}校",
            school_type=SchoolType.PRIMARY, featured_projects=["dual_track_deputy"],
        )  # fmt: skip
        made.append(school)
    return made


@pytest.mark.parametrize(
    ("code", "part"),
    [("XH26-A2P-1.1", 1), ("XH26-A2P-1.2", 1), ("XH26-A2P-1.3", 1), ("XH26-A1-4", 1)],
)
def test_xh26_deputy_parts_take_a_few_queries_for_any_number_of_schools(
    probation_world: World, code: str, part: int
) -> None:
    """XH26-A2P-1.1, 1.2, 1.3 and XH26-A1-4's reserve part: set-based."""
    district = probation_world.districts["A"]
    indicator = Indicator.objects.filter(code=code).order_by("-pack__version").first()
    assert indicator is not None
    values = pack_data.resolved_parameters(district, pack_data.active_packs(district))
    spec = pack_data.resolve(indicator.params, values[indicator.pack.code])["parts"][part]
    ctx = Context(district=district, school_year=YEAR, period=school_year(YEAR), as_of=AFTER)
    leader = probation_world.user("A1.leader")
    deputy_path_add(assignment=_deputy(probation_world), actor=leader, date=today(), item="见习")

    def queries(schools: list[School]) -> int:
        with CaptureQueriesContext(connection) as captured:
            results = get(spec["evaluator"]).func(ctx, indicator, spec["params"], schools)
        assert set(results) == {s.pk for s in schools}
        return len(captured)

    _more_schools(probation_world, 2)
    few = queries(list(School.objects.filter(district=district)))
    _more_schools(probation_world, 5)
    assert queries(list(School.objects.filter(district=district))) == few


# --------------------------------------------------------------------------- pages


def test_xh26_deputy_pages_show_the_loop_and_take_records(
    probation_world: World, client_for: Any
) -> None:
    """XH26-DEPUTY: the list shows each deputy's stage; the leader adds a path item on
    the deputy's page; a future date comes back in Chinese; a reviewer only reads."""
    sd = probation_world.schools["A1"]
    deputy = _deputy(probation_world)
    client = client_for("A1.leader")
    listing = client.get(reverse("probation:deputies", args=[sd.school.pk]))
    assert listing.status_code == 200
    body = listing.content.decode()
    assert deputy.teacher.name in body and "尚无培养记录" in body
    url = reverse("probation:deputy", args=[sd.school.pk, deputy.pk])
    later = (today() + dt.timedelta(days=2)).isoformat()
    bad = client.post(url, {"action": "path", "date": later, "item": "家访"})
    assert bad.status_code == 200 and "不能晚于今天" in bad.content.decode()
    done = client.post(url, {"action": "path", "date": today().isoformat(), "item": "家访三户"})
    assert done.status_code == 302
    assert "家访三户" in client.get(url).content.decode()
    reviewer = client_for("A.reviewer")
    assert reviewer.get(url).status_code == 200
    assert (
        reviewer.post(url, {"action": "path", "date": today().isoformat(), "item": "x"}).status_code
        == 404
    )


def test_xh26_deputy_api_lists_the_posts_with_their_loop(
    probation_world: World, client_for: Any
) -> None:
    """XH26-DEPUTY: the API lists the deputy posts with where the loop stands; case
    guidance is created for an expert post of the school only (Chinese 400 otherwise)."""
    sd = probation_world.schools["A1"]
    expert = post(sd, sd.teachers[2], EXPERT)
    client = client_for("A1.leader")
    rows = client.get(f"/api/v1/schools/{sd.school.pk}/deputies/").json()["results"]
    assert {(r["teacher"], r["track"], r["stage"]) for r in rows} == {
        (sd.teachers[1].pk, TRAINING, "尚无培养记录"),
        (sd.teachers[2].pk, EXPERT, "个案指导 0 次"),
    }
    url = f"/api/v1/schools/{sd.school.pk}/case-guidance/"
    foreign = probation_world.schools["A2"].assignments[1].pk
    refused = client.post(
        url, {"assignment": foreign, "date": today().isoformat(), "case_type": "crisis",
              "advice": "转介心理老师"}, content_type="application/json",
    )  # fmt: skip
    assert refused.status_code == 400 and "不属于本校" in refused.content.decode()
    made = client.post(
        url, {"assignment": expert.pk, "date": today().isoformat(), "case_type": "crisis",
              "advice": "转介心理老师"}, content_type="application/json",
    )  # fmt: skip
    assert made.status_code == 201
    detail = client.get(f"/api/v1/schools/{sd.school.pk}/deputies/{expert.pk}/").json()
    assert detail["cases"] == 1


def test_xh26_prob_assess_and_prob_mentor_are_computed_not_waiting(probation_world: World) -> None:
    """XH26-PROB-ASSESS (XH26-A1-1) and XH26-PROB-MENTOR (XH26-A1-3) are computed by
    probation now, not waiting for a module: with no trainee the school is told to record
    its probations, and there is no open probation to need a mentor."""
    completion = outcome(probation_world, "A1", "XH26-A1-1")
    assert completion.status == "no_data" and "见习管理" in completion.note
    assert "模块上线后" not in completion.note
    assert outcome(probation_world, "A1", "XH26-A1-3").status == "not_applicable"
