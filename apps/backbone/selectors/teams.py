"""Reads of the growth teams ("2+N", XB-TEAMS … XB-LEADER): the pack's numbers, the
titles' order, each team's composition (members, the largest same-school count, rural
members, mentors) and leader's term, for many teams in a fixed number of queries. The
services and the evaluators judge by the same functions here."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet

from apps.backbone.models import AdmissionStatus, GrowthMember, GrowthTeam, Mentor, Tier
from apps.core.schoolyear import today
from apps.people.models import Teacher
from apps.tenancy.models import District
from apps.training.selectors import district_parameters

from .honours import honour_names_of

TIER_BOUNDS: dict[str, tuple[str, str]] = {Tier.TIER1: ("tier1_teams_min", "tier1_teams_max"),
               Tier.TIER2: ("tier2_teams_min", "tier2_teams_max")}  # fmt: skip


NO_PACK = "本区的政策包未规定名班主任成长团队（xinbei-2023 XB-TEAMS），此处不适用。"


def team_params(*, district: District) -> dict[str, Any]:
    """The district's pack parameters (xinbei-2023's names); refused with a Chinese
    message when its packs hold no growth teams."""
    params = district_parameters(district=district)
    if "team_members_max" not in params:
        raise ValidationError({"district": NO_PACK})
    return params


def teams_apply(*, district: District) -> bool:
    return "team_members_max" in district_parameters(district=district)


def term_end(elected_on: dt.date, years: int) -> dt.date:
    """The last day of a leader's term of `years` from `elected_on` (届满 includes it)."""
    try:
        due = elected_on.replace(year=elected_on.year + years)
    except ValueError:  # 29 February
        due = elected_on.replace(year=elected_on.year + years, day=28)
    return due - dt.timedelta(days=1)


def holds_at_least(held: set[str], minimum: str, ranks: list[str]) -> bool:
    """Whether `held` has `minimum` or a title ranked above it (ranks lowest first)."""
    if minimum in held:
        return True
    if minimum not in ranks:
        return False
    return any(t in held for t in ranks[ranks.index(minimum) :])


def leader_title_error(tier: str, held: set[str], params: dict[str, Any]) -> str | None:
    """Why a leader's titles fall short of the tier's (None when they do not)."""
    ranks = list(params["homeroom_title_ranks"])
    if tier == Tier.TIER1:
        wanted = str(params["tier1_leader_title"])
        if not holds_at_least(held, wanted, ranks):
            return f"第一梯队领衔人须具有{wanted}称号"
        return None
    wanted = str(params["tier2_leader_title_min"])
    if not holds_at_least(held, wanted, ranks):
        return f"第二梯队领衔人原则上须具有{wanted}及以上称号"
    return None


def may_excuse_leader(tier: str, params: dict[str, Any]) -> bool:
    return tier in list(params.get("leader_exception_allowed_tiers") or [])


@dataclass
class Composition:
    """A team's confirmed members now and its active mentors, counted."""

    members: int = 0
    by_school: Counter[int] = field(default_factory=Counter)
    school_names: dict[int, str] = field(default_factory=dict)
    rural: int = 0
    mentors: int = 0

    @property
    def largest_school(self) -> tuple[str, int]:
        if not self.by_school:
            return "", 0
        school_id, count = self.by_school.most_common(1)[0]
        return self.school_names[school_id], count


def active_teams(*, district: District, on: dt.date | None = None) -> QuerySet[GrowthTeam]:
    day = on or today()
    return (
        GrowthTeam.objects.filter(district=district, established_on__lte=day)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=day))
        .select_related("leader", "leader_school")
    )


def compositions(team_ids: list[int], *, on: dt.date | None = None) -> dict[int, Composition]:
    """{team id: Composition} of confirmed members not left by `on` — two queries."""
    day = on or today()
    found: dict[int, Composition] = defaultdict(Composition)
    members = GrowthMember.objects.filter(
        team_id__in=team_ids, status=AdmissionStatus.CONFIRMED, confirmed_on__lte=day
    ).filter(Q(left_on__isnull=True) | Q(left_on__gt=day))
    for team_id, school_id, name, rural in members.values_list(
        "team_id", "school_id", "school__name", "school__is_rural"
    ):
        comp = found[team_id]
        comp.members += 1
        comp.by_school[school_id] += 1
        comp.school_names[school_id] = name
        comp.rural += 1 if rural else 0
    mentors = Mentor.objects.filter(team_id__in=team_ids, appointed_on__lte=day).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=day)
    )
    for team_id in mentors.values_list("team_id", flat=True):
        found[team_id].mentors += 1
    return found


