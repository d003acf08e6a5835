"""The probation API (issue 13 §11, XH26-PROB-HOURS, XH26-PROB-ASSESS): the school's
trainees with their progress, registering one (a Chinese error naming the field), the
appointment refused with the missing pieces, the school's assessments, the district's
graduation queue and the trainee's own probation."""

from __future__ import annotations

from django.urls import reverse
from rest_framework.test import APIClient

from apps.core.schoolyear import today
from apps.probation.models import Assessment, Trainee, TraineeStatus
from tests.personas import World

from .rows import own_probation, school_probation


def api(world: World, key: str) -> APIClient:
    client = APIClient()
    client.force_authenticate(world.user(key))
    return client


def test_xh26_prob_hours_the_list_carries_buckets_missing_and_next_step(world: World) -> None:
    sd = world.schools["A1"]
    rows = school_probation(sd)
    response = api(world, "A1.leader").get(reverse("api:trainee-list", args=[sd.school.pk]))
    assert response.status_code == 200
    found = {row["id"]: row for row in response.json()["results"]}
    stages = ("running", "ready", "deferred", "awaiting", "complete", "appointed")
    assert set(found) == {getattr(rows, stage).pk for stage in stages}
    running = found[rows.running.pk]
    assert [b["hours"] for b in running["buckets"]] == ["0.0", "0.0", "0.0"]
    assert running["buckets"][1]["target"] == "32.0"
    assert "专项微专业培训 0/32 学时" in running["missing"]
    assert running["next_step"].startswith("尚缺：")
    assert found[rows.ready.pk]["assessments"][0]["result"] == "合格"


def test_creating_a_trainee_of_a_homeroom_teacher_says_why_in_chinese(world: World) -> None:
    sd = world.schools["A1"]
    school_probation(sd)
    data = {"teacher": sd.teachers[0].pk, "started_on": str(today())}
    response = api(world, "A1.leader").post(
        reverse("api:trainee-list", args=[sd.school.pk]), data, format="json"
    )
    assert response.status_code == 400
    assert "已担任过班主任" in response.json()["teacher"][0]
    data["teacher"] = world.schools["A2"].teachers[2].pk  # another school's teacher
    response = api(world, "A1.leader").post(
        reverse("api:trainee-list", args=[sd.school.pk]), data, format="json"
    )
    assert response.status_code == 400 and "不属于本校" in response.json()["teacher"][0]
    data["teacher"] = sd.teachers[2].pk
    response = api(world, "A1.leader").post(
        reverse("api:trainee-list", args=[sd.school.pk]), data, format="json"
    )
    assert response.status_code == 201 and response.json()["status"] == "in_probation"


def test_xh26_prob_assess_appoint_refused_names_the_missing_pieces(world: World) -> None:
    sd = world.schools["A1"]
    rows = school_probation(sd)
    url = reverse("api:trainee-appoint", args=[sd.school.pk, rows.ready.pk])
    data = {"school_class": sd.classes[1].pk, "appointed_on": str(today())}
    response = api(world, "A1.leader").post(url, data, format="json")
    assert response.status_code == 400
    message = response.json()["status"][0]
    assert "不能正式聘任为班主任" in message and "区级结业考核尚未完成" in message
    url = reverse("api:trainee-appoint", args=[sd.school.pk, rows.complete.pk])
    response = api(world, "A1.leader").post(url, data, format="json")
    assert response.status_code == 200 and response.json()["status"] == "appointed"


def test_school_assessment_failed_needs_a_comment(world: World) -> None:
    sd = world.schools["A1"]
    rows = school_probation(sd)
    url = reverse("api:probation-assessment-list", args=[sd.school.pk])
    data = {"trainee": rows.running.pk, "level": "onduty_skills", "assessed_on": str(today()),
            "assessor_name": "王老师", "result": "failed"}  # fmt: skip
    response = api(world, "A1.leader").post(url, data, format="json")
    assert response.status_code == 400 and "考核意见" in str(response.json())
    data |= {"comment": "家校沟通需加强"}
    response = api(world, "A1.leader").post(url, data, format="json")
    assert response.status_code == 201
    assert Trainee.objects.get(pk=rows.running.pk).status == TraineeStatus.DEFERRED


def test_xh26_prob_assess_the_district_records_graduation_of_its_candidates(world: World) -> None:
    sd = world.schools["A1"]
    rows = school_probation(sd)
    school_probation(world.schools["B1"])
    url = reverse("api:graduation-candidate-list", args=[sd.school.district_id])
    listed = api(world, "A.reviewer").get(url).json()["results"]
    assert {row["id"] for row in listed} == {rows.awaiting.pk, rows.complete.pk}
    data = {"trainee": rows.awaiting.pk, "assessed_on": str(today()), "assessor_name": "区德研室",
            "result": "passed"}  # fmt: skip
    assert api(world, "A1.leader").post(url, data, format="json").status_code == 404
    foreign = school_probation(world.schools["B1"]).awaiting.pk
    response = api(world, "A.reviewer").post(url, data | {"trainee": foreign}, format="json")
    assert response.status_code == 400 and "trainee" in response.json()
    response = api(world, "A.reviewer").post(url, data, format="json")
    assert response.status_code == 201
    assert Assessment.objects.filter(trainee=rows.awaiting, level="district_graduation").exists()


def test_me_probation_is_the_callers_own(world: World) -> None:
    assert api(world, "A1.teacher").get(reverse("api:me-probation")).status_code == 404
    trainee = own_probation(world.schools["A1"])
    response = api(world, "A1.teacher").get(reverse("api:me-probation"))
    assert response.status_code == 200
    assert response.json()["trainee"]["id"] == trainee.pk
