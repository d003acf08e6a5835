"""Training records of a synthetic district (`--ledger-rows-per-teacher R`), per school:

1. plan each year's activities (`activities.plan_year`), enough that a teacher attends
   most, not all, of them;
2. reserve ids for the school's activities, external records, attendance and ledger rows
   (`writes.reserve`, one query each);
3. per teacher and year, choose the sessions attended (cadres always attend the cadre
   training; one session in twenty is credited half an hour less), the verified external
   records and, for one teacher-year in ten, the attendance row that is reversed — exactly
   R ledger rows per teacher-year, the hours tallied on the way;
4. COPY the four tables (one statement and one block of lines each, `writes.as_block`;
   the ledger through `training.services.ledger_copy`, its one door for bulk loads).

Ledger and attendance lines, the bulk of the rows, are formatted directly rather than
value by value (`apps.core.bulk.copy_line`): they hold only ids, numbers, fixed
vocabulary, the timestamp and titles escaped once per activity (`copy_value`).
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Iterator
from dataclasses import dataclass, field

from apps.core.bulk import copy_line, copy_rows, copy_value
from apps.core.schoolyear import semester_of
from apps.people.models import Teacher
from apps.tenancy.models import School
from apps.training import services as training_services
from apps.training.models import (
    Attendance,
    EntryKind,
    ExternalLevel,
    ExternalTraining,
    LedgerEntry,
    Module,
    OrganiserLevel,
    RecordStatus,
    TrainingActivity,
)

from .activities import LECTURE, PRACTICE, PlannedActivity, plan_year
from .writes import as_block, reserve, tenths

ATTENDANCE, EXTERNAL = EntryKind.ATTENDANCE.value, EntryKind.EXTERNAL.value
REVERSAL = EntryKind.REVERSAL.value
VERIFIED = RecordStatus.VERIFIED.value
UNFILED = "none\tnone\tnone"  # programme, probation bucket, layer: none of them
EXTERNAL_PER_YEAR = ((20, 2), (5, 1))  # (rows per teacher-year at least, externals)
REVERSAL_EVERY = 10  # one teacher-year in ten has a corrected (reversed) attendance row
SPARE_ACTIVITIES = 1.15  # a teacher attends most, not all, of the school's sessions
PARTIAL_SHARE = 0.05  # attendance credited half an hour less than the session
REVERSAL_REASON = "签到有误，按实际出勤更正"
EXTERNAL_LEVELS = (ExternalLevel.DISTRICT, ExternalLevel.CITY, ExternalLevel.NATIONAL)
EXTERNAL_TITLES = (
    ("市级班主任高级研修班", "上海市教育委员会"),
    ("全国中小学班主任网络培训", "教育部教师工作司"),
    ("区心理健康教育C证培训", "区教育学院"),
    ("家庭教育指导师培训", "市家庭教育研究会"),
    ("班级管理创新论坛", "市教育学会"),
)

ACTIVITY_COLUMNS = (
    "id", "created_at", "updated_at", "district_id", "school_id", "organiser_level",
    "organiser_name", "title", "topic", "date", "hours", "form", "credit_class", "module",
    "content_tier", "programme", "probation_bucket", "layer", "is_research_session",
    "is_joint_ideological", "is_cadre_training", "minutes", "created_by_id",
)  # fmt: skip
EXTERNAL_COLUMNS = (
    "id", "created_at", "updated_at", "district_id", "school_id", "teacher_id", "title",
    "organiser", "organiser_level", "date", "hours", "credit_class", "note", "file_name",
    "file_type", "status", "submitted_by_id", "reviewed_by_id", "reviewed_at",
    "review_comment",
)  # fmt: skip
ATTENDANCE_COLUMNS = ("id", "created_at", "updated_at", "hours", "teacher_id", "activity_id")
LEDGER_COLUMNS = (
    "id", "created_at", "updated_at", "district_id", "school_id", "teacher_id", "kind",
    "date", "school_year", "semester", "hours", "credit_class", "title", "reason",
    "programme", "probation_bucket", "layer", "is_cadre_training", "attendance_id",
    "external_id", "activity_id", "reverses_id", "created_by_id",
)  # fmt: skip


@dataclass
class Tally:
    """What was written, and each teacher's hours per semester for the credits."""

    activities: int = 0
    attendance: int = 0
    ledger: int = 0
    external: int = 0
    reversals: int = 0
    # (teacher id, school year, semester) -> [lecture tenths, practice tenths]
    hours: dict[tuple[int, int, int], list[int]] = field(default_factory=dict)

    def add(self, teacher_id: int, year_term: tuple[int, int], credit_class: str, h10: int) -> None:
        key = (teacher_id, *year_term)
        slot = self.hours.setdefault(key, [0, 0])
        slot[0 if credit_class == LECTURE else 1] += h10


