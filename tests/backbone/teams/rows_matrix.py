"""The growth-team rows the tenancy matrix names (tests/tenancy/test_matrix.py, block
`# backbone: teams`), made on first use per district: the district on xinbei-2023
besides its packs, a room led by its first school's third teacher, and an admission of
its second school's third teacher waiting for 组织遴选."""

from __future__ import annotations

import datetime as dt
from typing import Any

from apps.backbone.models import AdmissionStatus, GrowthMember, GrowthTeam, Tier
from apps.compliance.packs import load_all
from apps.people.models import Teacher
from apps.tenancy.models import Membership, Role
from tests.backbone.factories import make_growth_member, make_growth_team
from tests.personas import SchoolData, World


def _on_pack(world: World, key: str) -> None:
    district = world.districts[key]
    if "xinbei-2023" not in district.policy_packs:
        load_all()
        district.policy_packs = [*district.policy_packs, "xinbei-2023"]
        district.save(update_fields=["policy_packs"])


def team(key: str, world: World) -> GrowthTeam:
    _on_pack(world, key)
    district = world.districts[key]
    found = GrowthTeam.objects.filter(district=district, name=f"矩阵培育室{key}").first()
    if found is not None:
        return found
    leader = world.schools[f"{key}1"].teachers[2]
    return make_growth_team(district=district, leader=leader, by=world.user(f"{key}.admin"),
                            tier=Tier.TIER2, name=f"矩阵培育室{key}")  # fmt: skip


def member(key: str, world: World) -> GrowthMember:
    room = team(key, world)
    found = GrowthMember.objects.filter(team=room).first()
    if found is not None:
        return found
    return make_growth_member(
        team=room, teacher=world.schools[f"{key}2"].teachers[2], by=world.user(f"{key}.admin"),
        status=AdmissionStatus.RECOMMENDED, on=dt.date(2026, 9, 10),
    )  # fmt: skip


def board_kwargs(key: str, world: World) -> dict[str, Any]:
    team(key, world)
    return {"district_id": world.districts[key].pk}


def team_kwargs(key: str, world: World) -> dict[str, Any]:
    return {"district_id": world.districts[key].pk, "team_id": team(key, world).pk}


def member_kwargs(key: str, world: World) -> dict[str, Any]:
    return {"district_id": world.districts[key].pk, "member_id": member(key, world).pk}


def board_form(sd: SchoolData) -> dict[str, Any]:
    return {"tier": Tier.TIER2, "name": "矩阵新培育室", "leader": sd.teachers[1].pk,
            "elected_on": "2026-09-01", "established_on": "2026-09-01",
            "leader_exception_reason": "区内暂无市高级班主任"}  # fmt: skip


def team_form(sd: SchoolData) -> dict[str, Any]:
    return {"action": "exception", "reason": "矩阵：农村学校成员暂缺"}


def member_form(sd: SchoolData) -> dict[str, Any]:
    return {"action": "pass", "comment": ""}


def _school_room(sd: SchoolData) -> GrowthTeam:
    """The district's room for the school's page, led by another school's teacher."""
    district = sd.school.district
    room = GrowthTeam.objects.filter(district=district, name=f"校页培育室{district.code}").first()
    if room is not None:
        return room
    if "xinbei-2023" not in district.policy_packs:
        load_all()
        district.policy_packs = [*district.policy_packs, "xinbei-2023"]
        district.save(update_fields=["policy_packs"])
    leader = Teacher.objects.filter(district_id=district.pk).exclude(school=sd.school).first()
    admin = Membership.objects.filter(district=district, role=Role.DISTRICT_ADMIN).first()
    assert leader is not None and admin is not None
    return make_growth_team(district=district, leader=leader, by=admin.user,
                            name=f"校页培育室{district.code}")  # fmt: skip


def school_kwargs(sd: SchoolData) -> dict[str, Any]:
    _school_room(sd)
    return {"school_id": sd.school.pk}


def school_form(sd: SchoolData) -> dict[str, Any]:
    """The school's leader applies for its first teacher (a homeroom teacher this year)."""
    return {"team": _school_room(sd).pk, "teacher": sd.teachers[0].pk}


# ---- the API's rows (apps/backbone/apis/teams.py) ----


def approved(key: str, world: World) -> GrowthMember:
    """An admission of the district's second school's second teacher waiting for 确定名单."""
    room = team(key, world)
    who = world.schools[f"{key}2"].teachers[1]
    found = GrowthMember.objects.filter(team=room, teacher=who).first()
    if found is not None:
        return found
    return make_growth_member(team=room, teacher=who, by=world.user(f"{key}.admin"),
                              status=AdmissionStatus.APPROVED, on=dt.date(2026, 9, 10))  # fmt: skip


def api_team_kwargs(key: str, world: World) -> dict[str, Any]:
    return {"district_id": world.districts[key].pk, "pk": team(key, world).pk}


def api_step_kwargs(key: str, world: World) -> dict[str, Any]:
    return {"district_id": world.districts[key].pk, "pk": member(key, world).pk}


def api_confirm_kwargs(key: str, world: World) -> dict[str, Any]:
    return {"district_id": world.districts[key].pk, "pk": approved(key, world).pk}


def applied(sd: SchoolData) -> GrowthMember:
    """The school's second teacher's application to the district's room, 学校推荐 next."""
    room = _school_room(sd)
    found = GrowthMember.objects.filter(team=room, teacher=sd.teachers[1]).first()
    if found is not None:
        return found
    admin = Membership.objects.filter(district=sd.school.district, role=Role.DISTRICT_ADMIN).first()
    assert admin is not None
    return make_growth_member(team=room, teacher=sd.teachers[1], by=admin.user,
                              status=AdmissionStatus.APPLIED, on=dt.date(2026, 9, 10))  # fmt: skip


def api_recommend_kwargs(sd: SchoolData) -> dict[str, Any]:
    return {"school_id": sd.school.pk, "pk": applied(sd).pk}


def api_step_form(sd: SchoolData) -> dict[str, Any]:
    return {"accept": True, "comment": ""}


def api_confirm_form(sd: SchoolData) -> dict[str, Any]:
    return {"on": "2026-09-20"}
