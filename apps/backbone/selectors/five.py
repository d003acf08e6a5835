"""XB-FIVE reads: "五个一" of xinbei-2023's famous homeroom teachers (an elected talent-pool
entry of that year or before) and confirmed growth-team members (confirmed by the school
year's end, not left before its start), COMPUTED from their development archives
(apps.training ArchiveEntry): 公开课/展示 → 德育公开课, 讲座/交流 → 班级文化建设交流讲座, 带教青年
教师 → 指导青年班主任, 课题研究 → 德育课题（项目）, 论文 → 德育论文. Whether any archive open
lesson counts as a 德育公开课 is the pack's `five_open_lesson_any` (marked 解释); read the
narrow way, only an open lesson whose title names 德育 or 班会 counts.

Three queries for a whole district, whatever the number of schools and teachers."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet

from apps.backbone.models import AdmissionStatus, GrowthMember, PoolEntry, PoolStatus
from apps.core.schoolyear import Period, school_year
from apps.people.selectors import teacher_records_of
from apps.tenancy.models import District
from apps.training.models import ArchiveEntry
from apps.training.selectors import district_parameters

# (archive kind, pack parameter, the item's name)
FIVE_ITEMS: tuple[tuple[str, str, str], ...] = (
    ("open_lesson", "five_open_lessons", "德育公开课"),
    ("lecture", "five_lectures", "班级文化建设交流讲座"),
    ("mentoring", "five_mentees", "指导青年班主任"),
    ("research", "five_projects", "德育课题（项目）研究"),
    ("paper", "five_papers", "德育论文"),
)
ANY_OPEN_LESSON_KEY = "five_open_lesson_any"
MORAL_WORDS = ("德育", "班会")  # the narrow reading of 德育公开课


@dataclass
class FiveRow:
    """One teacher's five ones in a school year: counts per item, what is short."""

    teacher_id: int
    name: str
    school_id: int
    school_name: str
    roles: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def cells(self) -> list[int]:
        return [self.counts.get(kind, 0) for kind, _key, _label in FIVE_ITEMS]


@dataclass(frozen=True)
class FiveRules:
    """The pack's numbers for the five items and its reading of 德育公开课."""

    needed: dict[str, int]
    any_open_lesson: bool

    @classmethod
    def of(cls, params: dict[str, Any]) -> FiveRules:
        needed = {kind: int(params[key]) for kind, key, _label in FIVE_ITEMS}
        return cls(needed=needed, any_open_lesson=bool(params.get(ANY_OPEN_LESSON_KEY, True)))


def five_rules(*, district: District) -> FiveRules | None:
    """The district's XB-FIVE numbers, None where no pack of the district has them."""
    values = district_parameters(district=district)
    if any(key not in values for _kind, key, _label in FIVE_ITEMS):
        return None
    return FiveRules.of(values)


def _pool(district: District, year: int, school_ids: Iterable[int] | None) -> QuerySet[PoolEntry]:
    rows = PoolEntry.objects.filter(district=district, status=PoolStatus.ELECTED, year__lte=year)
    return rows if school_ids is None else rows.filter(school_id__in=list(school_ids))


def _members(
    district: District, period: Period, school_ids: Iterable[int] | None
) -> QuerySet[GrowthMember]:
    rows = GrowthMember.objects.filter(
        district=district, status=AdmissionStatus.CONFIRMED, confirmed_on__lte=period.end
    ).filter(Q(left_on__isnull=True) | Q(left_on__gte=period.start))
    return rows if school_ids is None else rows.filter(school_id__in=list(school_ids))


