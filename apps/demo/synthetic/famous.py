"""xinbei's side of the synthetic backbone module: each school's titles and awards, three
years of talent-pool elections (the current one still in progress), four growth teams
per tier with fifteen members from as many schools, a yearly assessment with one member
out, character projects for tier-1 members, the teams' collections and two showcases."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from apps.backbone.models import (
    AdmissionStatus,
    CharacterProject,
    Collection,
    Decision,
    FamousLevel,
    GrowthAssessment,
    GrowthMember,
    GrowthTeam,
    HomeroomHonour,
    Honour,
    MemberLeave,
    PoolEntry,
    PoolStatus,
    ProjectScope,
    Result,
    Showcase,
    Tier,
)
from apps.people.models import Teacher
from apps.tenancy.models import District, School

TEAMS_PER_TIER = 4
TEAM_SIZE = 15
HONOURS = (Honour.CITY_SPECIAL, Honour.CITY_SENIOR, Honour.DISTRICT_SENIOR)
ELECTED_ON = dt.date(2024, 9, 1)


def _honours(schools: list[School], by_school: dict[int, list[Teacher]], leader: Any) -> int:
    rows = [
        HomeroomHonour(teacher=teacher, district_id=teacher.district_id,
                       school_id=teacher.school_id, honour=honour,
                       awarded_on=dt.date(2022, 12, 1), recorded_by=leader)
        for school in schools
        for teacher, honour in zip(by_school.get(school.pk, [])[:3], HONOURS, strict=False)
    ]  # fmt: skip
    HomeroomHonour.objects.bulk_create(rows)
    return len(rows)


def _pool(schools: list[School], by_school: dict[int, list[Teacher]], year: int,
          leader: Any) -> int:  # fmt: skip
    rows = []
    for index, school in enumerate(schools):
        teachers = by_school.get(school.pk, [])[:3]
        for n, teacher in enumerate(teachers):
            for y in (year - 2, year - 1, year):
                if y == year:
                    status = (PoolStatus.APPLIED, PoolStatus.RECOMMENDED, PoolStatus.ELECTED)[n]
                else:
                    status = PoolStatus.ELECTED if (index + n + y) % 4 == 0 else PoolStatus.REJECTED
                stamp = dt.datetime(y, 6, 1, 9, tzinfo=dt.UTC)
                decided = status in (PoolStatus.ELECTED, PoolStatus.REJECTED)
                rows.append(PoolEntry(
                    teacher=teacher, district_id=teacher.district_id, school_id=teacher.school_id,
                    year=y, level=FamousLevel.DISTRICT if n else FamousLevel.CITY,
                    statement="班主任工作业绩与特色。", status=status, applied_by=leader,
                    recommended_by=leader if status != PoolStatus.APPLIED else None,
                    recommended_at=stamp if status != PoolStatus.APPLIED else None,
                    reviewed_by=leader if decided else None, reviewed_at=stamp if decided else None,
                ))  # fmt: skip
    PoolEntry.objects.bulk_create(rows, batch_size=5000)
    return len(rows)


def _teams(district: District, schools: list[School], by_school: dict[int, list[Teacher]],
           leader: Any) -> list[tuple[GrowthTeam, list[Teacher]]]:  # fmt: skip
    """Eight teams; team k's leader is the first teacher of school k, its members the
    fifth and sixth teachers of a run of schools (two per school at most)."""
    planned = []
    for k in range(2 * TEAMS_PER_TIER):
        if k >= len(schools) or not by_school.get(schools[k].pk):
            break
        tier = Tier.TIER1 if k < TEAMS_PER_TIER else Tier.TIER2
        head = by_school[schools[k].pk][0]
        team = GrowthTeam(
            district=district, tier=tier, name=f"成长团队{k + 1:02d}", leader=head,
            leader_school_id=head.school_id, leader_elected_on=ELECTED_ON,
            established_on=ELECTED_ON, created_by=leader,
        )  # fmt: skip
        start = (k * TEAM_SIZE) % max(len(schools), 1)
        runs = [by_school.get(schools[(start + i) % len(schools)].pk, [])[4 + k % 2 :][:1]
                for i in range(TEAM_SIZE)]  # fmt: skip
        planned.append((team, list(dict.fromkeys(t for run in runs for t in run))))
    GrowthTeam.objects.bulk_create([team for team, _ in planned])
    return planned


def _growth(planned: list[tuple[GrowthTeam, list[Teacher]]], leader: Any) -> dict[str, int]:
    members = GrowthMember.objects.bulk_create(
        GrowthMember(team=team, teacher=t, district_id=t.district_id, school_id=t.school_id,
                     status=AdmissionStatus.CONFIRMED, applied_on=ELECTED_ON,
                     confirmed_on=ELECTED_ON + dt.timedelta(days=20), recorded_by=leader)
        for team, group in planned
        for t in group
    )  # fmt: skip
    out = {m.pk for index, m in enumerate(members) if index % 23 == 11}
    assessments = GrowthAssessment.objects.bulk_create(
        GrowthAssessment(member=m, district_id=m.district_id, school_id=m.school_id, year=2025,
                         result=Result.FAIL if m.pk in out else Result.PASS,
                         funding=None if m.pk in out else Decimal("2000"),
                         decision=Decision.OUT if m.pk in out else Decision.STAY,
                         assessed_on=dt.date(2025, 12, 20), entered_by=leader)
        for m in members
    )  # fmt: skip
    GrowthMember.objects.filter(pk__in=out).update(
        left_on=dt.date(2025, 12, 20), leave_reason=MemberLeave.ASSESSMENT
    )
    tier1 = [m for m, (team, _) in _pairs(members, planned) if team.tier == Tier.TIER1]
    projects = CharacterProject.objects.bulk_create(
        CharacterProject(team_id=m.team_id, teacher_id=m.teacher_id, district_id=m.district_id,
                         school_id=m.school_id, title="学生品格提升工程子项目",
                         scope=ProjectScope.REGION, started_on=dt.date(2024, 10, 1),
                         recorded_by=leader)
        for index, m in enumerate(tier1) if index % 7 != 3
    )  # fmt: skip
    return {"growth members": len(members), "growth assessments": len(assessments),
            "character projects": len(projects)}  # fmt: skip


Planned = list[tuple[GrowthTeam, list[Teacher]]]


def _pairs(
    members: list[GrowthMember], planned: Planned
) -> list[tuple[GrowthMember, tuple[GrowthTeam, list[Teacher]]]]:
    teams = {team.pk: (team, group) for team, group in planned}
    return [(m, teams[m.team_id]) for m in members]


def seed_famous(
    district: District, *, schools: list[School], teachers_by_school: dict[int, list[Teacher]],
    year: int, rng: random.Random, leader: Any,
) -> dict[str, int]:  # fmt: skip
    counts = {"homeroom honours": _honours(schools, teachers_by_school, leader),
              "pool entries": _pool(schools, teachers_by_school, year, leader)}  # fmt: skip
    planned = _teams(district, schools, teachers_by_school, leader)
    counts |= _growth(planned, leader)
    Collection.objects.bulk_create(
        Collection(team=team, year=2025, title=f"{team.name}研究专辑",
                   compiled_on=dt.date(2025, 12, 1), recorded_by=leader)
        for index, (team, _) in enumerate(planned) if index % 3 != 2
    )  # fmt: skip
    showcases = [Showcase.objects.create(district=district, title=f"{y}年成长团队成果展示",
                                         held_on=dt.date(y, 11, 20), recorded_by=leader)
                 for y in (2024, 2025)]  # fmt: skip
    for showcase in showcases:
        showcase.teams.set([team for team, _ in planned])
    counts["growth teams"] = len(planned)
    counts["showcases"] = len(showcases)
    _ = rng
    return counts
