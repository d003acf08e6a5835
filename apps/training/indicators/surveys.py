"""The evaluator of the training needs survey (PT24-NEEDS): "开展区校两级的研修调研，通过问卷
调查、访谈等形式，开展班主任专业能力的评估，了解班主任培训的实际需求".

Read with the pack's parameters: in the school year, a needs survey at each of the
pack's levels (`levels`: the district's own survey, school null; the school's own), and
at least `response_share` of the school's homeroom teachers answered one of them (the
survey is how the product records the assessment; interviews are not recorded). A rule per
school year: judged once the year has ended, with the progress shown before.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Q

from apps.compliance.models import ResultStatus
from apps.compliance.registry import Context, Outcome, evaluator
from apps.training.models import Survey, SurveyResponse

from .common import _due_at_year_end, _named, homeroom_teachers_of

if TYPE_CHECKING:
    from apps.compliance.models import Indicator
    from apps.tenancy.models import School

LEVELS = {"district": "区级", "school": "校级"}


def _surveys_of_year(schools: Sequence[School], ctx: Context) -> list[tuple[int, int, int | None]]:
    """(survey id, district id, school id or None) of the year's surveys: the districts'
    own and the schools' (one query)."""
    return list(
        Survey.objects.filter(
            Q(school__isnull=True, district_id__in={s.district_id for s in schools})
            | Q(school__in=schools),
            created_at__date__gte=ctx.period.start,
            created_at__date__lte=min(ctx.as_of, ctx.period.end),
        ).values_list("id", "district_id", "school_id")
    )


def _levels_held(
    surveys: list[tuple[int, int, int | None]], school: School
) -> tuple[set[str], list[int]]:
    """The levels held for the school and the ids of the surveys its teachers answer."""
    held: set[str] = set()
    ids: list[int] = []
    for survey_id, district_id, school_id in surveys:
        if school_id is None and district_id == school.district_id:
            held.add("district")
            ids.append(survey_id)
        elif school_id == school.pk:
            held.add("school")
            ids.append(survey_id)
    return held, ids


def _status(levels_short: list[str], answered: int, total: int, share: Decimal) -> str:
    if not levels_short and Decimal(answered) >= share * total:
        return ResultStatus.MET
    return ResultStatus.NOT_MET if answered == 0 else ResultStatus.PARTLY_MET


@evaluator("training.needs_survey", kind="computed")
def needs_survey(
    ctx: Context, indicator: Indicator, params: dict[str, Any], schools: Sequence[School]
) -> dict[int | None, Outcome]:
    """PT24-NEEDS, in three queries: the year's homeroom teachers, the year's surveys, and
    which of those teachers answered which survey."""
    share = Decimal(str(params["response_share"]))
    levels = [level for level in params["levels"] if level in LEVELS]
    teachers = homeroom_teachers_of(ctx, schools)
    surveys = _surveys_of_year(schools, ctx)
    answered_by: dict[int, set[int]] = defaultdict(set)
    for survey_id, teacher_id in SurveyResponse.objects.filter(
        survey_id__in=[s[0] for s in surveys],
        teacher_id__in=[t for mine in teachers.values() for t in mine],
    ).values_list("survey_id", "teacher_id"):
        answered_by[teacher_id].add(survey_id)
    goal = f"{'、'.join(LEVELS[lv] for lv in levels)}需求调研，≥ {share * 100:.0f}% 班主任作答"
    outcomes: dict[int | None, Outcome] = {}
    for school in schools:
        mine = teachers.get(school.pk, {})
        if not mine:
            outcomes[school.pk] = Outcome(
                ResultStatus.NO_DATA, note=f"{ctx.school_year}学年没有班主任任职记录。"
            )
            continue
        held, ids = _levels_held(surveys, school)
        short = [level for level in levels if level not in held]
        silent = [name for tid, name in mine.items() if not answered_by[tid] & set(ids)]
        answered = len(mine) - len(silent)
        outcomes[school.pk] = Outcome(
            _status(short, answered, len(mine), share),
            value=f"{answered}/{len(mine)} 名班主任已作答（{answered * 100 // len(mine)}%）",
            target=goal,
            missing=[f"本学年尚未开展{LEVELS[level]}研修需求调研" for level in short]
            + _named([f"{name}：未作答本学年的需求调研" for name in silent] if ids else []),
        )
    return _due_at_year_end(ctx, outcomes)
