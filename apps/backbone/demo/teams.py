"""新桥区's growth teams (xinbei-2023): 3 tier-1 camps and 2 tier-2 rooms (XB-TEAMS
partly met), built in 2024 — their leaders' titles recorded when the pool's demo has not
(XB-LEADER; one camp's leader elected in 2023 whose term ran out), mentors, rosters from
the district's schools (XB-TEAM-SIZE: one room with only 4 rural members and a recorded
exception), admissions now at each step (one approved applicant who would be a third
from 新桥孟河小学), the 2025 assessment with one member out and the vacancy refilled.

The 2024 rosters are written as they stood (the demo holds no homeroom classes of past
years, which the application's check reads); everything since goes through the
services. Idempotent: a district that has teams already is left alone."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal
from typing import Any

from django.db.models import F

from apps.backbone.models import (
    AdmissionStatus,
    Decision,
    GrowthMember,
    GrowthTeam,
    HomeroomHonour,
    Honour,
    MemberLeave,
    Result,
    Tier,
)
from apps.backbone.services import admissions, growth, teams
from apps.core.schoolyear import today
from apps.people.models import AssignmentRole, Teacher
from apps.tenancy.models import Membership, Role, School

FOUNDED = dt.date(2024, 9, 1)
CONFIRMED = dt.date(2024, 9, 20)
OLD_ELECTION = dt.date(2023, 6, 1)
TEAMS = [  # name, tier, elected, rural schools used, exception
    ("卓越班主任成长营·春晖", Tier.TIER1, FOUNDED, 3, ""),
    ("卓越班主任成长营·润泽", Tier.TIER1, FOUNDED, 3, ""),
    ("卓越班主任成长营·启明", Tier.TIER1, OLD_ELECTION, 3, ""),
    ("优秀班主任培育室·青禾", Tier.TIER2, FOUNDED, 3, ""),
    ("优秀班主任培育室·新苗", Tier.TIER2, FOUNDED, 2,
     "本届西部农村学校申报人数不足，经区教育局研究同意，农村学校成员暂为4人，下一轮递补补足。"),
]  # fmt: skip


def _admin(district: Any) -> Any:
    found = Membership.objects.filter(district=district, school=None, role=Role.DISTRICT_ADMIN)
    membership = found.select_related("user").order_by("id").first()
    return membership.user if membership else None


def _homeroom(school: School, year: int) -> list[Teacher]:
    return list(
        Teacher.objects.filter(
            school=school, is_active=True, assignments__role=AssignmentRole.HOMEROOM,
            assignments__school_year=year, user__isnull=True,
        ).distinct().order_by(F("homeroom_since").asc(nulls_last=True), "employee_no")
    )  # fmt: skip


def _honour(teacher: Teacher, honour: str, by: Any) -> None:
    if not HomeroomHonour.objects.filter(teacher=teacher, honour=honour).exists():
        HomeroomHonour.objects.create(
            teacher=teacher, school_id=teacher.school_id, district_id=teacher.district_id,
            honour=honour, awarded_on=dt.date(2021, 12, 1), issuer="常州市教育局", recorded_by=by,
        )  # fmt: skip


def seed(ctx: dict[str, Any]) -> None:
    district, year = ctx["district"], ctx["year"]
    admin = _admin(district)
    if admin is None or GrowthTeam.objects.filter(district=district).exists():
        return
    schools = list(School.objects.filter(district=district).order_by("code"))
    pools = {s.pk: _homeroom(s, year) for s in schools}
    if len(schools) < 6 or min(len(p) for p in pools.values()) < 8:
        return
    rural = [s for s in schools if s.is_rural]
    urban = [s for s in schools if not s.is_rural]
    made = [_team(spec, index, schools=schools, rural=rural, urban=urban, pools=pools,
                  admin=admin, district=district)
            for index, spec in enumerate(TEAMS)]  # fmt: skip
    _assess(made, admin, ctx, pools)
    _admissions(made[3], pools, schools, admin, ctx)


def _take(pools: dict[int, list[Teacher]], school: School, n: int) -> list[Teacher]:
    taken, pools[school.pk] = pools[school.pk][:n], pools[school.pk][n:]
    return taken


def _team(
    spec: tuple[str, str, dt.date, int, str], index: int, *, schools: list[School],
    rural: list[School], urban: list[School], pools: dict[int, list[Teacher]], admin: Any,
    district: Any,
) -> GrowthTeam:  # fmt: skip
    name, tier, elected, rural_used, reason = spec
    leader = _take(pools, schools[index % len(schools)], 1)[0]
    _honour(leader, Honour.CITY_SPECIAL if tier == Tier.TIER1 else Honour.CITY_SENIOR, admin)
    team = teams.team_create(actor=admin, district=district, tier=tier, name=name, leader=leader,
                             elected_on=elected, established_on=elected)  # fmt: skip
    if reason:
        teams.team_exception_set(actor=admin, team=team, reason=reason)
    for n in range(index % 3):
        teams.mentor_add(actor=admin, team=team, name=f"{'王李'[n]}导师",
                         affiliation="常州市教育科学研究院 班主任工作专家",
                         appointed_on=elected)  # fmt: skip
    # two from each of the first rural schools, one from the next (exactly 5 rural when
    # three are used), one from each urban school
    chosen = [rural[(index + k) % len(rural)] for k in range(rural_used)]
    takes = [(s, 2 if k < 2 else 1) for k, s in enumerate(chosen)] + [(s, 1) for s in urban]
    members = [t for s, n in takes for t in _take(pools, s, n)]
    for teacher in members:
        if tier == Tier.TIER1:
            _honour(teacher, Honour.DISTRICT_SENIOR, admin)
        GrowthMember.objects.create(
            team=team, teacher=teacher, school_id=teacher.school_id,
            district_id=teacher.district_id, status=AdmissionStatus.CONFIRMED,
            applied_on=dt.date(2024, 9, 10), confirmed_on=CONFIRMED, recorded_by=admin,
        )  # fmt: skip
    teams.roster_confirm(actor=admin, team=team, on=CONFIRMED)
    return team


def _admissions(
    team: GrowthTeam, pools: dict[int, list[Teacher]], schools: list[School], admin: Any,
    ctx: dict[str, Any],
) -> None:  # fmt: skip
    """Now, on the first room: one application at each step; the approved one would be a
    third member from a rural school that has two (the district cannot confirm it)."""
    on = today()
    counts = Counter(GrowthMember.objects.filter(team=team, left_on__isnull=True,
                                                 status=AdmissionStatus.CONFIRMED)
                     .values_list("school_id", flat=True))  # fmt: skip
    full = set(counts)
    crowded = next(s for s in sorted(schools, key=lambda s: "孟河" not in s.name)
                   if counts[s.pk] >= 2)  # fmt: skip
    spare = [s for s in schools if s.pk not in full] or schools
    reviewer = ctx["reviewer"]
    steps = [(crowded, 3), (spare[0], 2), (spare[0], 1), (spare[-1], 0)]
    for school, passes in steps:
        teacher = _take(pools, school, 1)[0]
        _honour(teacher, Honour.CITY_EXCELLENT, admin)
        member = admissions.admission_apply(actor=ctx["leader_of"](school), team=team,
                                            teacher=teacher, on=on)  # fmt: skip
        actors = [ctx["leader_of"](school), reviewer, admin][:passes]
        for actor in actors:
            member = admissions.admission_step(actor=actor, member=member, accept=True)


def _assess(
    made: list[GrowthTeam], admin: Any, ctx: dict[str, Any], pools: dict[int, list[Teacher]]
) -> None:
    """The 2025 assessment of every team but the last room; one member of the first room
    out (不合格) and refilled by a teacher of the same school, through every step."""
    on = dt.date(2026, 7, 10)
    for team in made[:-1]:
        members = list(
            GrowthMember.objects.filter(
                team=team, status=AdmissionStatus.CONFIRMED, left_on__isnull=True
            ).order_by("id")
        )
        for n, member in enumerate(members):
            out = team.tier == Tier.TIER2 and n == 0
            growth.assessment_enter(
                actor=admin, member=member, year=2025,
                result=Result.FAIL if out else (Result.EXCELLENT if n < 2 else Result.PASS),
                funding=Decimal("0") if out else Decimal("3000" if n < 2 else "2000"),
                decision=Decision.OUT if out else Decision.STAY, on=on,
            )  # fmt: skip
    room = made[3]
    gone = GrowthMember.objects.filter(team=room, leave_reason=MemberLeave.ASSESSMENT).first()
    if gone is None:
        return
    _refill(room, gone, admin, ctx, pools)


def _refill(
    room: GrowthTeam, gone: GrowthMember, admin: Any, ctx: dict[str, Any],
    pools: dict[int, list[Teacher]],
) -> None:  # fmt: skip
    school = gone.school
    candidates = _take(pools, school, 1)
    if not candidates:
        return
    leader = ctx["leader_of"](school)
    member = admissions.admission_apply(actor=leader, team=room, teacher=candidates[0],
                                        on=today(), replaces=gone)  # fmt: skip
    for actor in (leader, ctx["reviewer"], admin):
        member = admissions.admission_step(actor=actor, member=member, accept=True)
    admissions.admission_confirm(actor=admin, member=member, on=today())
