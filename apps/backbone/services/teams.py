"""Writes of the growth teams ("2+N"): the district's admin creates a tier's team
(XB-TEAMS: no more than the pack's number a tier), elects its leader (XB-LEADER: the
tier's title; a new election once the term is due), engages 0–2 mentors, records the
team's exception reason and confirms its roster (XB-TEAM-SIZE). The one writer of
`GrowthTeam` and `Mentor`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from apps.backbone.models import GrowthTeam, Mentor, Tier
from apps.backbone.selectors.honours import honour_names_of
from apps.backbone.selectors.teams import (
    TIER_BOUNDS,
    active_teams,
    compositions,
    leader_title_error,
    may_excuse_leader,
    team_params,
    term_end,
)
from apps.core.plausible import record_date_error
from apps.core.text import text_error
from apps.people.models import Teacher
from apps.tenancy.access import holds_district_role
from apps.tenancy.models import District, Role

NOT_ADMIN = "只有区管理员可以管理名班主任成长团队。"


def require_admin(actor: Any, district_id: int) -> None:
    if not holds_district_role(actor, district_id, (Role.DISTRICT_ADMIN,)):
        raise PermissionDenied(NOT_ADMIN)


def _date_errors(**days: tuple[dt.date | None, str]) -> dict[str, str]:
    errors = {}
    for name, (day, label) in days.items():
        if day is None:
            errors[name] = f"请填写{label}。"
        elif (problem := record_date_error(day, label=label)) is not None:
            errors[name] = problem
    return errors


def _leader_errors(
    *, district: District, tier: str, leader: Teacher | None, on: dt.date, reason: str
) -> dict[str, str]:
    if leader is None:
        return {"leader": "请选择领衔人（本区在职教师）。"}
    if leader.district_id != district.pk or not leader.is_active:
        return {"leader": f"{leader.name}不是本区在职教师，不能担任领衔人。"}
    params = team_params(district=district)
    problem = leader_title_error(
        tier, honour_names_of([leader.pk], on).get(leader.pk, set()), params
    )
    if problem is None:
        return {}
    if may_excuse_leader(tier, params):
        if reason.strip():
            return {}
        return {"leader_exception_reason": f"XB-LEADER：{problem}，{leader.name}尚无该称号；"
                "如确需选聘，请填写例外说明。"}  # fmt: skip
    return {"leader": f"XB-LEADER：{problem}，{leader.name}尚无该称号。"}


@transaction.atomic
def team_create(
    *, actor: Any, district: District, tier: str, name: str, leader: Teacher | None,
    elected_on: dt.date | None, established_on: dt.date | None,
    leader_exception_reason: str = "",
) -> GrowthTeam:  # fmt: skip
    """A new camp (tier 1) or room (tier 2) with its leader; a tier already at the pack's
    maximum is refused naming XB-TEAMS."""
    require_admin(actor, district.pk)
    District.objects.select_for_update().get(pk=district.pk)  # one creation at a time
    errors: dict[str, str] = {}
    if tier not in Tier.values:
        errors["tier"] = "请选择梯队。"
    if not name.strip():
        errors["name"] = "请填写团队名称。"
    elif problem := text_error("名称", name):
        errors["name"] = problem
    elif GrowthTeam.objects.filter(district=district, name=name.strip()).exists():
        errors["name"] = f"本区已有名为“{name.strip()}”的团队。"
    errors |= _date_errors(elected_on=(elected_on, "领衔人选聘日期"),
                           established_on=(established_on, "组建日期"))  # fmt: skip
    if errors:
        raise ValidationError(errors)
    assert elected_on is not None and established_on is not None
    params = team_params(district=district)
    high = int(params[TIER_BOUNDS[tier][1]])
    have = active_teams(district=district, on=established_on).filter(tier=tier).count()
    if have >= high:
        raise ValidationError({"tier": f"XB-TEAMS：{Tier(tier).label}最多{high}个，"
                                       f"本区已有{have}个。"})  # fmt: skip
    errors = _leader_errors(district=district, tier=tier, leader=leader, on=elected_on,
                            reason=leader_exception_reason)  # fmt: skip
    if errors:
        raise ValidationError(errors)
    assert leader is not None
    return GrowthTeam.objects.create(
        district=district, tier=tier, name=name.strip(), leader=leader,
        leader_school_id=leader.school_id, leader_elected_on=elected_on,
        established_on=established_on, created_by=actor,
        leader_exception_reason=leader_exception_reason.strip(),
    )  # fmt: skip


@transaction.atomic
def leader_elect(
    *, actor: Any, team: GrowthTeam, leader: Teacher | None, elected_on: dt.date | None,
    leader_exception_reason: str = "",
) -> GrowthTeam:  # fmt: skip
    """A new election of the team's leader (the same or another), once the term is due."""
    require_admin(actor, team.district_id)
    team = GrowthTeam.objects.select_for_update().select_related("district").get(pk=team.pk)
    errors = _date_errors(elected_on=(elected_on, "选聘日期"))
    if errors:
        raise ValidationError(errors)
    assert elected_on is not None
    params = team_params(district=team.district)
    years = int(params["leader_term_years"])
    ends = term_end(team.leader_elected_on, years)
    if elected_on <= ends:
        raise ValidationError({"elected_on": f"XB-LEADER：领衔人每{years}年评选一次，本届任期至"
                                             f"{ends:%Y-%m-%d}，届满后方可重新评选。"})  # fmt: skip
    errors = _leader_errors(district=team.district, tier=team.tier, leader=leader,
                            on=elected_on, reason=leader_exception_reason)  # fmt: skip
    if errors:
        raise ValidationError(errors)
    assert leader is not None
    team.leader, team.leader_school_id = leader, leader.school_id
    team.leader_elected_on = elected_on
    team.leader_exception_reason = leader_exception_reason.strip()
    team.save(update_fields=["leader", "leader_school", "leader_elected_on",
                             "leader_exception_reason", "updated_at"])  # fmt: skip
    return team