def composition_problems(comp: Composition, params: dict[str, Any]) -> list[str]:
    """What of XB-TEAM-SIZE a team's composition breaks (empty when nothing)."""
    problems = []
    most, same_max = int(params["team_members_max"]), int(params["same_school_members_max"])
    if comp.members > most:
        problems.append(f"成员{comp.members}人，超过{most}人")
    name, count = comp.largest_school
    if count > same_max:
        problems.append(f"{name}成员{count}人，超过{same_max}人")
    rural_min = int(params["rural_members_min"])
    if comp.rural < rural_min:
        problems.append(f"农村学校成员{comp.rural}人，少于{rural_min}人")
    if comp.mentors > int(params["team_mentors_max"]):
        problems.append(f"导师{comp.mentors}名，超过{params['team_mentors_max']}名")
    return problems


@dataclass
class TeamRow:
    """One team on the board: its composition and leader checks, each (ok, text)."""

    team: GrowthTeam
    comp: Composition
    checks: list[tuple[str, bool, str]]
    term_ends: dt.date
    leader_titles: set[str]


def team_rows(*, district: District, on: dt.date | None = None) -> list[TeamRow]:
    """The board's teams with their checks — four queries."""
    day = on or today()
    params = team_params(district=district)
    teams = list(active_teams(district=district, on=day))
    comps = compositions([t.pk for t in teams], on=day)
    titles = honour_names_of([t.leader_id for t in teams], day)
    return [_row(t, comps.get(t.pk, Composition()), titles.get(t.leader_id, set()), params, day)
            for t in teams]  # fmt: skip


def _row(
    team: GrowthTeam, comp: Composition, held: set[str], params: dict[str, Any], day: dt.date
) -> TeamRow:
    most, same_max = int(params["team_members_max"]), int(params["same_school_members_max"])
    rural_min, mentors_max = int(params["rural_members_min"]), int(params["team_mentors_max"])
    name, same = comp.largest_school
    ends = term_end(team.leader_elected_on, int(params["leader_term_years"]))
    title_error = leader_title_error(team.tier, held, params)
    checks = [
        ("XB-TEAM-SIZE", comp.members <= most, f"成员 {comp.members}/{most}"),
        ("XB-TEAM-SIZE", same <= same_max, f"同一单位最多 {same} 人（{name or '—'}）"),
        ("XB-TEAM-SIZE", comp.rural >= rural_min, f"农村学校成员 {comp.rural}/{rural_min}"),
        ("XB-TEAM-SIZE", comp.mentors <= mentors_max, f"导师 {comp.mentors}（0–{mentors_max}）"),
        ("XB-LEADER", title_error is None, title_error or "领衔人称号符合"),
        ("XB-LEADER", day <= ends, f"任期至 {ends:%Y-%m-%d}"),
    ]
    return TeamRow(team, comp, checks, ends, held)


def tier_counts(rows: list[TeamRow], params: dict[str, Any]) -> list[dict[str, Any]]:
    """Each tier's number of teams against the pack's bounds (XB-TEAMS)."""
    counts = Counter(r.team.tier for r in rows)
    out = []
    for tier, (low_key, high_key) in TIER_BOUNDS.items():
        low, high = int(params[low_key]), int(params[high_key])
        n = counts.get(tier, 0)
        out.append({"tier": tier, "label": Tier(tier).label, "count": n, "min": low,
                    "max": high, "ok": low <= n <= high,
                    "text": f"{n} 个（{low}–{high}）"})  # fmt: skip
    return out


def team_of_district(*, district: District, team_id: int) -> GrowthTeam | None:
    return (
        GrowthTeam.objects.filter(district=district, pk=team_id)
        .select_related("leader", "leader_school")
        .first()
    )


def team_mentors(*, team: GrowthTeam) -> QuerySet[Mentor]:
    return Mentor.objects.filter(team=team).order_by("appointed_on", "id")


def district_teacher(*, district: District, teacher_id: int | None) -> Teacher | None:
    if teacher_id is None:
        return None
    return Teacher.objects.filter(district=district, pk=teacher_id).first()


def district_teacher_choices(*, district: District) -> QuerySet[Teacher]:
    return Teacher.objects.filter(district=district, is_active=True).select_related("school")


def open_teams(*, district: District) -> QuerySet[GrowthTeam]:
    """The district's teams open to applications, without their leaders (a school's or a
    teacher's page reads no other school's teacher: row security would hide the row)."""
    day = today()
    return GrowthTeam.objects.filter(district=district, established_on__lte=day).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=day)
    )


def open_team(*, district: District, team_id: int) -> GrowthTeam | None:
    return open_teams(district=district).filter(pk=team_id).first()
