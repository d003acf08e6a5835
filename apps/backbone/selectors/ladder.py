"""XH26-LADDER: each homeroom teacher's rung — 职初 / 骨干 / 卓越 — on a day, with the date
it was reached and its basis, for many teachers at once.

How the data make a rung is an interpretation, read from xuhui-2026's parameters under
XH26-LADDER (all `interpretation: true`, shown on the pages):

* 卓越: at least `ladder_excellent_min_homeroom_years` years as homeroom teacher
  (Teacher.homeroom_since) and one of `ladder_excellent_honours`;
* 骨干: at least `ladder_backbone_min_homeroom_years` years and a backbone status — an
  active or completed BackboneMember, a confirmed GrowthMember, an elected pool entry —
  or one of `ladder_backbone_honours` (or an excellent one);
* 职初: every other homeroom teacher.

A school that pilots a homeroom rating records it (HomeroomRating); its latest rating on
or before the day wins over the computed rung. Six queries for any number of teachers."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import F, Q, QuerySet

from apps.backbone.models import (
    AdmissionStatus,
    BackboneMember,
    FamousLevel,
    GrowthMember,
    HomeroomRating,
    Honour,
    PoolEntry,
    PoolStatus,
    Rung,
)
from apps.backbone.selectors.honours import honour_dates_of, honour_value
from apps.compliance import packs as pack_data
from apps.compliance.models import PackParameter
from apps.core.schoolyear import full_years_between, school_year
from apps.people.models import Teacher
from apps.tenancy.models import District, School
from apps.training.selectors import district_parameters

LADDER_KEYS = (
    "ladder_backbone_min_homeroom_years",
    "ladder_backbone_honours",
    "ladder_excellent_min_homeroom_years",
    "ladder_excellent_honours",
)
RECORDED = "recorded"
COMPUTED = "computed"


@dataclass(frozen=True)
class LadderRules:
    backbone_years: int
    backbone_honours: frozenset[str]
    excellent_years: int
    excellent_honours: frozenset[str]

    @classmethod
    def of(cls, values: dict[str, Any]) -> LadderRules:
        def honours(key: str) -> frozenset[str]:
            return frozenset(v for v in (honour_value(x) for x in values[key]) if v)

        return cls(
            backbone_years=int(values["ladder_backbone_min_homeroom_years"]),
            backbone_honours=honours("ladder_backbone_honours"),
            excellent_years=int(values["ladder_excellent_min_homeroom_years"]),
            excellent_honours=honours("ladder_excellent_honours"),
        )


def ladder_rules(*, district: District) -> LadderRules | None:
    """The district's ladder parameters, None where no pack of it has XH26-LADDER."""
    values = district_parameters(district=district)
    if not all(key in values for key in LADDER_KEYS):
        return None
    return LadderRules.of(values)


@dataclass
class RungReading:
    teacher_id: int
    rung: str
    since: dt.date | None
    basis: list[str] = field(default_factory=list)
    source: str = COMPUTED

    @property
    def label(self) -> str:
        return str(Rung(self.rung).label)

    @property
    def basis_text(self) -> str:
        return "；".join(self.basis)


def _statuses(ids: list[int], on: dt.date) -> dict[int, list[tuple[dt.date, str]]]:
    """{teacher id: [(since, what)]} of the backbone statuses held on `on`; three queries."""
    found: dict[int, list[tuple[dt.date, str]]] = defaultdict(list)
    members = BackboneMember.objects.filter(teacher_id__in=ids, joined_on__lte=on).filter(
        Q(left_on__isnull=True) | Q(left_on__gte=F("cohort__ends_on"))
    )
    for tid, day, name in members.values_list("teacher_id", "joined_on", "cohort__name"):
        found[tid].append((day, f"骨干：{name}"))
    growth = GrowthMember.objects.filter(
        teacher_id__in=ids, status=AdmissionStatus.CONFIRMED, confirmed_on__lte=on
    ).filter(Q(left_on__isnull=True) | Q(left_on__gt=on))
    for tid, confirmed, team in growth.values_list("teacher_id", "confirmed_on", "team__name"):
        if confirmed is not None:
            found[tid].append((confirmed, f"成长团队成员：{team}"))
    pool = PoolEntry.objects.filter(teacher_id__in=ids, status=PoolStatus.ELECTED)
    for tid, year, level in pool.values_list("teacher_id", "year", "level"):
        start = school_year(year).start
        if start <= on:
            found[tid].append((start, f"{year}年度人才库（{_level_label(level)}）"))
    return found


def _level_label(level: str) -> str:
    return str(FamousLevel(level).label)


def _reached(years_day: dt.date | None, dates: list[dt.date]) -> dt.date | None:
    if years_day is None or not dates:
        return None
    return max(years_day, min(dates))


