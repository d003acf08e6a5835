"""XB23-TASKS progress, computed from what the product already holds, with the accepted
manual entries (`TaskEntry`) for what it has no record of. Read with the pack:

* T1 (培养期间): the district's backbone sessions (apps.training `backbone_completion`:
  district activities of the backbone layer in the cohort) — met once the member attended
  at least `task1_attendance_share` of those held (an interpretation), an accepted manual
  training entry counting as one session attended;
* T2 (每学年): open lessons and lectures/exchanges of the development archive at school
  level or above (学区 is recorded as 区级), and for a 带头人 also, over the cohort, at least
  `leader_district_exchange_per_cohort` at district level or above;
* T3 (每学年): a 带头人 guides `leader_guided_teams_per_year` team(s) — a studio or
  workshop they host that is open in the year — or trains `leader_guided_teachers_per_year`
  teachers (archive mentoring entries, one entry one teacher); a 中青年骨干 guides
  `backbone_guided_teachers_per_year` teacher(s);
* T4 (培养期间): papers or awards of the archive at the category's level or above;
* T5 (培养期间): course outcomes of the teams the member hosts — a district online course,
  or for a 中青年骨干 a school face-to-face course instead.

The records of every stint of the member's person count (a transfer keeps them). A fixed
number of queries whatever the number of members (`progress_of`).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet

from apps.backbone.models import (
    BackboneMember,
    Category,
    Cohort,
    EntryStatus,
    Task,
    TaskEntry,
    TaskEntryKind,
)
from apps.core.schoolyear import Period, as_date, school_year, school_year_label, school_year_of
from apps.studios.models import Outcome, Team
from apps.training.models import AchievementLevel, ArchiveEntry
from apps.training.selectors import backbone_completion, offset_rule

LEVELS = [
    AchievementLevel.SCHOOL,
    AchievementLevel.DISTRICT,
    AchievementLevel.CITY,
    AchievementLevel.NATIONAL,
]
LEVEL_OF_LABEL = {str(level.label): str(level.value) for level in LEVELS}
EXCHANGE_KINDS = {"open_lesson", "lecture", TaskEntryKind.OPEN_LESSON, TaskEntryKind.EXCHANGE}
PAPER_KINDS = {"paper", "award", TaskEntryKind.PAPER, TaskEntryKind.AWARD}
ONLINE, FACE = "district_online", "school_face"
DISTRICT_EXCHANGE = "区级（含学区）及以上公开教学或学术交流 ≥{need} 次"


def _rank(level: str) -> int:
    return [str(v) for v in LEVELS].index(level) if level in LEVELS else -1


def paper_level(rules: dict[str, Any], category: str) -> str:
    """The category's lowest level for T4 (the pack names it in Chinese: 市级, 区级)."""
    label = str(rules[f"{category}_paper_level"])
    return LEVEL_OF_LABEL.get(label, label)


@dataclass(frozen=True)
class Cell:
    """One task of one member for one school year (`year`) or the cohort (None)."""

    task: str
    year: int | None
    have: str
    need: str
    met: bool
    due: bool  # the year (or the cohort) has ended: the cell is judged

    @property
    def where(self) -> str:
        return school_year_label(self.year) if self.year is not None else "培养期"

    @property
    def label(self) -> str:
        return str(Task(self.task).label)


@dataclass
class Progress:
    member: BackboneMember
    cells: list[Cell] = field(default_factory=list)

    def judged(self, *, year: int | None = None) -> list[Cell]:
        return [c for c in self.cells if c.due and (year is None or c.year in (year, None))]

    def missing(self, *, due_only: bool = True) -> list[Cell]:
        return [c for c in self.cells if not c.met and (c.due or not due_only)]


@dataclass
class _Counts:
    """A person's records: (bucket, school year) → count, and cohort-wide counts."""

    yearly: Counter[tuple[str, int]] = field(default_factory=Counter)
    total: Counter[str] = field(default_factory=Counter)


def cohort_years(params: dict[str, Any]) -> list[int]:
    return [int(y) for y in params["cohort_school_years"]]


def _persons(members: QuerySet[BackboneMember], cohort: Cohort) -> QuerySet[Any]:
    return members.filter(cohort=cohort).values("teacher__person_key")


def _archive(
    counts: dict[str, _Counts], persons: Any, period: Period, rules: dict[str, Any]
) -> None:
    rows = ArchiveEntry.objects.filter(
        teacher__person_key__in=persons, date__gte=period.start, date__lte=period.end
    ).values_list("teacher__person_key", "kind", "level", "date")
    for person, kind, level, day in rows.order_by():
        _count(counts[str(person)], kind, level, school_year_of(day), rules)


