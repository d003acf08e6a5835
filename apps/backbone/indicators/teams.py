"""xinbei-2023's growth-team evaluators (registered, set-based — a fixed number of
queries whatever the number of teams, members or schools):

* `backbone.teams` XB-TEAMS (district): each tier's teams within the pack's bounds;
* `backbone.team_size` XB-TEAM-SIZE (district, 一般): members ≤ max, ≤ max from one
  school, ≥ min rural members, mentors ≤ max — a team outside with a recorded reason is
  partly met, without one not met;
* `backbone.leader` XB-LEADER (district): each leader holds the tier's title (a tier-2
  exception with its reason is partly met) and the term has not run out;
* `backbone.member` XB-MEMBER (school): the members the school recommended meet the
  conditions on their application day;
* `backbone.growth_assess` XB-ASSESS (district): every confirmed member of the last
  ended school year assessed, and each 调整出团队 applied.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Max, Q

from apps.backbone.models import (
    AdmissionStatus,
    Decision,
    GrowthAssessment,
    GrowthMember,
    GrowthTeam,
    HomeroomHonour,
    Mentor,
    Tier,
)
from apps.backbone.selectors.admissions import homeroom_years_of, member_condition_errors
from apps.backbone.selectors.honours import honour_names_of
from apps.backbone.selectors.teams import (
    TIER_BOUNDS,
    Composition,
    active_teams,
    composition_problems,
    compositions,
    leader_title_error,
    term_end,
)
from apps.compliance.models import ResultStatus
from apps.compliance.registry import Context, Outcome, data_source, evaluator
from apps.core.schoolyear import school_year
from apps.tenancy.models import District, School

if TYPE_CHECKING:
    from apps.compliance.models import Indicator

S = AdmissionStatus
NO_TEAMS = "本区尚未登记名班主任成长团队。"
Outcomes = dict[int | None, Outcome]


def _status(good: int, judged: int, partial: int = 0) -> str:
    if good == judged:
        return ResultStatus.MET
    if good + partial == 0:
        return ResultStatus.NOT_MET
    return ResultStatus.PARTLY_MET


@evaluator("backbone.teams", kind="computed")
def teams(
    ctx: Context, indicator: Indicator, params: dict[str, Any], schools: Sequence[School]
) -> Outcomes:
    counts = dict(
        active_teams(district=ctx.district, on=ctx.as_of)
        .order_by()
        .values_list("tier")
        .annotate(n=Count("id"))
    )
    parts, missing, ok = [], [], 0
    for tier, (low_key, high_key) in TIER_BOUNDS.items():
        low, high, n = int(params[low_key]), int(params[high_key]), counts.get(tier, 0)
        label = Tier(tier).label
        parts.append(f"{label} {n} 个（{low}–{high}）")
        if low <= n <= high:
            ok += 1
        else:
            missing.append(f"{label}现有{n}个，应为{low}–{high}个")
    status = ResultStatus.MET if ok == len(TIER_BOUNDS) else ResultStatus.PARTLY_MET
    if not counts:
        status = ResultStatus.NOT_MET
    target = "；".join(
        f"{Tier(tier).label}{params[low]}–{params[high]}个"
        for tier, (low, high) in TIER_BOUNDS.items()
    )
    return {None: Outcome(status, value="；".join(parts), target=target, missing=missing)}


def _teams(ctx: Context) -> tuple[list[GrowthTeam], dict[int, Composition]]:
    found = list(active_teams(district=ctx.district, on=ctx.as_of))
    return found, compositions([t.pk for t in found], on=ctx.as_of)


@evaluator("backbone.team_size", kind="computed")
def team_size(
    ctx: Context, indicator: Indicator, params: dict[str, Any], schools: Sequence[School]
) -> Outcomes:
    found, comps = _teams(ctx)
    if not found:
        return {None: Outcome(ResultStatus.NOT_APPLICABLE, note=NO_TEAMS)}
    good, excused, missing, notes = 0, 0, [], []
    for team in found:
        problems = composition_problems(comps.get(team.pk, Composition()), params)
        if not problems:
            good += 1
        elif team.exception_reason:
            excused += 1
            notes.append(
                f"{team.name}：{'；'.join(problems)}（已记录例外：{team.exception_reason}）"
            )
        else:
            missing.append(f"{team.name}：{'；'.join(problems)}，未记录例外说明")
    status = ResultStatus.MET if good == len(found) else (
        ResultStatus.NOT_MET if missing else ResultStatus.PARTLY_MET)  # fmt: skip
    target = (f"每个团队成员不超过{params['team_members_max']}人，同一单位不超过"
              f"{params['same_school_members_max']}人，农村学校成员不少于"
              f"{params['rural_members_min']}人，导师0–{params['team_mentors_max']}名")  # fmt: skip
    return {None: Outcome(status, value=f"{good}/{len(found)} 个团队符合", target=target,
                          missing=missing, note="；".join(notes),
                          evidence=[{"type": "growth_team", "id": t.pk, "label": t.name}
                                    for t in found])}  # fmt: skip


@evaluator("backbone.leader", kind="computed")
def leader(
    ctx: Context, indicator: Indicator, params: dict[str, Any], schools: Sequence[School]
) -> Outcomes:
    found = list(active_teams(district=ctx.district, on=ctx.as_of))
    if not found:
        return {None: Outcome(ResultStatus.NOT_APPLICABLE, note=NO_TEAMS)}
    held = honour_names_of([t.leader_id for t in found], ctx.as_of)
    years = int(params["leader_term_years"])
    good, excused, missing, notes = 0, 0, [], []
    for team in found:
        ends = term_end(team.leader_elected_on, years)
        problem = leader_title_error(team.tier, held.get(team.leader_id, set()), params)
        if ends < ctx.as_of:
            missing.append(
                f"{team.name}：领衔人{team.leader.name}任期已于{ends:%Y-%m-%d}届满，尚未重新评选"
            )
        elif problem and team.leader_exception_reason:
            excused += 1
            notes.append(f"{team.name}：{problem}（例外说明：{team.leader_exception_reason}）")
        elif problem:
            missing.append(f"{team.name}：{problem}，{team.leader.name}尚无该称号")
        else:
            good += 1
    target = f"领衔人具有所在梯队规定称号，且每{years}年评选一次"
    value = f"{good}/{len(found)} 名领衔人符合"
    outcome = Outcome(_status(good, len(found), excused), value=value, target=target)
    outcome.missing, outcome.note = missing, "；".join(notes)
    return {None: outcome}


@evaluator("backbone.member", kind="computed")
def member(
    ctx: Context, indicator: Indicator, params: dict[str, Any], schools: Sequence[School]
) -> Outcomes:
    rows = list(
        GrowthMember.objects.filter(school__in=list(schools), applied_on__lte=ctx.as_of)
        .exclude(status__in=[S.APPLIED, S.DECLINED])
        .filter(Q(left_on__isnull=True) | Q(left_on__gte=ctx.counts_from))
        .select_related("teacher", "team")
    )
    teacher_ids = {m.teacher_id for m in rows}
    held, homeroom = honour_names_of(teacher_ids, ctx.as_of), homeroom_years_of(teacher_ids)
    by_school: dict[int, list[str]] = defaultdict(list)
    counted: dict[int, int] = defaultdict(int)
    bad: dict[int, int] = defaultdict(int)
    for m in rows:
        counted[m.school_id] += 1
        errors = member_condition_errors(
            teacher=m.teacher, tier=m.team.tier, on=m.applied_on, params=params,
            held=held.get(m.teacher_id, set()), homeroom_years=homeroom.get(m.teacher_id, set()),
            homeroom_year=ctx.school_year,
        )  # fmt: skip
        if errors:
            bad[m.school_id] += 1
            by_school[m.school_id].append(f"{m.team.name}：{'；'.join(errors)}")
    outcomes: Outcomes = {}
    for school in schools:
        n = counted.get(school.pk, 0)
        if not n:
            outcomes[school.pk] = Outcome(
                ResultStatus.NOT_APPLICABLE, note="本校尚无推荐的成长团队成员。"
            )
            continue
        problems = by_school.get(school.pk, [])
        outcomes[school.pk] = Outcome(
            _status(n - bad.get(school.pk, 0), n),
            value=f"推荐成员 {n} 人，{'全部符合条件' if not problems else '有成员不符合条件'}",
            target="现任班主任；第一梯队班主任工作满8年并具有规定称号或奖项，第二梯队满3年（按方案参数）",
            missing=problems,
        )
    return outcomes


@evaluator("backbone.growth_assess", kind="computed")
def growth_assess(
    ctx: Context, indicator: Indicator, params: dict[str, Any], schools: Sequence[School]
) -> Outcomes:
    year = ctx.school_year if ctx.period.end < ctx.as_of else ctx.school_year - 1
    period = school_year(year)
    members = list(
        GrowthMember.objects.filter(district=ctx.district, status=S.CONFIRMED,
                                    confirmed_on__lte=period.end)
        .filter(Q(left_on__isnull=True) | Q(left_on__gt=period.end)
                | Q(leave_reason="assessment", left_on__gt=period.start))
        .select_related("teacher", "team")
    )  # fmt: skip
    if not members:
        return {
            None: Outcome(ResultStatus.NOT_APPLICABLE, note=f"{period.label}无在册成长团队成员。")
        }
    assessed = {a.member_id: a for a in GrowthAssessment.objects.filter(
        member_id__in=[m.pk for m in members], year=year)}  # fmt: skip
    missing = [f"{m.team.name}：{m.teacher.name}未录入{period.label}考核" for m in members
               if m.pk not in assessed]  # fmt: skip
    missing += [
        f"{m.team.name}：{m.teacher.name}考核调整出团队，尚未办理退出"
        for m in members
        if m.pk in assessed and assessed[m.pk].decision == Decision.OUT and m.left_on is None
    ]
    good = len(members) - len(missing)
    note = "" if year == ctx.school_year else f"本学年尚未结束，按上一学年（{period.label}）判断。"
    value = f"{len(assessed)}/{len(members)} 名成员已考核"
    target = "每学年对每名在册成员完成考核，并按结果调整成员资格"
    outcome = Outcome(_status(max(good, 0), len(members)), value=value, target=target)
    outcome.missing, outcome.note = missing, note
    return {None: outcome}


@data_source("backbone_teams")
def fingerprint(district: District, school_year: int, school: School | None = None) -> str:
    """Counts and last changes of the district's teams, mentors, members, assessments and
    honours (of one school's members and the district's teams when `school` is given)."""
    teams = GrowthTeam.objects.filter(district=district)
    people = Q(district=district) if school is None else Q(school=school)
    rows = [teams, Mentor.objects.filter(team__district=district),
            GrowthMember.objects.filter(people), GrowthAssessment.objects.filter(people),
            HomeroomHonour.objects.filter(district=district)]  # fmt: skip
    parts = []
    for queryset in rows:
        stats = queryset.aggregate(n=Count("id"), last=Max("updated_at"))
        parts.append(f"{stats['n']}:{stats['last']}")
    return "|".join(parts)
