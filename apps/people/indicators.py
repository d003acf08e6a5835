"""People evaluators registered into the compliance engine.

* `people.homeroom_staffing` — XH26-A1-4: every class of the school year has a homeroom
  teacher (coverage against `coverage_target`), and the deputy pilot is present (at least
  `min_deputy_assignments` deputy assignments). Two aggregate queries for all schools.
  XH26-A1-4 combines it (all_of) with probation's reserve pool and the workforce plan.

LS15-ELIGIBLE is computed by probation (`probation.eligibility`: the conditions with the
recorded exceptions), from `selectors.homeroom_shortfall`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Max, Q

from apps.compliance.models import ResultStatus
from apps.compliance.registry import Context, Outcome, data_source, evaluator
from apps.tenancy.models import District

from .models import (
    DEPUTY_ROLES,
    AssignmentRole,
    HomeroomAssignment,
    SchoolClass,
    Teacher,
)

if TYPE_CHECKING:
    from apps.compliance.models import Indicator
    from apps.tenancy.models import School

MAX_NAMED = 30  # missing items listed by name; the rest are counted


def _named(items: list[str]) -> list[str]:
    if len(items) <= MAX_NAMED:
        return items
    return [*items[:MAX_NAMED], f"……另有 {len(items) - MAX_NAMED} 项"]


def _percent(value: Decimal | float) -> str:
    return f"{Decimal(value) * 100:.0f}%"


@evaluator("people.homeroom_staffing", kind="computed")
def homeroom_staffing(
    ctx: Context, indicator: Indicator, params: dict[str, Any], schools: Sequence[School]
) -> dict[int | None, Outcome]:
    """XH26-A1-4: every class has its homeroom teacher, and deputies are piloted — two
    aggregate queries for all schools."""
    target = Decimal(str(params.get("coverage_target", 1)))
    min_deputies = int(params.get("min_deputy_assignments", 1))
    totals, uncovered = _classes_and_uncovered(schools, ctx.school_year)
    deputies = dict(
        HomeroomAssignment.objects.filter(
            school__in=schools, school_year=ctx.school_year, role__in=DEPUTY_ROLES
        )
        .values("school_id")
        .annotate(n=Count("id"))
        .values_list("school_id", "n")
    )
    outcomes: dict[int | None, Outcome] = {}
    for school in schools:
        total = totals.get(school.pk, 0)
        if total == 0:
            outcomes[school.pk] = Outcome(
                ResultStatus.NO_DATA,
                note=f"{ctx.school_year}学年没有班级记录，请先录入或导入班级。",
            )
            continue
        outcomes[school.pk] = _staffing_outcome(
            ctx,
            total=total,
            uncovered=uncovered[school.pk],
            deputy_count=deputies.get(school.pk, 0),
            target=target,
            min_deputies=min_deputies,
        )
    return outcomes


def _classes_and_uncovered(
    schools: Sequence[School], school_year: int
) -> tuple[dict[int, int], dict[int, list[str]]]:
    """Per school: its classes of the year, and the names of those without a homeroom
    teacher (one query)."""
    classes = (
        SchoolClass.objects.filter(school__in=schools, school_year=school_year)
        .annotate(
            has_homeroom=Count("assignments", filter=Q(assignments__role=AssignmentRole.HOMEROOM))
        )
        .order_by("school_id", "grade", "name")
        .values_list("school_id", "id", "grade", "name", "has_homeroom")
    )
    uncovered: dict[int, list[str]] = defaultdict(list)
    totals: dict[int, int] = defaultdict(int)
    grade_label = dict(SchoolClass._meta.get_field("grade").choices or [])
    for school_id, _pk, grade, name, has_homeroom in classes:
        totals[school_id] += 1
        if not has_homeroom:
            uncovered[school_id].append(f"{grade_label.get(grade, grade)}{name}")
    return totals, uncovered


def _staffing_outcome(
    ctx: Context,
    *,
    total: int,
    uncovered: list[str],
    deputy_count: int,
    target: Decimal,
    min_deputies: int,
) -> Outcome:
    covered = total - len(uncovered)
    coverage = Decimal(covered) / Decimal(total)
    staffed = coverage >= target
    piloted = deputy_count >= min_deputies
    missing = [f"未配班主任：{c}" for c in _named(uncovered)]
    if not piloted:
        missing.append(f"副班主任试点：{deputy_count} 人次，至少 {min_deputies} 人次")
    status = (
        ResultStatus.MET if staffed and piloted
        else ResultStatus.NOT_MET if covered == 0
        else ResultStatus.PARTLY_MET
    )  # fmt: skip
    return Outcome(
        status,
        value=(
            f"班主任配备 {covered}/{total}（{_percent(coverage)}）；副班主任 {deputy_count} 人次"
        ),
        target=f"配备率 ≥ {_percent(target)}；副班主任 ≥ {min_deputies} 人次",
        evidence=[{"type": "count", "id": None, "label": f"{ctx.school_year}学年班级 {total} 个"}],
        missing=missing,
    )


@data_source("people")
def fingerprint(district: District, school_year: int, school: School | None = None) -> str:
    parts = []
    for model in (Teacher, SchoolClass, HomeroomAssignment):
        rows = model.objects.filter(district=district)
        if school is not None:
            rows = rows.filter(school=school)
        stats = rows.aggregate(n=Count("id"), last=Max("updated_at"))
        parts.append(f"{stats['n']}:{stats['last']}")
    return "|".join(parts)
