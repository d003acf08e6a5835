"""lishui-2015's indicators computed from the school's records.

* `probation.eligibility` — LS15-ELIGIBLE: every homeroom teacher of the year has the
  pack's years of teaching and the certificate's level; one short of them with a leader's
  recorded exception is shown as 例外任用 with its reason (partly met: never silently met);
  one short without an exception is missing.
* `probation.home_visits` — LS15-HOMEVISIT: each class's homes visited in the year against
  its students (the pack's share); before the year has ended a shortfall is not yet due
  (a reading, in the pack).
* `probation.excellent_deputies` — LS15-DEPUTY: every excellent homeroom teacher (the
  pack's reading: homeroom years at least N) has a deputy on their class this year.
* `probation.homeroom_years` — LS15-VETO: the teachers whose homeroom years are below the
  minimum (a reading). The rule vetoes their promotion and appointments; it obliges no
  school to anything it could fall short of, so the result is never 未达标: it is 不适用 with
  the list, for the school's promotion and appointment rounds.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Exists, OuterRef

from apps.compliance.models import ResultStatus
from apps.compliance.registry import Context, Outcome, evaluator
from apps.core.schoolyear import full_years_between
from apps.people.models import DEPUTY_ROLES, AssignmentRole, HomeroomAssignment
from apps.people.selectors import homeroom_shortfall
from apps.probation.selectors.eligibility import (
    class_visits,
    excepted,
    short_of_homeroom_years,
)

from .probation import _named

if TYPE_CHECKING:
    from apps.compliance.models import Indicator
    from apps.tenancy.models import School


def _status(good: int, total: int) -> str:
    if good >= total:
        return ResultStatus.MET
    return ResultStatus.NOT_MET if good == 0 else ResultStatus.PARTLY_MET


def _homeroom_teachers(ctx: Context, schools: Sequence[School]) -> dict[int, dict[int, Any]]:
    """Per school: {teacher id: teacher} of the year's homeroom posts (one query)."""
    found: dict[int, dict[int, Any]] = defaultdict(dict)
    for a in (
        HomeroomAssignment.objects.filter(
            school__in=schools, school_year=ctx.school_year, role=AssignmentRole.HOMEROOM
        )
        .select_related("teacher")
        .order_by("school_id", "teacher__employee_no")
    ):
        found[a.school_id][a.teacher_id] = a.teacher
    return found


@evaluator("probation.eligibility", kind="computed")
def eligibility(
    ctx: Context, indicator: Indicator, params: dict[str, Any], schools: Sequence[School]
) -> dict[int | None, Outcome]:
    min_years = int(params.get("min_teaching_years", 1))
    level = str(params.get("min_psych_certificate", "C"))
    teachers = _homeroom_teachers(ctx, schools)
    ids = [t for mine in teachers.values() for t in mine]
    exceptions = excepted(ids, [ctx.school_year])
    outcomes: dict[int | None, Outcome] = {}
    for school in schools:
        mine = teachers.get(school.pk, {})
        if not mine:
            outcomes[school.pk] = Outcome(
                ResultStatus.NO_DATA, note=f"{ctx.school_year}学年没有班主任任职记录。"
            )
            continue
        missing, allowed = [], []
        for teacher in mine.values():
            reasons = homeroom_shortfall(
                teacher, on=ctx.as_of, min_years=min_years, min_certificate=level
            )
            reason = exceptions.get((teacher.pk, ctx.school_year))
            if reasons and reason:
                allowed.append(f"{teacher.name}：例外任用（原因：{reason}；{'、'.join(reasons)}）")
            elif reasons:
                missing.append(f"{teacher.name}：{'、'.join(reasons)}")
        eligible = len(mine) - len(missing) - len(allowed)
        status = _status(eligible, len(mine))
        if status == ResultStatus.NOT_MET and allowed:
            status = ResultStatus.PARTLY_MET
        outcomes[school.pk] = Outcome(
            status,
            value=f"符合任职条件 {eligible}/{len(mine)} 人"
            + (f"；例外任用 {len(allowed)} 人" if allowed else ""),
            target=f"全部班主任教学经历满 {min_years} 年且持心理健康教育{level}级及以上证书",
            missing=_named(missing + allowed),
            note="例外任用的班主任列在缺项中（原则上须具备任职条件），不计为符合。"
            if allowed
            else "",
        )
    return outcomes


