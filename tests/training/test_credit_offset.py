"""XB23-CREDIT: completing the district backbone centralised training, once recognised
(经认定), offsets 3 district credits (the xuhui-backbone-2023 pack's number) — and counts
towards XH26-A2-3's district-designated credits."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from apps.compliance import engine
from apps.people.models import AssignmentRole, HomeroomAssignment, SchoolClass
from apps.tenancy.models import School
from apps.training import selectors, services
from apps.training.models import CreditOffset
from tests.personas import World

YEAR = 2025


@pytest.fixture
def backbone_world(training_world: World) -> World:
    district = training_world.districts["A"]
    district.policy_packs = ["xuhui-2026", "xuhui-backbone-2023"]
    district.save(update_fields=["policy_packs"])
    sd = training_world.schools["A1"]
    activity = services.activity_create(
        district=district,
        school=None,
        actor=training_world.user("A.admin"),
        title="区级骨干班主任集中培训",
        topic="骨干班主任的课题研究方法",
        date=dt.date(2025, 10, 20),
        hours=Decimal(12),
        form="lecture",
        credit_class="lecture",
        layer="backbone",
        organiser_level="district",
    )
    services.attendance_record(
        activity=activity, teachers=[sd.teachers[0]], actor=training_world.user("A.admin")
    )
    return training_world


def test_the_leader_recognises_the_offset_once(backbone_world: World) -> None:
    sd = backbone_world.schools["A1"]
    leader = backbone_world.user("A1.leader")
    assert selectors.offset_candidates(school=sd.school, school_year=YEAR)[0]["offset"] is None
    offset = services.credit_offset_recognise(
        teacher=sd.teachers[0], school_year=YEAR, actor=leader
    )
    assert offset.credits == Decimal(3)  # xuhui-backbone-2023 training_credit_offset
    assert selectors.offset_candidates(school=sd.school, school_year=YEAR)[0]["offset"] == Decimal(
        3
    )
    with pytest.raises(ValidationError, match="已认定过"):
        services.credit_offset_recognise(teacher=sd.teachers[0], school_year=YEAR, actor=leader)
    with pytest.raises(ValidationError, match="没有区级骨干集中培训"):
        services.credit_offset_recognise(teacher=sd.teachers[1], school_year=YEAR, actor=leader)
    progress = selectors.teacher_progress(teacher=sd.teachers[0], school_year=YEAR)
    assert progress["credits"] == Decimal(1) + Decimal(3)  # 12 lecture hours → 1, plus the offset


def test_the_offset_counts_towards_xh26_a2_3(backbone_world: World) -> None:
    sd = backbone_world.schools["A1"]
    school_class = SchoolClass.objects.create(
        school=sd.school, district_id=sd.school.district_id, school_year=YEAR, grade=3, name="甲班"
    )
    HomeroomAssignment.objects.create(
        school=sd.school,
        district_id=sd.school.district_id,
        teacher=sd.teachers[0],
        school_class=school_class,
        school_year=YEAR,
        role=AssignmentRole.HOMEROOM,
    )

    def a2_3() -> Any:
        district = backbone_world.districts["A"]
        rows = engine.evaluate(
            district=district,
            school_year=YEAR,
            schools=list(School.objects.filter(pk=sd.school.pk)),
            as_of=dt.date(2026, 8, 31),
        )
        return next(r.outcome for r in rows if r.indicator.code == "XH26-A2-3")

    assert a2_3().missing == [f"{sd.teachers[0].name}：1 学分，差 3"]
    services.credit_offset_recognise(
        teacher=sd.teachers[0], school_year=YEAR, actor=backbone_world.user("A1.leader")
    )
    assert a2_3().status == "met"


def test_only_the_schools_leader_recognises(backbone_world: World, client_for: Any) -> None:
    sd = backbone_world.schools["A1"]
    for intruder in ("A2.leader", "A.admin", "A1.teacher"):
        with pytest.raises(PermissionDenied):
            services.credit_offset_recognise(
                teacher=sd.teachers[0], school_year=YEAR, actor=backbone_world.user(intruder)
            )
    url = reverse("training:credit_offset", args=[sd.school.pk]) + f"?year={YEAR}"
    payload = {"teacher_id": sd.teachers[0].pk}
    for persona in backbone_world.personas.values():
        if persona.key == "A1.leader":
            continue
        response = client_for(persona.key).post(url, payload)
        expected = {302} if persona.user is None else {404}
        assert response.status_code in expected, persona.key
        if persona.user is None:
            assert "/accounts/login/" in response["Location"]
    assert not CreditOffset.objects.exists()
    # another school's teacher under A1's URL is not found either
    foreign = {"teacher_id": backbone_world.schools["A2"].teachers[0].pk}
    assert client_for("A1.leader").post(url, foreign).status_code == 404
    response = client_for("A1.leader").post(url, payload)
    assert response.status_code == 302
    assert CreditOffset.objects.get().teacher == sd.teachers[0]