def _people(
    district: District, year: int, period: Period, school_ids: Iterable[int] | None
) -> dict[int, FiveRow]:
    people: dict[int, FiveRow] = {}

    def row(teacher: Any, school: Any) -> FiveRow:
        if teacher.pk not in people:
            people[teacher.pk] = FiveRow(teacher.pk, teacher.name, school.pk, school.name)
        return people[teacher.pk]

    pool = _pool(district, year, school_ids).select_related("teacher", "school")
    for entry in pool.order_by("teacher_id", "-year"):
        found = row(entry.teacher, entry.school)
        label = entry.get_level_display()
        if label not in found.roles:
            found.roles.append(label)
    members = _members(district, period, school_ids).select_related("teacher", "school", "team")
    for member in members.order_by("teacher_id", "team__name"):
        row(member.teacher, member.school).roles.append(f"团队成员（{member.team.name}）")
    return people


def _counts(
    district: District, year: int, period: Period, school_ids: Iterable[int] | None,
    rules: FiveRules,
) -> dict[tuple[int, str], int]:  # fmt: skip
    ids = list(school_ids) if school_ids is not None else None
    pool = _pool(district, year, ids).values("teacher_id")
    members = _members(district, period, ids).values("teacher_id")
    entries = ArchiveEntry.objects.filter(
        district=district,
        date__range=(period.start, period.end),
        kind__in=[kind for kind, _key, _label in FIVE_ITEMS],
    ).filter(Q(teacher_id__in=pool) | Q(teacher_id__in=members))
    if not rules.any_open_lesson:
        moral = Q()
        for word in MORAL_WORDS:
            moral |= Q(title__contains=word)
        entries = entries.exclude(Q(kind="open_lesson") & ~moral)
    rows = entries.values("teacher_id", "kind").annotate(n=Count("id")).order_by()
    return {(r["teacher_id"], r["kind"]): r["n"] for r in rows}


def five_rows(
    *, district: District, year: int, rules: FiveRules, school_ids: Iterable[int] | None = None
) -> list[FiveRow]:
    """The school year's famous teachers and members (of the given schools) with their five
    ones, by school and name."""
    ids = list(school_ids) if school_ids is not None else None
    period = school_year(year)
    people = _people(district, year, period, ids)
    counts = _counts(district, year, period, ids, rules)
    for person in people.values():
        for kind, _key, label in FIVE_ITEMS:
            person.counts[kind] = counts.get((person.teacher_id, kind), 0)
            short = rules.needed[kind] - person.counts[kind]
            if short > 0:
                person.missing.append(
                    label if rules.needed[kind] == 1 else f"{label}（差 {short}）"
                )
    return sorted(people.values(), key=lambda r: (r.school_name, r.name, r.teacher_id))


def five_by_school(rows: Iterable[FiveRow]) -> dict[int, list[FiveRow]]:
    found: dict[int, list[FiveRow]] = defaultdict(list)
    for row in rows:
        found[row.school_id].append(row)
    return found


def five_of_teachers(
    *, district: District, year: int, rules: FiveRules, teacher_ids: set[int]
) -> list[FiveRow]:
    """The five ones of one person's own teacher records (the /me/ page)."""
    return [
        r
        for r in five_rows(district=district, year=year, rules=rules)
        if r.teacher_id in teacher_ids
    ]


def five_of_user(*, user: Any, year: int) -> tuple[list[FiveRow], bool, FiveRules | None]:
    """The caller's own five ones in `year` (every district where their teacher records
    are and XB-FIVE applies), whether the account is linked to any teacher record, and
    the rules of the first such district (None where XB-FIVE applies in none)."""
    teachers = list(teacher_records_of(user=user))
    rows: list[FiveRow] = []
    first: FiveRules | None = None
    for district in {t.district_id: t.district for t in teachers}.values():
        rules = five_rules(district=district)
        if rules is not None:
            first = first or rules
            ids = {t.pk for t in teachers if t.district_id == district.pk}
            rows += five_of_teachers(district=district, year=year, rules=rules, teacher_ids=ids)
    return rows, bool(teachers), first


__all__ = [
    "ANY_OPEN_LESSON_KEY",
    "FIVE_ITEMS",
    "FiveRow",
    "FiveRules",
    "five_by_school",
    "five_of_teachers",
    "five_of_user",
    "five_rows",
    "five_rules",
]