@dataclass(frozen=True)
class TrainingOptions:
    """The same for every school of the district."""

    years: list[int]  # school years that have begun by `last_day`
    rows_per_teacher: int
    leader_id: int
    stamp: str  # created_at / updated_at, in COPY format
    last_day: dt.date

    @property
    def externals(self) -> int:
        """Verified external records per teacher-year."""
        return next((n for least, n in EXTERNAL_PER_YEAR if self.rows_per_teacher >= least), 0)

    @property
    def attended(self) -> int:
        """Attendance rows per teacher-year (one less when one of them is reversed)."""
        return self.rows_per_teacher - self.externals

    def reverses(self, teacher: Teacher, year: int) -> bool:
        """Whether this teacher-year has a reversed attendance row."""
        return self.rows_per_teacher >= REVERSAL_EVERY and (teacher.pk + year) % REVERSAL_EVERY == 0


@dataclass(frozen=True)
class Activity:
    """A planned activity with its reserved id, as the ledger lines need it."""

    id: int
    date: dt.date
    hours10: int
    credit_class: str
    title: str
    is_cadre: bool
    year_term: tuple[int, int]
    title_copy: str  # escaped for COPY
    cadre_copy: str  # "t" / "f"


@dataclass
class _Ids:
    activity: Iterator[int]
    external: Iterator[int]
    attendance: Iterator[int]
    ledger: Iterator[int]


def school_training(
    school: School,
    *,
    teachers: list[Teacher],
    options: TrainingOptions,
    rng: random.Random,
    tally: Tally,
) -> None:
    """One school's activities, attendance, external records and ledger (steps 1–4)."""
    count = math.ceil(options.attended * SPARE_ACTIVITIES) + 1
    plans = {y: plan_year(school, y, count, rng, options.last_day) for y in options.years}
    teacher_years = [(t, y) for y in options.years for t in teachers]
    reversed_years = sum(options.reverses(t, y) for t, y in teacher_years)
    rows = SchoolRows(
        school=school,
        options=options,
        rng=rng,
        tally=tally,
        ids=_Ids(
            activity=reserve(TrainingActivity, sum(len(p) for p in plans.values())),
            external=reserve(ExternalTraining, options.externals * len(teacher_years)),
            attendance=reserve(Attendance, len(teacher_years) * options.attended - reversed_years),
            ledger=reserve(LedgerEntry, options.rows_per_teacher * len(teacher_years)),
        ),
    )
    modules = Module.values
    activities = {
        year: [rows.activity(spec, rng.choice(modules)) for spec in plan]
        for year, plan in plans.items()
    }
    for teacher, year in teacher_years:
        rows.teacher_year(teacher, year, activities[year])
    rows.write()