def _computed(
    teacher: Teacher,
    on: dt.date,
    rules: LadderRules,
    honours: dict[str, dt.date],
    statuses: list[tuple[dt.date, str]],
) -> RungReading:
    since = teacher.homeroom_since
    years = full_years_between(since, on)
    basis = [f"班主任工作 {years} 年" if since else "未登记首次担任班主任时间"]
    basis += [what for _, what in statuses]
    basis += [f"称号：{honour_label(h)}" for h in sorted(honours)]

    def after(n: int) -> dt.date | None:
        return None if since is None else _add_years(since, n)

    excellent = [d for h, d in honours.items() if h in rules.excellent_honours]
    if years >= rules.excellent_years and excellent:
        return RungReading(
            teacher.pk, Rung.EXCELLENT, _reached(after(rules.excellent_years), excellent), basis
        )
    backbone = [d for d, _ in statuses] + [
        d for h, d in honours.items() if h in rules.backbone_honours | rules.excellent_honours
    ]
    if years >= rules.backbone_years and backbone:
        return RungReading(
            teacher.pk, Rung.BACKBONE, _reached(after(rules.backbone_years), backbone), basis
        )
    return RungReading(teacher.pk, Rung.JUNIOR, since, basis)


def honour_label(value: str) -> str:
    return str(Honour(value).label)


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _ratings(ids: list[int], on: dt.date) -> dict[int, HomeroomRating]:
    latest: dict[int, HomeroomRating] = {}
    for rating in HomeroomRating.objects.filter(teacher_id__in=ids, rated_on__lte=on).order_by(
        "teacher_id", "-rated_on", "-id"
    ):
        latest.setdefault(rating.teacher_id, rating)
    return latest


def rungs_of(
    teacher_ids: Iterable[int],
    *,
    on: dt.date,
    district: District,
    rules: LadderRules | None = None,
) -> dict[int, RungReading]:
    """{teacher id: RungReading} on `on`; {} where the district has no ladder rules."""
    rules = rules or ladder_rules(district=district)
    ids = sorted(set(teacher_ids))
    if rules is None or not ids:
        return {}
    teachers = Teacher.objects.filter(pk__in=ids, district=district).only(
        "id", "homeroom_since", "school_id"
    )
    honours = honour_dates_of(ids, on=on)
    statuses = _statuses(ids, on)
    ratings = _ratings(ids, on)
    found: dict[int, RungReading] = {}
    for teacher in teachers:
        rating = ratings.get(teacher.pk)
        if rating is not None:
            found[teacher.pk] = RungReading(
                teacher.pk, rating.rung, rating.rated_on, [f"学校评级：{rating.basis}"], RECORDED
            )
        else:
            found[teacher.pk] = _computed(
                teacher, on, rules, honours.get(teacher.pk, {}), statuses.get(teacher.pk, [])
            )
    return found


def school_ladder(*, school: School, on: dt.date) -> list[tuple[Teacher, RungReading]]:
    """The school's active teachers who have been homeroom teachers (or were rated), each
    with their rung; the teacher list is one query more."""
    teachers = list(
        Teacher.objects.filter(school=school, is_active=True)
        .filter(Q(homeroom_since__isnull=False) | Q(homeroom_ratings__isnull=False))
        .distinct()
        .order_by("name", "id")
    )
    rungs = rungs_of([t.pk for t in teachers], on=on, district=school.district)
    return [(t, rungs[t.pk]) for t in teachers if t.pk in rungs]


@dataclass(frozen=True)
class ShownParameter:
    key: str
    label: str
    value: Any
    unit: str
    interpretation: bool
    note: str

    @property
    def shown(self) -> str:
        value = "、".join(map(str, self.value)) if isinstance(self.value, list) else self.value
        return f"{value}{self.unit}" if self.unit else str(value)


def rule_parameters(*, district: District, rule_id: str) -> list[ShownParameter]:
    """The parameters of one rule in the district's packs, with its overrides applied, to
    be shown on the page that uses them (interpretations say so)."""
    packs = pack_data.active_packs(district)
    values = district_parameters(district=district)
    rows = PackParameter.objects.filter(pack__in=packs, rule_id=rule_id).order_by("key")
    seen: dict[str, ShownParameter] = {}
    for p in rows:
        seen.setdefault(
            p.key,
            ShownParameter(
                p.key, p.label_zh, values.get(p.key, p.value), p.unit, p.interpretation, p.note_zh
            ),
        )
    return list(seen.values())


def ladder_parameters(*, district: District) -> list[ShownParameter]:
    return rule_parameters(district=district, rule_id="XH26-LADDER")


def school_ratings(*, school: School) -> QuerySet[HomeroomRating]:
    return (
        HomeroomRating.objects.filter(school=school)
        .select_related("teacher", "recorded_by")
        .order_by("-rated_on", "teacher__name", "-id")
    )


__all__ = [
    "COMPUTED",
    "LADDER_KEYS",
    "RECORDED",
    "LadderRules",
    "RungReading",
    "ShownParameter",
    "honour_label",
    "ladder_parameters",
    "ladder_rules",
    "rule_parameters",
    "rungs_of",
    "school_ladder",
    "school_ratings",
]