YEARLY_BUCKETS: dict[str, str] = {
    "mentoring": "teachers",
    TaskEntryKind.GUIDED_TEACHER: "teachers",
    TaskEntryKind.GUIDED_TEAM: "teams",
}
TOTAL_BUCKETS: dict[str, str] = {
    TaskEntryKind.ONLINE_COURSE: ONLINE,
    TaskEntryKind.SCHOOL_COURSE: FACE,
    TaskEntryKind.TRAINING: "training",
}


def _count(c: _Counts, kind: str, level: str, year: int, rules: dict[str, Any]) -> None:
    if kind in EXCHANGE_KINDS:
        c.yearly["exchange", year] += 1
        if _rank(level) >= _rank(AchievementLevel.DISTRICT):
            c.total["district_exchange"] += 1
    elif kind in YEARLY_BUCKETS:
        c.yearly[YEARLY_BUCKETS[kind], year] += 1
    elif kind in PAPER_KINDS:
        for category in Category.values:
            if _rank(level) >= _rank(paper_level(rules, category)):
                c.total[f"papers_{category}"] += 1
    elif kind in TOTAL_BUCKETS:
        c.total[TOTAL_BUCKETS[kind]] += 1


def _manual(
    counts: dict[str, _Counts], persons: Any, cohort: Cohort, rules: dict[str, Any]
) -> None:
    rows = TaskEntry.objects.filter(
        member__cohort=cohort,
        member__teacher__person_key__in=persons,
        status=EntryStatus.ACCEPTED,
    ).values_list("member__teacher__person_key", "kind", "level", "school_year")
    for person, kind, level, year in rows.order_by():
        _count(counts[str(person)], kind, level, year, rules)


def _teams(counts: dict[str, _Counts], persons: Any, period: Period, years: list[int]) -> None:
    rows = Team.objects.filter(host__person_key__in=persons, established_on__lte=period.end)
    rows = rows.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=period.start))
    for person, start, end in rows.order_by().values_list(
        "host__person_key", "established_on", "ended_on"
    ):
        for year in years:
            span = school_year(year)
            if start <= span.end and (end is None or end >= span.start):
                counts[str(person)].yearly["teams", year] += 1


def _courses(counts: dict[str, _Counts], persons: Any, period: Period) -> None:
    rows = Outcome.objects.filter(
        team__host__person_key__in=persons,
        kind="course",
        completed_on__gte=period.start,
        completed_on__lte=period.end,
    ).values_list("team__host__person_key", "course_form")
    for person, form in rows.order_by():
        counts[str(person)].total[form] += 1


def _training(
    members: list[BackboneMember], period: Period, rules: dict[str, Any], as_of: dt.date
) -> Any:
    """{person: (attended, held)} of the district's backbone sessions (two queries: the
    sentinel id 0 keeps the query count fixed with no members)."""
    rule = offset_rule(
        {
            "training_credit_offset": 0,
            "training_credit_offset_category": "",
            "cohort_start": period.start,
            "cohort_end": period.end,
            "centralised_training_end": period.end,
            "centralised_training_attendance_share": rules["task1_attendance_share"],
        }
    )
    assert rule is not None
    districts = {m.district_id for m in members} or {0}
    done = backbone_completion(
        rule=rule,
        district_ids=districts,
        as_of=as_of,
        teacher_ids=[0, *(m.teacher_id for m in members)],
    )
    held = max((c.held for c in done.values()), default=0)
    attended: Counter[str] = Counter()
    for member in members:
        if (completion := done.get(member.teacher_id)) is not None:
            attended[str(member.teacher.person_key)] += completion.attended
    return attended, held


def progress_of(
    *, members: QuerySet[BackboneMember], cohort: Cohort, rules: dict[str, Any], as_of: dt.date
) -> dict[int, Progress]:
    """{member id: Progress} for the cohort's `members` (a queryset), in seven queries."""
    period = Period(as_date(rules["cohort_start"]), as_date(rules["cohort_end"]), "本届培养期")
    years = cohort_years(rules)
    rows = list(
        members.filter(cohort=cohort).select_related("teacher", "school", "cohort").order_by("pk")
    )
    persons = _persons(members, cohort)
    found: dict[str, _Counts] = defaultdict(_Counts)
    _archive(found, persons, period, rules)
    _manual(found, persons, cohort, rules)
    _teams(found, persons, period, years)
    _courses(found, persons, period)
    attended, held = _training(rows, period, rules, as_of)
    result = {}
    for member in rows:
        person = str(member.teacher.person_key)
        cells = _cells(member, found[person], rules, years, as_of=as_of, period=period)
        due = as_of > period.end and _active_in(member, period.end)
        attended_n = found[person].total["training"] + attended[person]
        cells.insert(0, _t1(attended_n, held, rules, due=due))
        result[member.pk] = Progress(member, cells)
    return result