@transaction.atomic
def mentor_add(
    *, actor: Any, team: GrowthTeam, name: str, affiliation: str, appointed_on: dt.date | None
) -> Mentor:
    """A mentor the leader engaged; one past the pack's maximum is refused (XB-TEAM-SIZE)."""
    require_admin(actor, team.district_id)
    team = GrowthTeam.objects.select_for_update().select_related("district").get(pk=team.pk)
    errors = _date_errors(appointed_on=(appointed_on, "聘请日期"))
    for field, value, label in (("name", name, "姓名"), ("affiliation", affiliation, "单位与身份")):
        if not value.strip():
            errors[field] = f"请填写导师的{label}。"
        elif problem := text_error(label, value):
            errors[field] = problem
    if errors:
        raise ValidationError(errors)
    assert appointed_on is not None
    most = int(team_params(district=team.district)["team_mentors_max"])
    have = compositions([team.pk], on=appointed_on).get(team.pk)
    if have is not None and have.mentors >= most:
        raise ValidationError({"name": f"XB-TEAM-SIZE：每个团队另聘导师不超过{most}名，"
                                       f"{team.name}已有{have.mentors}名。"})  # fmt: skip
    return Mentor.objects.create(team=team, name=name.strip(), affiliation=affiliation.strip(),
                                 appointed_on=appointed_on)  # fmt: skip


@transaction.atomic
def mentor_end(*, actor: Any, mentor: Mentor, ended_on: dt.date | None) -> Mentor:
    require_admin(actor, mentor.team.district_id)
    errors = _date_errors(ended_on=(ended_on, "解聘日期"))
    if not errors and ended_on is not None and ended_on < mentor.appointed_on:
        errors["ended_on"] = "解聘日期不能早于聘请日期。"
    if errors:
        raise ValidationError(errors)
    mentor.ended_on = ended_on
    mentor.save(update_fields=["ended_on", "updated_at"])
    return mentor


@transaction.atomic
def team_exception_set(*, actor: Any, team: GrowthTeam, reason: str) -> GrowthTeam:
    """Why the team stands outside the 一般 bounds of XB-TEAM-SIZE (empty clears it)."""
    require_admin(actor, team.district_id)
    if problem := text_error("例外说明", reason):
        raise ValidationError({"exception_reason": problem})
    team.exception_reason = reason.strip()
    team.save(update_fields=["exception_reason", "updated_at"])
    return team


@transaction.atomic
def roster_confirm(*, actor: Any, team: GrowthTeam, on: dt.date | None) -> GrowthTeam:
    """The district confirms the team's roster: fewer rural members than the pack's
    minimum is refused (XB-TEAM-SIZE) unless the team records an exception reason."""
    require_admin(actor, team.district_id)
    team = GrowthTeam.objects.select_for_update().select_related("district").get(pk=team.pk)
    errors = _date_errors(on=(on, "名单确定日期"))
    if errors:
        raise ValidationError(errors)
    assert on is not None
    rural_min = int(team_params(district=team.district)["rural_members_min"])
    comp = compositions([team.pk], on=on).get(team.pk)
    rural = comp.rural if comp else 0
    if rural < rural_min and not team.exception_reason:
        message = f"XB-TEAM-SIZE：农村学校成员不少于{rural_min}人，{team.name}现有{rural}人"
        raise ValidationError({"on": f"{message}；如确需例外，请先记录例外说明。"})
    team.roster_confirmed_on = on
    team.save(update_fields=["roster_confirmed_on", "updated_at"])
    return team