@dataclass
class SchoolRows:
    """The COPY lines of one school's training, written by `write` in four statements."""

    school: School
    options: TrainingOptions
    rng: random.Random
    tally: Tally
    ids: _Ids
    activities: list[str] = field(default_factory=list)
    externals: list[str] = field(default_factory=list)
    attendance: list[str] = field(default_factory=list)
    ledger: list[str] = field(default_factory=list)
    head: str = field(init=False)  # created_at, updated_at, district_id, school_id

    def __post_init__(self) -> None:
        stamp = self.options.stamp
        self.head = f"{stamp}\t{stamp}\t{self.school.district_id}\t{self.school.pk}"

    def activity(self, spec: PlannedActivity, module: str) -> Activity:
        """A school activity's line; returns it as the ledger lines need it."""
        row = Activity(
            id=next(self.ids.activity),
            date=spec.date,
            hours10=spec.hours10,
            credit_class=spec.credit_class,
            title=spec.title,
            is_cadre=spec.cadre,
            year_term=semester_of(spec.date),
            title_copy=copy_value(spec.title),
            cadre_copy=copy_value(spec.cadre),
        )
        stamp, school = self.options.stamp, self.school
        self.activities.append(
            copy_line(
                row.id, stamp, stamp, school.district_id, school.pk, OrganiserLevel.SCHOOL, "",
                row.title, spec.topic, row.date, tenths(row.hours10), spec.form,
                row.credit_class, module, None, "none", "none", "none", spec.research,
                spec.joint, spec.cadre, spec.minutes, self.options.leader_id,
            )
        )  # fmt: skip
        return row

    def teacher_year(self, teacher: Teacher, year: int, activities: list[Activity]) -> None:
        """A teacher's rows of one school year: attendance, maybe a reversal, externals."""
        reverse_one = self.options.reverses(teacher, year)
        wanted = self.options.attended - (1 if reverse_one else 0)
        cadre = [a for a in activities if a.is_cadre]
        chosen = cadre[:1] if teacher.is_moral_cadre else []
        others = [a for a in activities if not a.is_cadre]
        chosen += self.rng.sample(others, wanted - len(chosen))
        chosen.sort(key=lambda a: a.date)
        attended = [self.attend(teacher.pk, activity) for activity in chosen]
        if reverse_one and attended:
            self.reverse(teacher.pk, *attended[0])
        self.external_records(teacher.pk, year)

    def attend(self, teacher_id: int, activity: Activity) -> tuple[int, Activity, int]:
        """An attendance line and its ledger line; returns (ledger id, activity, tenths)."""
        h10 = activity.hours10
        if h10 > 10 and self.rng.random() < PARTIAL_SHARE:
            h10 -= 5
        hours = tenths(h10)
        attendance_id = next(self.ids.attendance)
        entry_id = next(self.ids.ledger)
        school_year, term = activity.year_term
        stamp = self.options.stamp
        self.attendance.append(
            f"{attendance_id}\t{stamp}\t{stamp}\t{hours}\t{teacher_id}\t{activity.id}\n"
        )
        self.ledger.append(
            f"{entry_id}\t{self.head}\t{teacher_id}\t{ATTENDANCE}\t{activity.date}\t{school_year}"
            f"\t{term}\t{hours}\t{activity.credit_class}\t{activity.title_copy}\t\t{UNFILED}"
            f"\t{activity.cadre_copy}\t{attendance_id}\t\\N\t{activity.id}\t\\N"
            f"\t{self.options.leader_id}\n"
        )
        self.tally.add(teacher_id, activity.year_term, activity.credit_class, h10)
        return entry_id, activity, h10

    def reverse(self, teacher_id: int, entry_id: int, activity: Activity, h10: int) -> None:
        """The ledger line reversing an attendance row (corrections are reversal rows)."""
        school_year, term = activity.year_term
        title = copy_value(("冲销：" + activity.title)[:200])
        self.ledger.append(
            f"{next(self.ids.ledger)}\t{self.head}\t{teacher_id}\t{REVERSAL}\t{activity.date}"
            f"\t{school_year}\t{term}\t{tenths(-h10)}\t{activity.credit_class}\t{title}"
            f"\t{REVERSAL_REASON}\t{UNFILED}\t{activity.cadre_copy}\t\\N\t\\N\t{activity.id}"
            f"\t{entry_id}\t{self.options.leader_id}\n"
        )
        self.tally.add(teacher_id, activity.year_term, activity.credit_class, -h10)
        self.tally.reversals += 1

    def external_records(self, teacher_id: int, year: int) -> None:
        """The teacher-year's verified external records, each with its ledger line."""
        start = dt.date(year, 9, 1)
        span = (min(dt.date(year + 1, 8, 31), self.options.last_day) - start).days
        stamp, leader_id, rng = self.options.stamp, self.options.leader_id, self.rng
        for _n in range(self.options.externals):
            title, organiser = rng.choice(EXTERNAL_TITLES)
            day = start + dt.timedelta(days=rng.randint(0, span))
            h10 = rng.choice((30, 40, 60, 80))
            credit_class = rng.choice((LECTURE, LECTURE, PRACTICE))
            external_id = next(self.ids.external)
            self.externals.append(
                copy_line(
                    external_id, stamp, stamp, self.school.district_id, self.school.pk,
                    teacher_id, title, organiser, rng.choice(EXTERNAL_LEVELS), day,
                    tenths(h10), credit_class, "", "", "", VERIFIED, leader_id, leader_id,
                    stamp, "",
                )
            )  # fmt: skip
            school_year, term = semester_of(day)
            self.ledger.append(
                f"{next(self.ids.ledger)}\t{self.head}\t{teacher_id}\t{EXTERNAL}\t{day}"
                f"\t{school_year}\t{term}\t{tenths(h10)}\t{credit_class}\t{copy_value(title)}"
                f"\t\t{UNFILED}\tf\t\\N\t{external_id}\t\\N\t\\N\t{leader_id}\n"
            )
            self.tally.add(teacher_id, (school_year, term), credit_class, h10)

    def write(self) -> None:
        """COPY the four tables (each in one block of lines), and count what was written."""
        for model, columns, lines in (
            (TrainingActivity, ACTIVITY_COLUMNS, self.activities),
            (ExternalTraining, EXTERNAL_COLUMNS, self.externals),
            (Attendance, ATTENDANCE_COLUMNS, self.attendance),
        ):
            if lines:
                copy_rows(model, columns, as_block(lines))
        if self.ledger:
            training_services.ledger_copy(LEDGER_COLUMNS, as_block(self.ledger))
        self.tally.activities += len(self.activities)
        self.tally.external += len(self.externals)
        self.tally.attendance += len(self.attendance)
        self.tally.ledger += len(self.ledger)
