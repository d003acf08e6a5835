"""The tiered-studio featured project (梯级工作室, XH26-A2P-4.1…4.3); the pack keeps them
not applicable to a school that did not choose the project.

* `studios.rules` — XH26-A2P-4.1: the district's studio rules (school null) accepted and
  the school's own accepted; one of the two is partly met.
* `studios.themes` — XH26-A2P-4.2: each active school studio has between the pack's
  minimum and maximum research themes and at least one staged outcome; the studio short
  of it is named.
* `studios.collection` — XH26-A2P-4.3: at least one outcome of the school's studios (its
  own, and district studios its teachers host) completed this school year and taken
  into the district's 成果集. The text sets no number: this is the parameter-free
  reading, said in the note.

One query each for any number of schools.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from apps.compliance.models import ResultStatus
from apps.compliance.registry import Context, Outcome, evaluator
from apps.studios.models import RulesStatus, Team
from apps.studios.selectors.compliance import promoted_outcomes, rules_statuses, school_studios

from .common import named, status_of
from .studios import NO_STUDIO

if TYPE_CHECKING:
    from apps.compliance.models import Indicator
    from apps.tenancy.models import School


def _rules_line(statuses: set[str], whose: str) -> str:
    if RulesStatus.SUBMITTED in statuses:
        return f"{whose}工作室选拔、考核办法及经费标准已提交，待审核通过"
    if RulesStatus.RETURNED in statuses:
        return f"{whose}工作室选拔、考核办法及经费标准已退回，待修改后重新提交"
    return f"{whose}尚未提交工作室选拔、考核办法及经费标准"


@evaluator("studios.rules", kind="computed")
def studio_rules(
    ctx: Context, indicator: Indicator, params: dict[str, Any], schools: Sequence[School]
) -> dict[int | None, Outcome]:
    found: dict[int | None, set[str]] = defaultdict(set)
    for school_id, status in rules_statuses(
        district=ctx.district, school_ids=[s.pk for s in schools]
    ):
        found[school_id].add(status)
    district_ok = RulesStatus.ACCEPTED in found[None]
    outcomes: dict[int | None, Outcome] = {}
    for school in schools:
        school_ok = RulesStatus.ACCEPTED in found[school.pk]
        missing = [] if district_ok else [_rules_line(found[None], "区级")]
        missing += [] if school_ok else [_rules_line(found[school.pk], "本校")]
        good = int(district_ok) + int(school_ok)
        outcomes[school.pk] = Outcome(
            status_of(good, 2),
            value=f"已审核通过 {good}/2 份（区级、校级）",
            target="区校两级工作室选拔、考核办法及经费标准均审核通过",
            missing=missing,
        )
    return outcomes


def _theme_problems(studio: Team, low: int, high: int) -> list[str]:
    themes = int(studio.theme_count)  # type: ignore[attr-defined]
    problems = []
    if themes < low:
        problems.append(f"{studio.name}：研究主题 {themes} 个，少于 {low} 个")
    elif themes > high:
        problems.append(f"{studio.name}：研究主题 {themes} 个，多于 {high} 个")
    if not studio.staged_count:  # type: ignore[attr-defined]
        problems.append(f"{studio.name}：尚无阶段性成果")
    return problems


@evaluator("studios.themes", kind="computed")
def studio_themes(
    ctx: Context, indicator: Indicator, params: dict[str, Any], schools: Sequence[School]
) -> dict[int | None, Outcome]:
    low, high = int(params["themes_min"]), int(params["themes_max"])
    studios: dict[int, list[Team]] = defaultdict(list)
    for studio in school_studios(school_ids=[s.pk for s in schools]):
        studios[studio.school_id or 0].append(studio)
    target = f"每个工作室聚焦 {low}—{high} 个研究主题并形成阶段性成果"
    outcomes: dict[int | None, Outcome] = {}
    for school in schools:
        mine = studios.get(school.pk, [])
        if not mine:
            outcomes[school.pk] = Outcome(ResultStatus.NOT_MET, target=target, missing=[NO_STUDIO])
            continue
        problems = [_theme_problems(s, low, high) for s in mine]
        good = sum(1 for p in problems if not p)
        outcomes[school.pk] = Outcome(
            status_of(good, len(mine)),
            value=f"符合要求的工作室 {good}/{len(mine)} 个",
            target=target,
            missing=named([line for p in problems for line in p]),
        )
    return outcomes


@evaluator("studios.collection", kind="computed")
def studio_collection(
    ctx: Context, indicator: Indicator, params: dict[str, Any], schools: Sequence[School]
) -> dict[int | None, Outcome]:
    found: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for owner, title, studio in promoted_outcomes(
        school_ids=[s.pk for s in schools], start=ctx.period.start, end=ctx.period.end
    ):
        found[owner].append((title, studio))
    note = (
        "原文未规定数量：以本学年完成、已收入区“徐汇经验成果集”的本校工作室成果"
        "（含本校教师主持的区级工作室）至少 1 项计。"
    )
    outcomes: dict[int | None, Outcome] = {}
    for school in schools:
        mine = found.get(school.pk, [])
        outcomes[school.pk] = Outcome(
            ResultStatus.MET if mine else ResultStatus.NOT_MET,
            value=f"收入成果集 {len(mine)} 项",
            target="本学年有工作室成果收入区成果集",
            evidence=[{"type": "outcome", "id": None, "label": f"{s}：{t}"} for t, s in mine],
            missing=[] if mine else [f"{ctx.school_year}学年尚无本校工作室成果收入区成果集"],
            note=note,
        )
    return outcomes
