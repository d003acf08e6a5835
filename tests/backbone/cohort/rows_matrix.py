"""Cohort rows for the tenancy matrix, made on first use (idempotent): per district, the
2023届 cohort on the backbone pack with, per school, its second teacher as a 中青年骨干 and
its first teacher (the `<key>.teacher` login) as a 带头人 with a waiting manual entry whose
evidence carries the school's marker."""

from __future__ import annotations

import datetime as dt
from typing import Any

from apps.accounts.models import User
from apps.backbone.models import (
    BackboneFile,
    BackboneFileData,
    BackboneMember,
    Category,
    Cohort,
    TaskEntry,
    TaskEntryKind,
)
from apps.compliance.packs import PACK_DIR, load_pack_file
from apps.tenancy.models import District
from tests.backbone.factories import make_cohort, make_member
from tests.personas import SchoolData, World, evidence_pdf

PACK = "xuhui-backbone-2023"


def _user(username: str) -> User:
    return User.objects.get(username=username)


def _cohort(district: District) -> Cohort:
    load_pack_file(PACK_DIR / f"{PACK}.yaml")
    if PACK not in district.policy_packs:
        district.policy_packs = [*district.policy_packs, PACK]
        district.save(update_fields=["policy_packs"])
    cohort = Cohort.objects.filter(district=district, pack=PACK).order_by("pk").first()
    if cohort is None:
        admin = _user(f"{district.code[-1].upper()}_admin")
        cohort = make_cohort(district=district, by=admin)
    return cohort


def _members(cohort: Cohort, sd: SchoolData) -> None:
    for n, category in ((0, Category.LEADER), (1, Category.BACKBONE)):
        if not BackboneMember.objects.filter(cohort=cohort, teacher=sd.teachers[n]).exists():
            make_member(
                cohort=cohort, teacher=sd.teachers[n], by=cohort.created_by, category=category
            )


def district_cohort(key: str, world: World) -> Cohort:
    cohort = _cohort(world.districts[key])
    for number in ("1", "2"):
        _members(cohort, world.schools[f"{key}{number}"])
    return cohort


def member_of(sd: SchoolData, n: int = 1) -> BackboneMember:
    cohort = _cohort(sd.school.district)
    _members(cohort, sd)
    return BackboneMember.objects.get(cohort=cohort, teacher=sd.teachers[n])


def waiting_entry(sd: SchoolData) -> TaskEntry:
    member = member_of(sd, 0)
    found = TaskEntry.objects.filter(member=member).first()
    if found is not None:
        return found
    teacher_user = _user(f"{sd.key}_teacher")
    data = evidence_pdf(sd.marker)
    stored = BackboneFile.objects.create(
        district_id=member.district_id,
        school_id=member.school_id,
        file_name=f"{sd.marker}证书.pdf",
        file_type="pdf",
        file_size=len(data),
        uploaded_by=teacher_user,
    )
    BackboneFileData.objects.create(file=stored, data=data)
    return TaskEntry.objects.create(
        member=member,
        district_id=member.district_id,
        school_id=member.school_id,
        task="T4",
        kind=TaskEntryKind.PAPER,
        school_year=2024,
        level="district",
        title=f"{sd.marker}论文",
        date=dt.date(2025, 3, 1),
        file=stored,
        submitted_by=teacher_user,
    )


def matrix_district(key: str, world: World) -> dict[str, Any]:
    return {"district_id": world.districts[key].pk, "cohort_id": district_cohort(key, world).pk}


def matrix_member(key: str, world: World) -> dict[str, Any]:
    district_cohort(key, world)
    member = member_of(world.schools[f"{key}1"])
    return {
        "district_id": world.districts[key].pk,
        "cohort_id": member.cohort_id,
        "member_id": member.pk,
    }


def matrix_entry(sd: SchoolData) -> dict[str, Any]:
    return {"school_id": sd.school.pk, "entry_id": waiting_entry(sd).pk}


def cohort_form(sd: SchoolData) -> dict[str, Any]:
    return {
        "name": "补登记骨干",
        "pack": PACK,
        "starts_on": "2023-09-01",
        "ends_on": "2026-06-30",
        "leader_monthly_allowance": "800",
        "backbone_monthly_allowance": "500",
    }


def member_join(sd: SchoolData) -> dict[str, Any]:
    return {"teacher": sd.teachers[2].pk, "category": Category.BACKBONE, "joined_on": "2023-09-01"}


def member_out(sd: SchoolData) -> dict[str, Any]:
    return {"on": "2026-06-30", "reason": "withdrawn"}


def entry_return(sd: SchoolData) -> dict[str, Any]:
    return {"decision": "return", "comment": "材料不清晰，请补充。"}