def _t1(attended: int, held: int, rules: dict[str, Any], *, due: bool) -> Cell:
    share = Decimal(str(rules["task1_attendance_share"]))
    met = Decimal(attended) >= share * held if held else attended > 0
    need = f"参加区级骨干专题培训的 {share:.0%} 及以上（含本数）"
    have = f"参加 {min(attended, held) if held else attended}/{held} 次"
    return Cell(Task.T1, None, have, need, met, due)


def _active_in(member: BackboneMember, end: dt.date) -> bool:
    """Judged for a period ending `end`: a member at its end (joined by then, not left
    before)."""
    return member.joined_on <= end and (member.left_on is None or member.left_on >= end)


def _cells(
    member: BackboneMember,
    c: _Counts,
    rules: dict[str, Any],
    years: Iterable[int],
    *,
    as_of: dt.date,
    period: Period,
) -> list[Cell]:
    cat = member.category
    leader = cat == Category.LEADER
    cells: list[Cell] = []
    for year in years:
        span = school_year(year)
        end = min(span.end, period.end)
        if member.joined_on > end or (member.left_on is not None and member.left_on < span.start):
            continue
        due = as_of > end and _active_in(member, end)
        need2 = int(rules[f"{cat}_exchange_per_year"])
        got2 = c.yearly["exchange", year]
        cells.append(
            Cell(
                Task.T2,
                year,
                f"{got2} 次",
                f"校级及以上公开教学或学术交流 ≥{need2} 次",
                got2 >= need2,
                due,
            )
        )
        teachers, teams = c.yearly["teachers", year], c.yearly["teams", year]
        if leader:
            nt, np = (
                int(rules["leader_guided_teams_per_year"]),
                int(rules["leader_guided_teachers_per_year"]),
            )
            met3 = teams >= nt or teachers >= np
            need3, have3 = (
                f"指导团队 ≥{nt} 个或培养教师 ≥{np} 人",
                f"团队 {teams} 个、教师 {teachers} 人",
            )
        else:
            np = int(rules["backbone_guided_teachers_per_year"])
            met3, need3, have3 = teachers >= np, f"指导和培养教师 ≥{np} 人", f"教师 {teachers} 人"
        cells.append(Cell(Task.T3, year, have3, need3, met3, due))
    due = as_of > period.end and _active_in(member, period.end)
    return cells + _cohort_cells(member, c, rules, due)


def _cohort_cells(
    member: BackboneMember, c: _Counts, rules: dict[str, Any], due: bool
) -> list[Cell]:
    cat = member.category
    cells = []
    if cat == Category.LEADER:
        need = int(rules["leader_district_exchange_per_cohort"])
        got = c.total["district_exchange"]
        cells.append(
            Cell(Task.T2, None, f"{got} 次", DISTRICT_EXCHANGE.format(need=need), got >= need, due)
        )
    need4, got4 = int(rules[f"{cat}_papers_per_cohort"]), c.total[f"papers_{cat}"]
    level = rules[f"{cat}_paper_level"]
    cells.append(
        Cell(
            Task.T4,
            None,
            f"{got4} 项",
            f"{level}及以上论文发表或获奖 ≥{need4} 项",
            got4 >= need4,
            due,
        )
    )
    online = int(rules[f"{cat}_online_courses_per_cohort"])
    if cat == Category.LEADER:
        met5, need5 = c.total[ONLINE] >= online, f"区级研修网络课程 ≥{online} 门"
    else:
        face = int(rules["backbone_school_courses_per_cohort"])
        met5 = c.total[ONLINE] >= online or c.total[FACE] >= face
        need5 = f"区级研修网络课程 ≥{online} 门或校级面授课程 ≥{face} 门"
    have5 = f"网络课程 {c.total[ONLINE]} 门、面授课程 {c.total[FACE]} 门"
    cells.append(Cell(Task.T5, None, have5, need5, met5, due))
    return cells
