"""Rows the brief tests and the matrix need: a workshop of a district hosted by a school's
teacher, its lead (a studio_lead login in the team's lead group), and briefs filed at a
given moment (XB23-BRIEF)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model

from apps.compliance.packs import load_all
from apps.core.review import review_submitted
from apps.studios.access import LEAD, ensure_team_groups
from apps.studios.models import (
    Brief,
    HostKind,
    Team,
    TeamFile,
    TeamFileData,
    TeamKind,
    WorkshopType,
)
from apps.tenancy.models import District, Membership, Role
from tests.personas import SchoolData, evidence_pdf

SHANGHAI = ZoneInfo("Asia/Shanghai")
PACKS = ["xuhui-2026", "xuhui-backbone-2023"]


def shanghai(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=SHANGHAI)


def with_backbone_pack(district: District) -> District:
    """The district on xuhui-backbone-2023 too (its `brief_due_day` is 28)."""
    load_all()
    district.policy_packs = PACKS
    district.save(update_fields=["policy_packs"])
    return district


def lead_user(sd: SchoolData, name: str = "lead") -> Any:
    user, _ = get_user_model().objects.get_or_create(username=f"{sd.key.lower()}_{name}")
    Membership.objects.get_or_create(
        user=user, district_id=sd.school.district_id, school=None, role=Role.STUDIO_LEAD
    )
    return user


def workshop(
    sd: SchoolData, *, name: str = "", lead: Any = None, established: dt.date | None = None
) -> Team:
    """A district workshop hosted by the school's first teacher; `lead` in its lead group."""
    team = Team.objects.create(
        district_id=sd.school.district_id, kind=TeamKind.WORKSHOP,
        name=name or f"{sd.school.name}工作坊", host=sd.teachers[0],
        host_kind=HostKind.LEADER, workshop_type=WorkshopType.INTER_SCHOOL,
        established_on=established or dt.date(2024, 9, 1), created_by=sd.job.created_by,
    )  # fmt: skip
    groups = ensure_team_groups(team)
    if lead is not None:
        groups[LEAD].user_set.add(lead)
    return team


def brief(team: Team, year: int, quarter: int, filed_at: dt.datetime, by: Any) -> Brief:
    """A brief filed at `filed_at` (made directly: the tests' starting records)."""
    found = Brief.objects.create(
        team=team, year=year, quarter=quarter, title=f"{team.name}第{quarter}季度简报",
        body="项目进展", filed_at=filed_at, submitted_by=by,
    )  # fmt: skip
    review_submitted(found, actor=by)
    return found


# ------------------------------------------------------------- the matrix's rows


def district_brief(key: str, world: Any) -> dict[str, Any]:
    """The district and a brief of a workshop hosted in its first school (made once),
    filed by the workshop's lead — so the district's reviewer may decide it."""
    sd = world.schools[f"{key}1"]
    lead = lead_user(sd)
    name = f"{sd.marker}工作坊"
    team = Team.objects.filter(name=name).first() or workshop(sd, name=name, lead=lead)
    found = team.briefs.first() or brief(team, 2026, 1, shanghai(2026, 3, 20), lead)
    return {"district_id": world.districts[key].pk, "brief_id": found.pk}


def district_brief_file(key: str, world: Any) -> dict[str, Any]:
    """The district, its brief and a file of it marked with the school (made once)."""
    kwargs = district_brief(key, world)
    found = Brief.objects.get(pk=kwargs["brief_id"])
    row = found.files.first()
    if row is None:
        data = evidence_pdf(f"{world.schools[f'{key}1'].marker}简报附件")
        row = TeamFile.objects.create(
            team=found.team, brief=found, file_name="简报附件.pdf", file_type="pdf",
            file_size=len(data), uploaded_by=found.submitted_by,
        )  # fmt: skip
        TeamFileData.objects.create(file=row, data=data)
    return kwargs | {"file_id": row.pk}


def decision(sd: SchoolData) -> dict[str, Any]:
    """The district's decision on the brief: accepted."""
    return {"decision": "accept", "comment": ""}
