"""XB23-CREDIT: who has completed the district backbone centralised training, and what
recognising the offset needs.

徐教发〔2023〕29号, 几点说明 1(1): "完成区级骨干集中培训任务，经认定可冲抵区级“知识与技能类”
培训3学分". Read with the pack's parameters:

1. the centralised training is the district's own sessions of the backbone layer
   (`TrainingActivity` with no school, `layer = backbone`) held in the cohort
   (`cohort_start` … `cohort_end`) up to the end of the training phase
   (`centralised_training_end`, from the plan's schedule);
2. a teacher has completed it once that phase has ended and they attended at least
   `centralised_training_attendance_share` of those sessions (a ledger row with hours
   left after reversals);
3. the offset is recognised once per teacher per cohort, for a school year of the cohort,
   in the pack's category (`training_credit_offset_category`).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Sum

from apps.core.schoolyear import Period, as_date, school_year_of
from apps.training.models import CreditOffset, Layer, LedgerEntry, TrainingActivity

OFFSET_RULE = "XB23-CREDIT"


@dataclass(frozen=True)
class OffsetRule:
    """The pack's reading of XB23-CREDIT."""

    credits: Decimal
    category: str
    cohort: Period
    training_ends: dt.date
    attendance_share: Decimal

    @property
    def school_years(self) -> list[int]:
        first, last = school_year_of(self.cohort.start), school_year_of(self.cohort.end)
        return list(range(first, last + 1))

    @property
    def sessions_until(self) -> dt.date:
        return min(self.training_ends, self.cohort.end)


def offset_rule(params: dict[str, Any]) -> OffsetRule | None:
    """The rule from a district's (or an indicator's) parameters; None when the packs do
    not define the offset."""
    if params.get("training_credit_offset") is None:
        return None
    return OffsetRule(
        credits=Decimal(str(params["training_credit_offset"])),
        category=str(params["training_credit_offset_category"]),
        cohort=Period(as_date(params["cohort_start"]), as_date(params["cohort_end"]), "本届培养期"),
        training_ends=as_date(params["centralised_training_end"]),
        attendance_share=Decimal(str(params["centralised_training_attendance_share"])),
    )


@dataclass(frozen=True)
class Completion:
    """A teacher's attendance of the centralised training: sessions attended of those
    held, and whether that completes it."""

    attended: int
    held: int
    completed: bool
    hours: Decimal


def backbone_completion(
    *,
    rule: OffsetRule,
    district_ids: Iterable[int],
    as_of: dt.date,
    schools: Iterable[Any] | None = None,
    teacher_ids: Iterable[int] | None = None,
) -> dict[int, Completion]:
    """{teacher id: Completion} for the teachers of `schools` (or those of `teacher_ids`)
    with any centralised-training hours, in two queries (the sessions held per district,
    the teachers' hours per session)."""
    districts = set(district_ids)
    scope: dict[str, Any] = (
        {"school__in": list(schools)}
        if schools is not None
        else {"teacher_id__in": list(teacher_ids or [])}
    )
    sessions = TrainingActivity.objects.filter(
        district_id__in=districts,
        school__isnull=True,
        layer=Layer.BACKBONE,
        date__gte=rule.cohort.start,
        date__lte=min(rule.sessions_until, as_of),
    )
    held = dict(
        sessions.values("district_id").annotate(n=Count("id")).values_list("district_id", "n")
    )
    attended: dict[int, int] = defaultdict(int)
    hours: dict[int, Decimal] = defaultdict(Decimal)
    teacher_district: dict[int, int] = {}
    for row in (
        LedgerEntry.objects.filter(district_id__in=districts, activity__in=sessions, **scope)
        .values("teacher_id", "district_id", "activity_id")
        .annotate(h=Sum("hours"))
        .filter(h__gt=0)
        .order_by()
    ):
        attended[row["teacher_id"]] += 1
        hours[row["teacher_id"]] += row["h"]
        teacher_district[row["teacher_id"]] = row["district_id"]
    ended = as_of > rule.training_ends
    result = {}
    for teacher_id, count in attended.items():
        total = held.get(teacher_district[teacher_id], 0)
        share_ok = total > 0 and Decimal(count) / Decimal(total) >= rule.attendance_share
        result[teacher_id] = Completion(count, total, ended and share_ok, hours[teacher_id])
    return result


def cohort_offsets(*, rule: OffsetRule, teacher_ids: Iterable[int]) -> dict[int, CreditOffset]:
    """{teacher id: their XB23-CREDIT offset recognised in the cohort} (one query)."""
    return {
        offset.teacher_id: offset
        for offset in CreditOffset.objects.filter(
            teacher_id__in=list(teacher_ids),
            rule_id=OFFSET_RULE,
            school_year__in=rule.school_years,
        ).order_by("school_year", "pk")
    }


def completion_text(completion: Completion | None, rule: OffsetRule) -> str:
    """In Chinese, for pages and results: "参加 3/4 次（12.0 学时）"."""
    if completion is None:
        return "未参加区级骨干集中培训"
    return f"参加 {completion.attended}/{completion.held} 次（{completion.hours:.1f} 学时）"
