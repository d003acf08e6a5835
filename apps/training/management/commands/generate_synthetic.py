"""`manage.py generate_synthetic --schools N --teachers-per-school M [--district-code synth]
[--year Y] [--seed S] [--years K] [--ledger-rows-per-teacher R]`: a large synthetic
district for benchmarks and load tests.

What it writes, in one transaction and with `bulk_create` only (no per-row save):

1. the policy packs (`load_all`, idempotent) and a district on packs xuhui-2026 +
   xuhui-backbone-2023 — when the code exists and the district is one this command made,
   its rows are deleted first, in bulk, so running it again replaces rather than adds;
2. N schools of mixed types in a fixed pattern, some opted into Appendix-2 featured
   projects (so featured-project indicators are sometimes applicable);
3. M teachers per school, the year's classes with homeroom teachers and deputies — the
   generators of `apps.people.demo`, which leave the last class of every school whose
   code ends in 2 without a homeroom teacher;
4. evidence for the document indicators (about 60% of the applicable ones per school:
   accepted, waiting for review, or returned with a comment), with their history;
5. logins `<code>_admin`, `<code>_reviewer`, `<code>_leader` (password of the demo);
6. with `--years K`, classes and homeroom assignments for each of the K school years up to
   `--year`; with `--ledger-rows-per-teacher R` (R > 0), training records for those years
   (see `_training`): per school and year, school activities — a problem-oriented
   research session every month from September to June, joint sessions with
   ideological-political teachers, a cadre training and ordinary sessions — with
   attendance, verified external records, a few reversals, so that every teacher has
   exactly R ledger rows per school year; credit assignments for the finished semesters
   of two schools in three; archive entries for most teachers.

Attendance, ledger rows, activities and external records are written with PostgreSQL
COPY (ids reserved from their sequences first, so ledger rows can name their attendance,
external record or reversed row), a few round trips per school: at 300 schools × 50
teachers × 3 years × 45 rows (≈2M ledger rows) `bulk_create` would take many minutes.
Every database constraint holds: the foreign keys (deferred) are checked before the
command returns, and the timings it prints show how long each step took.

Names are generated from common characters: no real person's data.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import random
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, models, transaction
from django.utils import timezone

from apps.compliance import packs as pack_data
from apps.compliance import selectors as compliance_selectors
from apps.compliance.engine import applies
from apps.compliance.models import (
    ComplianceResult,
    ComplianceRun,
    Indicator,
    ParameterOverride,
    RecomputeRequest,
)
from apps.core.schoolyear import current_school_year, semester, semester_of, today
from apps.evidence.models import EvidenceEvent, EvidenceFile, EvidenceItem
from apps.people.demo import DEMO_PASSWORD, _assignments, _classes, _date, _login, _name
from apps.people.models import (
    Education,
    HomeroomAssignment,
    ProfessionalTitle,
    PsychCertificate,
    RosterImport,
    SchoolClass,
    Teacher,
)
from apps.tenancy.models import District, FeaturedProject, Membership, Role, School, SchoolType
from apps.training import models as training_models
from apps.training import selectors as training_selectors
from apps.training.credits import credits_for

PACKS = ("xuhui-2026", "xuhui-backbone-2023")
BATCH = 2000
NAME_PREFIX = "合成区"
# A fixed mix close to an urban district's: mostly primary and junior schools.
TYPE_CYCLE = (
    SchoolType.PRIMARY, SchoolType.PRIMARY, SchoolType.JUNIOR, SchoolType.PRIMARY,
    SchoolType.COMPLETE, SchoolType.JUNIOR, SchoolType.PRIMARY, SchoolType.SENIOR,
    SchoolType.NINE_YEAR, SchoolType.PRIMARY, SchoolType.JUNIOR, SchoolType.KINDERGARTEN,
    SchoolType.PRIMARY, SchoolType.JUNIOR, SchoolType.VOCATIONAL, SchoolType.PRIMARY,
    SchoolType.COMPLETE, SchoolType.JUNIOR, SchoolType.PRIMARY, SchoolType.NINE_YEAR,
)  # fmt: skip
SCHOOL_NOUN = {
    SchoolType.PRIMARY: "小学",
    SchoolType.JUNIOR: "初级中学",
    SchoolType.SENIOR: "高级中学",
    SchoolType.COMPLETE: "中学",
    SchoolType.NINE_YEAR: "学校",
    SchoolType.VOCATIONAL: "职业技术学校",
    SchoolType.KINDERGARTEN: "幼儿园",
}
# (project, every n-th school, offset): about a quarter of the schools opt into something.
PROJECT_PATTERN = (
    (FeaturedProject.DUAL_TRACK_DEPUTY, 6, 0),
    (FeaturedProject.SUPPORT_CENTER, 9, 1),
    (FeaturedProject.DIGITAL_PARTNER, 10, 2),
    (FeaturedProject.TIERED_STUDIO, 12, 3),
)
EVIDENCE_SHARE = 0.6
REVIEW_STATES = ("accepted", "submitted", "returned")
REVIEW_WEIGHTS = (5, 3, 2)
PLACEHOLDER_PDF = b"%PDF-1.4\n% synthetic placeholder document\n%%EOF\n"


def _evidence_models() -> tuple[type[models.Model], type[models.Model], type[models.Model]]:
    return EvidenceItem, EvidenceFile, EvidenceEvent


def _bulk(model: type[models.Model], rows: Iterable[models.Model]) -> list[Any]:
    return model._default_manager.bulk_create(list(rows), batch_size=BATCH)


class Command(BaseCommand):
    help = "Create (or replace) a synthetic district with N schools and M teachers each."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--schools", type=int, required=True)
        parser.add_argument("--teachers-per-school", type=int, required=True)
        parser.add_argument("--district-code", default="synth")
        parser.add_argument("--year", type=int, default=None, help="default: this school year")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--years", type=int, default=1, help="school years up to --year (default 1)"
        )
        parser.add_argument(
            "--ledger-rows-per-teacher",
            type=int,
            default=0,
            help="training ledger rows per teacher and school year (default 0: no training)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        schools, per_school = options["schools"], options["teachers_per_school"]
        years, rows = options["years"], options["ledger_rows_per_teacher"]
        if schools < 1 or per_school < 1:
            raise CommandError("--schools and --teachers-per-school must be at least 1")
        if years < 1 or rows < 0:
            raise CommandError("--years must be at least 1 and --ledger-rows-per-teacher ≥ 0")
        started = time.monotonic()
        pack_data.load_all()
        timings: dict[str, float] = {}
        counts = generate(
            code=options["district_code"],
            schools=schools,
            teachers_per_school=per_school,
            year=options["year"] or current_school_year(),
            seed=options["seed"],
            years=years,
            ledger_rows_per_teacher=rows,
            timings=timings,
        )
        training = counts.pop("training", None)
        elapsed = time.monotonic() - started
        if training is not None:
            analyzed = time.monotonic()
            _analyze()
            timings["analyze"] = time.monotonic() - analyzed
        self.stdout.write(
            f"district {options['district_code']} ({counts.pop('action')}): "
            + ", ".join(f"{value} {key}" for key, value in counts.items())
            + f" in {elapsed:.1f} s"
        )
        if training is not None:
            self.stdout.write(
                "training: " + ", ".join(f"{value} {key}" for key, value in training.items())
            )
            self.stdout.write(
                "timings: " + ", ".join(f"{key} {value:.1f} s" for key, value in timings.items())
            )
        self.stdout.write(
            f"logins {options['district_code']}_admin / _reviewer / _leader, "
            f"password {DEMO_PASSWORD}"
        )


@transaction.atomic
def generate(
    *,
    code: str,
    schools: int,
    teachers_per_school: int,
    year: int,
    seed: int,
    years: int = 1,
    ledger_rows_per_teacher: int = 0,
    timings: dict[str, float] | None = None,
) -> dict[str, Any]:
    timings = timings if timings is not None else {}
    clock = time.monotonic()
    rng = random.Random(f"{code}:{seed}")
    name = f"{NAME_PREFIX}（{code}）"
    district = District.objects.filter(code=code).first()
    action = "created"
    if district is not None:
        if district.name != name:
            raise CommandError(
                f"district {code!r} ({district.name}) was not made by this command; "
                "choose another --district-code"
            )
        wiped = time.monotonic()
        _wipe(district)
        timings["wipe"] = time.monotonic() - wiped
        clock = time.monotonic()
        action = "replaced"
        district.policy_packs = list(PACKS)
        district.save(update_fields=["policy_packs", "updated_at"])
    else:
        district = District.objects.create(code=code, name=name, policy_packs=list(PACKS))

    school_rows = _bulk(School, (_school(district, index) for index in range(schools)))
    teachers = _bulk(
        Teacher,
        (t for s in school_rows for t in _teachers(s, rng, year, teachers_per_school)),
    )
    school_years = list(range(year - years + 1, year + 1))
    classes = _bulk(
        SchoolClass, (c for y in school_years for s in school_rows for c in _classes(s, y))
    )
    by_school: dict[int, tuple[list[Teacher], list[SchoolClass]]] = {
        s.pk: ([], []) for s in school_rows
    }
    for teacher in teachers:
        by_school[teacher.school_id][0].append(teacher)
    for school_class in classes:
        by_school[school_class.school_id][1].append(school_class)
    assignments = _bulk(
        HomeroomAssignment,
        (
            a
            for y in school_years
            for s in school_rows
            for a in _assignments(
                s, [c for c in by_school[s.pk][1] if c.school_year == y], by_school[s.pk][0], rng, y
            )
        ),
    )
    _admin, reviewer, leader = _logins(district, school_rows[0])
    evidence = _evidence(district, school_rows, year, rng, submitter=leader, reviewer=reviewer)
    timings["people"] = time.monotonic() - clock
    counts: dict[str, Any] = {
        "action": action,
        "schools": len(school_rows),
        "teachers": len(teachers),
        "classes": len(classes),
        "assignments": len(assignments),
        "evidence items": evidence,
    }
    if ledger_rows_per_teacher > 0:
        counts["training"] = _training(
            district,
            schools=school_rows,
            teachers_by_school={s.pk: by_school[s.pk][0] for s in school_rows},
            school_years=school_years,
            rows_per_teacher=ledger_rows_per_teacher,
            rng=random.Random(f"{code}:{seed}:training"),
            leader=leader,
            timings=timings,
        )
    return counts


def _wipe(district: District) -> None:
    """Every row of the district's schools, children before parents, one query per table
    (plus Django's cascade checks); the district row itself is kept."""
    _wipe_training(district)
    item_model, _file, _event = _evidence_models()
    ComplianceResult.objects.filter(district=district).delete()
    ComplianceRun.objects.filter(district=district).delete()
    RecomputeRequest.objects.filter(district=district).delete()
    ParameterOverride.objects.filter(district=district).delete()
    item_model._default_manager.filter(district=district).delete()
    HomeroomAssignment.objects.filter(district=district).delete()
    SchoolClass.objects.filter(district=district).delete()
    RosterImport.objects.filter(district=district).delete()
    Teacher.objects.filter(district=district).delete()
    School.objects.filter(district=district).delete()  # school memberships cascade


def _school(district: District, index: int) -> School:
    school_type = TYPE_CYCLE[index % len(TYPE_CYCLE)]
    number = index + 1
    return School(
        district=district,
        code=f"{district.code}-{number:04d}",
        name=f"合成第{number}{SCHOOL_NOUN[school_type]}",
        school_type=school_type,
        is_rural=index % 7 == 5,
        featured_projects=[p for p, every, offset in PROJECT_PATTERN if index % every == offset],
    )


def _teachers(school: School, rng: random.Random, year: int, count: int) -> list[Teacher]:
    """Like `demo._teachers`, for any number of teachers."""
    rows = []
    for index in range(1, count + 1):
        birth = _date(rng, year - rng.randint(23, 58))
        teaching_year = birth.year + rng.randint(22, 25)
        title = _title(year - teaching_year)
        rows.append(
            Teacher(
                school=school,
                district_id=school.district_id,
                employee_no=f"S{index:04d}",
                name=_name(rng),
                gender=rng.choice("MFFF"),
                birth_date=birth,
                teaching_since=dt.date(teaching_year, 9, 1),
                homeroom_since=(
                    dt.date(min(teaching_year + rng.randint(0, 4), year), 9, 1)
                    if rng.random() < 0.85
                    else None
                ),
                professional_title=title,
                highest_education=rng.choice(
                    (Education.BACHELOR, Education.BACHELOR, Education.MASTER)
                ),
                psych_certificate=rng.choice(
                    (PsychCertificate.NONE, PsychCertificate.C, PsychCertificate.B)
                ),
                is_moral_cadre=index <= 3,
            )
        )
    return rows


def _title(years_teaching: int) -> str:
    """The demo's rule of thumb for 职称 by years of teaching."""
    for years, title in ((20, ProfessionalTitle.SENIOR), (8, ProfessionalTitle.FIRST)):
        if years_teaching > years:
            return title
    return ProfessionalTitle.SECOND if years_teaching > 2 else ProfessionalTitle.NONE


def _logins(district: District, first_school: School) -> tuple[Any, Any, Any]:
    code = district.code
    admin: Any = _login(f"{code}_admin", f"{district.name}管理员")
    reviewer: Any = _login(f"{code}_reviewer", f"{district.name}审核员")
    leader: Any = _login(f"{code}_leader", f"{first_school.name}德育主任")
    for user, role in ((admin, Role.DISTRICT_ADMIN), (reviewer, Role.DISTRICT_REVIEWER)):
        Membership.objects.get_or_create(user=user, district=district, school=None, role=role)
    Membership.objects.create(
        user=leader, district=district, school=first_school, role=Role.SCHOOL_LEADER
    )
    return admin, reviewer, leader


def _document_indicators(district: District) -> list[Indicator]:
    return [
        indicator
        for indicator in compliance_selectors.active_indicators(district=district)
        if indicator.scope == "school"
        and "evidence.document"
        in [indicator.evaluator]
        + [p["evaluator"] for p in (indicator.params or {}).get("parts", [])]
    ]


def _evidence(
    district: District,
    schools: list[School],
    year: int,
    rng: random.Random,
    *,
    submitter: Any,
    reviewer: Any,
) -> int:
    item_model, file_model, event_model = _evidence_models()
    now = timezone.now()
    digest = hashlib.sha256(PLACEHOLDER_PDF).hexdigest()
    indicators = _document_indicators(district)
    items = []
    for school in schools:
        for indicator in indicators:
            if not applies(indicator, school) or rng.random() > EVIDENCE_SHARE:
                continue
            state = rng.choices(REVIEW_STATES, REVIEW_WEIGHTS)[0]
            reviewed = state != "submitted"
            items.append(
                item_model(
                    school=school,
                    district_id=district.pk,
                    indicator_code=indicator.code,
                    pack_code=indicator.pack.code,
                    school_year=year,
                    kind="document",
                    title=f"{school.name}·{indicator.code} 材料",
                    file_name=f"{indicator.code}.pdf",
                    file_type="pdf",
                    file_size=len(PLACEHOLDER_PDF),
                    file_sha256=digest,
                    status=state,
                    submitted_by=submitter,
                    reviewed_by=reviewer if reviewed else None,
                    reviewed_at=now if reviewed else None,
                    review_comment="请补充会议记录与签到表。" if state == "returned" else "",
                )
            )
    items = _bulk(item_model, items)
    _bulk(file_model, (file_model(item=item, data=PLACEHOLDER_PDF) for item in items))
    events = [event_model(item=item, action="submitted", actor=submitter) for item in items]
    events += [
        event_model(
            item=item,
            action=item.status,  # type: ignore[attr-defined]
            actor=reviewer,
            comment=item.review_comment,  # type: ignore[attr-defined]
        )
        for item in items
        if item.status != "submitted"  # type: ignore[attr-defined]
    ]
    _bulk(event_model, events)
    return len(items)


# --------------------------------------------------------------------------- training
#
# Training sits above people (ARCHITECTURE §3), so this command reaches its models by app
# label and its two conversion helpers by module name, like the evidence rows above: a
# generator of test data, not a domain rule. Values stored in choice fields are the
# training vocabulary's (apps/training/models/vocab.py, ledger.py); where a value means
# something (an attendance row, a verified record) it is named here.

ATTENDANCE, EXTERNAL, REVERSAL = "attendance", "external", "reversal"
LECTURE, PRACTICE = "lecture", "practice"
VERIFIED = "verified"
EXTERNAL_PER_YEAR = ((20, 2), (5, 1))  # (rows per teacher-year at least, externals)
REVERSAL_EVERY = 10  # one teacher-year in ten has a corrected (reversed) attendance row
SPARE_ACTIVITIES = 1.15  # a teacher attends most, not all, of the school's sessions
PARTIAL_SHARE = 0.05  # attendance credited half an hour less than the session
CREDIT_SCHOOLS = (0, 1)  # index % 3: two schools in three assigned their credits
ARCHIVE_SHARE = 0.7
LAST_TEACHING_MONTH = 6  # research sessions September to June; July and August are holidays

RESEARCH_TOPICS = (
    "学生冲突的成因与干预", "沉默型学生的发现与支持", "家校沟通中的分歧化解",
    "班级小岗位的设计与轮换", "学困生的学习动机激发", "青春期情绪问题的识别",
    "网络沉迷学生的引导", "班干部培养的梯度设计", "转学生融入班集体",
    "考试焦虑的疏导", "主题班会的设计与实施", "综合素质评价的过程记录",
)  # fmt: skip
ORDINARY_TITLES = (
    "班主任专业素养专题讲座", "班级活动设计工作坊", "学生发展指导案例研讨",
    "心理健康教育专题培训", "家庭教育指导能力提升", "班级文化建设观摩",
    "德育课程一体化研修", "劳动教育的班级实践", "班主任工作经验交流",
)  # fmt: skip
EXTERNAL_TITLES = (
    ("市级班主任高级研修班", "上海市教育委员会"),
    ("全国中小学班主任网络培训", "教育部教师工作司"),
    ("区心理健康教育C证培训", "区教育学院"),
    ("家庭教育指导师培训", "市家庭教育研究会"),
    ("班级管理创新论坛", "市教育学会"),
)
ARCHIVE_TITLES = ("区级公开课《我们的班级公约》", "论文《小岗位大成长》", "区优秀班主任")
MINUTES = (
    "围绕“{topic}”，三位班主任分享了本班的真实案例，全体讨论成因，"
    "形成了可操作的干预步骤，并约定下月回访实施效果。"
)


@dataclass
class _Activity:
    id: int
    date: dt.date
    hours10: int  # hours in tenths: integer arithmetic for millions of rows
    credit_class: str
    title: str
    is_cadre: bool
    year_term: tuple[int, int] = (0, 0)
    title_copy: str = ""  # escaped for COPY


@dataclass
class _Tally:
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


def _training_model(name: str) -> type[models.Model]:
    model: type[models.Model] = getattr(training_models, name)
    return model


def _training(
    district: District,
    *,
    schools: list[School],
    teachers_by_school: dict[int, list[Teacher]],
    school_years: list[int],
    rows_per_teacher: int,
    rng: random.Random,
    leader: Any,
    timings: dict[str, float],
) -> dict[str, int]:
    """Training records of every school for every year (see the module docstring).

    1. Per school: plan each year's activities, then per teacher and year choose the
       sessions attended (cadres always attend the cadre training), the external records
       and, for one teacher-year in ten, the attendance row that is reversed — exactly
       `rows_per_teacher` ledger rows per teacher-year.
    2. Reserve ids for the school's activities, external records, attendance and ledger
       rows (one query each), then COPY the four tables (one statement each).
    3. Credits of the finished semesters (two schools in three) by the district's
       conversion, from the hours tallied in step 1; archive entries; then the deferred
       foreign keys are checked (SET CONSTRAINTS ALL IMMEDIATE) so the time is shown.
    """
    started = time.monotonic()
    externals = next((n for least, n in EXTERNAL_PER_YEAR if rows_per_teacher >= least), 0)
    stamp = _copy_value(timezone.now())
    last_day = today() - dt.timedelta(days=1)
    years = [y for y in school_years if dt.date(y, 9, 1) <= last_day]
    tally = _Tally()
    for school in schools:
        _school_training(
            school, teachers=teachers_by_school[school.pk], years=years,
            rows_per_teacher=rows_per_teacher, externals=externals, rng=rng, tally=tally,
            leader=leader, stamp=stamp, last_day=last_day,
        )  # fmt: skip
    timings["training copy"] = time.monotonic() - started
    started = time.monotonic()
    credits = _credit_assignments(
        district, schools=schools, teachers_by_school=teachers_by_school, tally=tally,
        leader=leader, last_day=last_day,
    )  # fmt: skip
    archive = _archive_entries(
        schools=schools, teachers_by_school=teachers_by_school, years=years, rng=rng,
        leader=leader, last_day=last_day,
    )  # fmt: skip
    timings["credits and archive"] = time.monotonic() - started
    started = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    timings["constraint checks"] = time.monotonic() - started
    return {
        "activities": tally.activities,
        "attendance": tally.attendance,
        "ledger rows": tally.ledger,
        "verified external records": tally.external,
        "reversals": tally.reversals,
        "credit assignments": credits,
        "archive entries": archive,
    }


def _plan_year(
    school: School, year: int, count: int, rng: random.Random, last_day: dt.date
) -> list[dict[str, Any]]:
    """`count` (at least the special ones) activities of one school in one school year."""
    start = dt.date(year, 9, 1)
    end = min(dt.date(year + 1, LAST_TEACHING_MONTH, 30), last_day)
    span = (end - start).days

    def day() -> dt.date:
        return start + dt.timedelta(days=rng.randint(0, span))

    rows: list[dict[str, Any]] = []
    month_start = start
    while month_start <= end:  # a problem-oriented research session every month
        next_month = dt.date(
            month_start.year + month_start.month // 12, month_start.month % 12 + 1, 1
        )
        last = min(next_month - dt.timedelta(days=1), end)
        topic = rng.choice(RESEARCH_TOPICS)
        rows.append(
            {
                "title": f"{month_start.month}月问题导向型研修：{topic}",
                "topic": topic,
                "date": month_start + dt.timedelta(days=rng.randint(0, (last - month_start).days)),
                "hours10": 20,
                "form": rng.choice(("case", "discussion", "lesson_study")),
                "credit_class": PRACTICE,
                "research": True,
                "minutes": MINUTES.format(topic=topic),
            }
        )
        month_start = next_month
    for n in (1, 2):  # XH26-A2-4: joint sessions with ideological-political teachers
        rows.append(
            {
                "title": f"与思政课教师共同研修（{n}）：学生思想动态分析",
                "topic": "学生思想动态的共同研判",
                "date": day(),
                "hours10": 20,
                "form": "discussion",
                "credit_class": PRACTICE,
                "joint": True,
            }
        )
    rows.append(
        {
            "title": f"{school.name}德育干部专题培训",
            "topic": "德育工作的统筹与指导",
            "date": day(),
            "hours10": 30,
            "form": "lecture",
            "credit_class": LECTURE,
            "cadre": True,
        }
    )
    while len(rows) < count:
        lecture = rng.random() < 0.6
        rows.append(
            {
                "title": rng.choice(ORDINARY_TITLES),
                "topic": rng.choice(RESEARCH_TOPICS),
                "date": day(),
                "hours10": rng.choice((15, 20, 20, 30, 40)),
                "form": "lecture" if lecture else rng.choice(("drill", "observation", "online")),
                "credit_class": LECTURE if lecture else PRACTICE,
            }
        )
    return rows


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


def _school_training(
    school: School,
    *,
    teachers: list[Teacher],
    years: list[int],
    rows_per_teacher: int,
    externals: int,
    rng: random.Random,
    tally: _Tally,
    leader: Any,
    stamp: str,
    last_day: dt.date,
) -> None:
    attended_max = rows_per_teacher - externals
    count = math.ceil(attended_max * SPARE_ACTIVITIES) + 1
    plans = {year: _plan_year(school, year, count, rng, last_day) for year in years}
    activity_model = _training_model("TrainingActivity")
    modules = [value for value, _label in activity_model._meta.get_field("module").choices]  # type: ignore[union-attr]
    activity_ids = iter(_reserve(activity_model, sum(len(p) for p in plans.values())))
    teacher_years = [(t, y) for y in years for t in teachers]
    reversed_years = {
        (t.pk, y)
        for t, y in teacher_years
        if rows_per_teacher >= REVERSAL_EVERY and (t.pk + y) % REVERSAL_EVERY == 0
    }
    external_ids = iter(
        _reserve(_training_model("ExternalTraining"), externals * len(teacher_years))
    )
    attendance_total = len(teacher_years) * attended_max - len(reversed_years)
    attendance_ids = iter(_reserve(_training_model("Attendance"), attendance_total))
    ledger_ids = iter(
        _reserve(_training_model("LedgerEntry"), rows_per_teacher * len(teacher_years))
    )
    scope = f"{school.district_id}\t{school.pk}"
    head = f"{stamp}\t{stamp}\t{scope}"
    leader_id = leader.pk

    activity_lines: list[str] = []
    activities: dict[int, list[_Activity]] = {}
    for year, plan in plans.items():
        rows = activities[year] = []
        for spec in plan:
            row = _Activity(
                id=next(activity_ids),
                date=spec["date"],
                hours10=spec["hours10"],
                credit_class=spec["credit_class"],
                title=spec["title"],
                is_cadre=spec.get("cadre", False),
            )
            row.year_term = semester_of(row.date)
            row.title_copy = _escape(row.title)
            rows.append(row)
            activity_lines.append(
                _line(
                    row.id,
                    stamp,
                    stamp,
                    school.district_id,
                    school.pk,
                    "school",
                    "",
                    row.title,
                    spec["topic"],
                    row.date,
                    _tenths(row.hours10),
                    spec["form"],
                    row.credit_class,
                    rng.choice(modules),
                    None,
                    "none",
                    "none",
                    "none",
                    spec.get("research", False),
                    spec.get("joint", False),
                    row.is_cadre,
                    spec.get("minutes", ""),
                    leader_id,
                )
            )
    tally.activities += len(activity_lines)

    external_lines: list[str] = []
    attendance_lines: list[str] = []
    ledger_lines: list[str] = []
    for teacher, year in teacher_years:
        plan_rows = activities[year]
        cadre = [a for a in plan_rows if a.is_cadre]
        others = [a for a in plan_rows if not a.is_cadre]
        reverse_one = (teacher.pk, year) in reversed_years
        wanted = attended_max - (1 if reverse_one else 0)
        chosen = cadre[:1] if teacher.is_moral_cadre else []
        chosen += rng.sample(others, wanted - len(chosen))
        chosen.sort(key=lambda a: a.date)
        tid = teacher.pk
        first_entry: tuple[int, _Activity, int] | None = None
        for activity in chosen:
            h10 = activity.hours10
            if h10 > 10 and rng.random() < PARTIAL_SHARE:
                h10 -= 5
            hours = _tenths(h10)
            attendance_id = next(attendance_ids)
            entry_id = next(ledger_ids)
            school_year, term = activity.year_term
            attendance_lines.append(
                f"{attendance_id}\t{stamp}\t{stamp}\t{hours}\t{tid}\t{activity.id}\n"
            )
            ledger_lines.append(
                f"{entry_id}\t{head}\t{tid}\t{ATTENDANCE}\t{activity.date}\t{school_year}\t{term}"
                f"\t{hours}\t{activity.credit_class}\t{activity.title_copy}\t\tnone\tnone\tnone"
                f"\t{'t' if activity.is_cadre else 'f'}\t{attendance_id}\t\\N\t{activity.id}"
                f"\t\\N\t{leader_id}\n"
            )
            tally.add(tid, activity.year_term, activity.credit_class, h10)
            if first_entry is None:
                first_entry = (entry_id, activity, h10)
        if reverse_one and first_entry is not None:
            reversed_id, activity, h10 = first_entry
            school_year, term = activity.year_term
            ledger_lines.append(
                f"{next(ledger_ids)}\t{head}\t{tid}\t{REVERSAL}\t{activity.date}\t{school_year}"
                f"\t{term}\t{_tenths(-h10)}\t{activity.credit_class}"
                f"\t{_escape(('冲销：' + activity.title)[:200])}\t签到有误，按实际出勤更正"
                f"\tnone\tnone\tnone\t{'t' if activity.is_cadre else 'f'}\t\\N\t\\N"
                f"\t{activity.id}\t{reversed_id}\t{leader_id}\n"
            )
            tally.add(tid, activity.year_term, activity.credit_class, -h10)
            tally.reversals += 1
        start = dt.date(year, 9, 1)
        span = (min(dt.date(year + 1, 8, 31), last_day) - start).days
        for _n in range(externals):
            title, organiser = rng.choice(EXTERNAL_TITLES)
            day = start + dt.timedelta(days=rng.randint(0, span))
            h10 = rng.choice((30, 40, 60, 80))
            credit_class = rng.choice((LECTURE, LECTURE, PRACTICE))
            external_id = next(external_ids)
            external_lines.append(
                _line(
                    external_id,
                    stamp,
                    stamp,
                    school.district_id,
                    school.pk,
                    tid,
                    title,
                    organiser,
                    rng.choice(("district", "city", "national")),
                    day,
                    _tenths(h10),
                    credit_class,
                    "",
                    "",
                    "",
                    VERIFIED,
                    leader_id,
                    leader_id,
                    stamp,
                    "",
                )
            )
            school_year, term = semester_of(day)
            ledger_lines.append(
                f"{next(ledger_ids)}\t{head}\t{tid}\t{EXTERNAL}\t{day}\t{school_year}\t{term}"
                f"\t{_tenths(h10)}\t{credit_class}\t{_escape(title)}\t\tnone\tnone\tnone\tf"
                f"\t\\N\t{external_id}\t\\N\t\\N\t{leader_id}\n"
            )
            tally.add(tid, (school_year, term), credit_class, h10)
    _copy(activity_model, ACTIVITY_COLUMNS, activity_lines)
    _copy(_training_model("ExternalTraining"), EXTERNAL_COLUMNS, external_lines)
    _copy(_training_model("Attendance"), ATTENDANCE_COLUMNS, attendance_lines)
    _copy(_training_model("LedgerEntry"), LEDGER_COLUMNS, ledger_lines)
    tally.attendance += len(attendance_lines)
    tally.external += len(external_lines)
    tally.ledger += len(ledger_lines)


def _credit_assignments(
    district: District,
    *,
    schools: list[School],
    teachers_by_school: dict[int, list[Teacher]],
    tally: _Tally,
    leader: Any,
    last_day: dt.date,
) -> int:
    """PT24-CREDIT for the semesters that have ended, by the district's conversion
    (`training.selectors.credit_params`, `training.credits.credits_for`)."""
    params = training_selectors.credit_params(district=district)
    if params is None:
        return 0
    model = _training_model("CreditAssignment")
    terms = sorted({key[1:] for key in tally.hours})
    ended = [t for t in terms if semester(*t).end <= last_day]
    rows = []
    for index, school in enumerate(schools):
        if index % 3 not in CREDIT_SCHOOLS:
            continue
        for teacher in teachers_by_school[school.pk]:
            for school_year, term in ended:
                lecture10, practice10 = tally.hours.get((teacher.pk, school_year, term), (0, 0))
                lecture = Decimal(max(lecture10, 0)) / 10
                practice = Decimal(max(practice10, 0)) / 10
                rows.append(
                    model(
                        district_id=district.pk,
                        school=school,
                        teacher=teacher,
                        school_year=school_year,
                        semester=term,
                        lecture_hours=lecture,
                        practice_hours=practice,
                        credits=credits_for(lecture, practice, params),
                        assigned_by=leader,
                    )
                )
    return len(_bulk(model, rows))


def _archive_entries(
    *,
    schools: list[School],
    teachers_by_school: dict[int, list[Teacher]],
    years: list[int],
    rng: random.Random,
    leader: Any,
    last_day: dt.date,
) -> int:
    model = _training_model("ArchiveEntry")
    kinds = [value for value, _label in model._meta.get_field("kind").choices]  # type: ignore[union-attr]
    levels = [value for value, _label in model._meta.get_field("level").choices]  # type: ignore[union-attr]
    rows = []
    for school in schools:
        for teacher in teachers_by_school[school.pk]:
            for year in years:
                if rng.random() > ARCHIVE_SHARE:
                    continue
                start = dt.date(year, 9, 1)
                span = (min(dt.date(year + 1, 8, 31), last_day) - start).days
                rows.append(
                    model(
                        district_id=school.district_id,
                        school=school,
                        teacher=teacher,
                        kind=rng.choice(kinds),
                        level=rng.choice(levels),
                        title=rng.choice(ARCHIVE_TITLES),
                        date=start + dt.timedelta(days=rng.randint(0, span)),
                        created_by=leader,
                    )
                )
    return len(_bulk(model, rows))


def _wipe_training(district: District) -> None:
    """Every training row of the district, one DELETE per table of the training app.

    A row belongs to the district by its own `district` or through its first foreign key
    to a row that has one (attendance through its activity, a file through its record), or
    through a chain of them (an attachment's file through its attachment and activity).
    The ledger refuses DELETE unless `app.ledger_purge` is on in the transaction: it is
    switched on here — the command replacing a district it made itself — and off again
    right after. The foreign keys are deferred: the order of the DELETEs does not matter,
    and a row left pointing at a deleted one fails the commit, not silently.
    """
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL app.ledger_purge = 'on'")
        conditions = []
        for model in apps.get_app_config("training").get_models(include_auto_created=True):
            condition = _district_condition(model)
            if condition is None:
                raise CommandError(f"cannot tell the district of {model._meta.label} rows")
            conditions.append((model, condition))
        # rows found through their parents go before the parents themselves (deepest first)
        conditions.sort(key=lambda pair: -pair[1].count("SELECT"))
        for model, condition in conditions:
            cursor.execute(f'DELETE FROM "{model._meta.db_table}" WHERE {condition}', [district.pk])  # noqa: S608 - table and column names from the model registry
        cursor.execute("SET LOCAL app.ledger_purge = 'off'")


def _district_condition(model: type[models.Model], depth: int = 0) -> str | None:
    """SQL naming the district's rows of `model`: by its own `district`, else through its
    first foreign key to a row that has one, else through a chain of training rows (an
    attachment's file through its attachment and activity)."""

    def has_district(candidate: Any) -> bool:
        return any(f.name == "district" for f in candidate._meta.concrete_fields)

    if has_district(model):
        return '"district_id" = %s'
    parents = [
        (fk, fk.related_model)
        for fk in model._meta.concrete_fields
        if fk.is_relation and fk.related_model is not None and fk.related_model is not model
    ]
    for fk, parent in parents:
        if has_district(parent):
            table = parent._meta.db_table  # type: ignore[union-attr]
            return f'"{fk.column}" IN (SELECT "id" FROM "{table}" WHERE "district_id" = %s)'  # noqa: S608
    if depth >= 2:
        return None
    for fk, parent in parents:
        if parent._meta.app_label == model._meta.app_label:  # type: ignore[union-attr]
            inner = _district_condition(parent, depth + 1)  # type: ignore[arg-type]
            if inner is not None:
                table = parent._meta.db_table  # type: ignore[union-attr]
                return f'"{fk.column}" IN (SELECT "id" FROM "{table}" WHERE {inner})'  # noqa: S608
    return None


def _analyze() -> None:
    """Fresh planner statistics for the tables just filled (outside the transaction)."""
    names = (
        "TrainingActivity",
        "Attendance",
        "ExternalTraining",
        "LedgerEntry",
        "CreditAssignment",
    )
    with connection.cursor() as cursor:
        for name in names:
            cursor.execute(f'ANALYZE "{_training_model(name)._meta.db_table}"')


# --------------------------------------------------------------------------- COPY


def _reserve(model: type[models.Model], count: int) -> list[int]:
    """`count` ids from the table's identity sequence, for rows written by COPY."""
    if count <= 0:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [model._meta.db_table, count],
        )
        return [row[0] for row in cursor.fetchall()]


def _copy(model: type[models.Model], columns: Sequence[str], lines: list[str]) -> None:
    """COPY text-format lines into the model's table, in the current transaction."""
    if not lines:
        return
    names = ", ".join(f'"{name}"' for name in columns)
    with connection.cursor() as cursor:
        raw = cursor.cursor  # the psycopg cursor behind Django's wrapper
        with raw.copy(f'COPY "{model._meta.db_table}" ({names}) FROM STDIN') as copy:
            copy.write("".join(lines))


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _copy_value(value: Any) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, str):
        return _escape(value)
    return str(value)


def _line(*values: Any) -> str:
    return "\t".join(_copy_value(v) for v in values) + "\n"


def _tenths(h10: int) -> str:
    sign = "-" if h10 < 0 else ""
    h10 = abs(h10)
    return f"{sign}{h10 // 10}.{h10 % 10}"
