"""`studios.workshops` — XB23-WORKSHOP: every workshop counting for the school (hosted in
it; a district workshop counts for its host's school) has a project report (Plan
kind=report) and a course outcome of the form and length the pack sets for its host:

* 院校合作 (an institute researcher hosts): a district online course of at least
  `institute_workshop_course_min_hours`;
* hosted by a 带头人: a district online course of at least `leader_workshop_course_min_hours`;
* hosted by a 中青年骨干: a district online course of at least
  `backbone_workshop_online_course_min_hours`, or a school face-to-face course of at least
  `backbone_workshop_school_course_min_hours`.

A school hosting no workshop is not applicable. Two queries for any number of schools.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from apps.compliance.models import ResultStatus
from apps.compliance.registry import Context, Outcome, evaluator
from apps.studios.models import CourseForm, HostKind, Team, WorkshopType
from apps.studios.selectors.compliance import course_hours, owned_workshops

from .common import named, status_of

if TYPE_CHECKING:
    from apps.compliance.models import Indicator
    from apps.tenancy.models import School

Bars = list[tuple[str, Decimal]]  # any one (course form, minimum hours) is enough


def _bars(workshop: Team, params: dict[str, Any]) -> Bars:
    def hours(key: str) -> Decimal:
        return Decimal(str(params[key]))

    online = CourseForm.DISTRICT_ONLINE
    if (
        workshop.workshop_type == WorkshopType.INSTITUTE
        or workshop.host_kind == HostKind.RESEARCHER
    ):
        return [(online, hours("institute_workshop_course_min_hours"))]
    if workshop.host_kind == HostKind.BACKBONE:
        return [
            (online, hours("backbone_workshop_online_course_min_hours")),
            (CourseForm.SCHOOL_FACE, hours("backbone_workshop_school_course_min_hours")),
        ]
    return [(online, hours("leader_workshop_course_min_hours"))]


def _bars_text(bars: Bars) -> str:
    return "或".join(f"≥{h}学时的{CourseForm(form).label}" for form, h in bars)


def _problems(
    workshop: Team, longest: dict[tuple[int, str], Decimal], params: dict[str, Any]
) -> tuple[list[str], int]:
    """What the workshop lacks, and how many of its two deliverables it has."""
    bars = _bars(workshop, params)
    course = any(longest.get((workshop.pk, form), Decimal(0)) >= h for form, h in bars)
    problems = []
    if not workshop.has_report:  # type: ignore[attr-defined]
        problems.append(f"{workshop.name}：尚无项目报告")
    if not course:
        best = max((longest.get((workshop.pk, form), Decimal(0)) for form, _h in bars))
        shown = f"（已登记最长 {best} 学时）" if best else ""
        problems.append(f"{workshop.name}：尚无{_bars_text(bars)}{shown}")
    return problems, int(bool(workshop.has_report)) + int(course)  # type: ignore[attr-defined]


@evaluator("studios.workshops", kind="computed")
def workshop_deliverables(
    ctx: Context, indicator: Indicator, params: dict[str, Any], schools: Sequence[School]
) -> dict[int | None, Outcome]:
    workshops: dict[int, list[Team]] = defaultdict(list)
    for workshop in owned_workshops(district=ctx.district, school_ids=[s.pk for s in schools]):
        workshops[workshop.owner_school_id].append(workshop)  # type: ignore[attr-defined]
    longest: dict[tuple[int, str], Decimal] = {}
    for team_id, form, hours in course_hours(district=ctx.district):
        key = (team_id, form)
        longest[key] = max(longest.get(key, Decimal(0)), hours or Decimal(0))
    outcomes: dict[int | None, Outcome] = {}
    for school in schools:
        mine = workshops.get(school.pk, [])
        if not mine:
            outcomes[school.pk] = Outcome(
                ResultStatus.NOT_APPLICABLE, note="本校没有主持工作坊的教师。"
            )
            continue
        found = [_problems(w, longest, params) for w in mine]
        good = sum(1 for problems, _n in found if not problems)
        outcomes[school.pk] = Outcome(
            status_of(good, len(mine), some=any(n for _p, n in found)),
            value=f"完成项目报告与课程的工作坊 {good}/{len(mine)} 个",
            target="每个工作坊完成项目报告，并转化为规定学时的研修课程",
            evidence=[{"type": "workshop", "id": w.pk, "label": w.name} for w in mine],
            missing=named([line for problems, _n in found for line in problems]),
        )
    return outcomes