@evaluator("probation.home_visits", kind="computed")
def home_visits(
    ctx: Context, indicator: Indicator, params: dict[str, Any], schools: Sequence[School]
) -> dict[int | None, Outcome]:
    share = Decimal(str(params.get("coverage", 1)))
    year_end = bool(params.get("judged_at_year_end", True))
    visits = class_visits(schools=schools, school_year=ctx.school_year)
    ended = ctx.as_of >= ctx.period.end
    outcomes: dict[int | None, Outcome] = {}
    for school in schools:
        mine = [c for c in visits.get(school.pk, []) if c.school_class.student_count > 0]
        if not mine:
            outcomes[school.pk] = Outcome(
                ResultStatus.NO_DATA,
                note=f"{ctx.school_year}学年没有登记学生人数的班级，请先在班级中填写学生人数。",
            )
            continue
        missing = []
        for c in mine:
            needed = math.ceil(share * c.school_class.student_count)
            if c.homes < needed:
                missing.append(
                    f"{c.school_class}：已家访 {c.homes}/{c.school_class.student_count} 户"
                )
        status = _status(len(mine) - len(missing), len(mine))
        note = ""
        if missing and year_end and not ended:
            status, note = (
                ResultStatus.NOT_YET_DUE,
                "学年尚未结束：家访在学年内完成即可，下列为目前进度。",
            )
        outcomes[school.pk] = Outcome(
            status,
            value=f"家访覆盖全体学生的班级 {len(mine) - len(missing)}/{len(mine)} 个",
            target=f"每个班级家访学生数 ≥ 学生人数的 {share * 100:.0f}%",
            missing=_named(missing),
            note=note,
        )
    return outcomes


@evaluator("probation.excellent_deputies", kind="computed")
def excellent_deputies(
    ctx: Context, indicator: Indicator, params: dict[str, Any], schools: Sequence[School]
) -> dict[int | None, Outcome]:
    min_years = int(params.get("min_homeroom_years", 5))
    deputy = HomeroomAssignment.objects.filter(
        school_class=OuterRef("school_class"), role__in=DEPUTY_ROLES
    )
    rows = (
        HomeroomAssignment.objects.filter(
            school__in=schools, school_year=ctx.school_year, role=AssignmentRole.HOMEROOM,
            teacher__homeroom_since__isnull=False,
        )
        .annotate(has_deputy=Exists(deputy))
        .select_related("teacher", "school_class")
        .order_by("school_id", "teacher__employee_no")
    )  # fmt: skip
    found: dict[int, list[tuple[str, bool]]] = defaultdict(list)
    for a in rows:
        if full_years_between(a.teacher.homeroom_since, ctx.as_of) >= min_years:
            found[a.school_id].append((f"{a.teacher.name}（{a.school_class}）", a.has_deputy))
    outcomes: dict[int | None, Outcome] = {}
    target = f"担任班主任满 {min_years} 年的优秀班主任（解释）所带班级均配有副班主任或助理班主任"
    for school in schools:
        mine = found.get(school.pk, [])
        if not mine:
            outcomes[school.pk] = Outcome(
                ResultStatus.NOT_APPLICABLE,
                note=f"本学年没有担任班主任满 {min_years} 年的班主任（“优秀班主任”的解释口径）。",
            )
            continue
        missing = [f"{label}：未配副班主任" for label, has in mine if not has]
        outcomes[school.pk] = Outcome(
            _status(len(mine) - len(missing), len(mine)),
            value=f"已配副班主任 {len(mine) - len(missing)}/{len(mine)} 人",
            target=target,
            missing=_named(missing),
        )
    return outcomes


@evaluator("probation.homeroom_years", kind="computed")
def homeroom_years(
    ctx: Context, indicator: Indicator, params: dict[str, Any], schools: Sequence[School]
) -> dict[int | None, Outcome]:
    min_years = int(params.get("min_homeroom_years", 1))
    short = short_of_homeroom_years(schools=schools, min_years=min_years, on=ctx.as_of)
    outcomes: dict[int | None, Outcome] = {}
    for school in schools:
        mine = short.get(school.pk, [])
        outcomes[school.pk] = Outcome(
            ResultStatus.NOT_APPLICABLE,
            value=f"班主任工作经历不满 {min_years} 年的教师 {len(mine)} 人",
            target=f"晋升、聘任、骨干评选和中层聘任的候选人班主任工作经历满 {min_years} 年（解释）",
            evidence=[
                {
                    "type": "teacher",
                    "id": row.teacher.pk,
                    "label": f"{row.teacher.name}：班主任工作 {row.years} 年",
                }
                for row in mine[:30]
            ],
            note="本条在职务评审、岗位聘任、骨干评选和中层聘任时一票否决，约束的是评聘而非学校："
            "名单中的教师参评时不予通过，学校不因此计为未达标。",
        )
    return outcomes


__all__ = ["eligibility", "excellent_deputies", "home_visits", "homeroom_years"]
