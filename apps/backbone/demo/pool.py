"""The pool topic's demo (called through apps/backbone/demo/__init__.py):

* `seed(ctx)` — 新桥区 (xinbei-2023): homeroom honours for 25 teachers across its six
  schools (市特级班主任 in four schools, 市高级班主任 in five — the growth teams' leaders),
  and three elections of the talent pool through the pool's services: 2024 (ended, one
  entry left waiting for the district's review: partly met), 2025 (ended, every entry
  through its three steps: met — a school declined one, the district rejected one),
  2026 (in progress: applications waiting for the school and for the district). Elected
  persons stay well below the target of about 100 (XB-TARGET partly met).
* `seed_ladder(ctx)` — 汇景区 (xuhui-2026): the second school pilots the homeroom rating;
  three teachers rated 职初 / 骨干 / 卓越, and two honours elsewhere so computed rungs show.

Idempotent: a district whose rows exist already is left as it is."""

from __future__ import annotations

import datetime as dt
from typing import Any

from apps.backbone.models import FamousLevel, HomeroomHonour, HomeroomRating, Honour, PoolEntry
from apps.backbone.services.honours import honour_record
from apps.backbone.services.ladder import rating_record
from apps.backbone.services.pool import pool_apply, pool_recommend, pool_review
from apps.people.models import Teacher
from apps.tenancy.models import School

STATEMENT = (
    "担任班主任多年，所带班级多次获评区优秀班集体；开设区级德育公开课，主持校级德育课题，"
    "指导青年班主任成长。"
)
# (teacher index, honour, school indexes)
HONOURS = (
    (0, Honour.CITY_SPECIAL, (0, 1, 2, 3)),
    (1, Honour.CITY_SENIOR, (1, 2, 3, 4, 5)),
    (2, Honour.DISTRICT_SENIOR, (0, 1, 2, 3, 4, 5)),
    (3, Honour.CITY_EXCELLENT, (0, 1, 2, 3, 4, 5)),
    (4, Honour.CONTEST_FIRST, (0, 2, 4)),
    (5, Honour.CITY_EXCELLENT, (5,)),
)


def _schools(ctx: dict[str, Any]) -> list[School]:
    return list(School.objects.filter(district=ctx["district"]).order_by("code"))


def _teachers(school: School) -> list[Teacher]:
    return list(
        Teacher.objects.filter(school=school, is_active=True).order_by("homeroom_since", "pk")
    )


def _honours(ctx: dict[str, Any], staff: list[tuple[School, list[Teacher]]]) -> None:
    if HomeroomHonour.objects.filter(district=ctx["district"]).exists():
        return
    for index, honour, school_indexes in HONOURS:
        for i in school_indexes:
            school, teachers = staff[i]
            if index < len(teachers):
                honour_record(
                    actor=ctx["leader_of"](school),
                    teacher=teachers[index],
                    honour=honour,
                    awarded_on=dt.date(2019 + i % 4, 9, 10),
                    issuer="常州市教育局",
                )


def _step(
    ctx: dict[str, Any], school: School, teacher: Teacher, year: int, *, level: str, until: str
) -> None:
    """One teacher's entry taken to `until`: applied | recommended | declined | elected |
    rejected."""
    leader = ctx["leader_of"](school)
    entry = pool_apply(actor=leader, teacher=teacher, year=year, level=level, statement=STATEMENT)
    if until == "applied":
        return
    if until == "declined":
        pool_recommend(
            actor=leader, entry=entry, recommend=False, comment="材料尚不充分，明年再报。"
        )
        return
    entry = pool_recommend(actor=leader, entry=entry, recommend=True, comment="同意推荐。")
    if until == "elected":
        pool_review(actor=ctx["reviewer"], entry=entry, elect=True, comment="评审通过。")
    elif until == "rejected":
        pool_review(actor=ctx["reviewer"], entry=entry, elect=False, comment="成果积累不足。")


def _plan(i: int) -> dict[int, list[tuple[int, str, str]]]:
    """{year: [(teacher index, level, until)]} for the school of index `i`."""
    city: str = FamousLevel.CITY
    district: str = FamousLevel.DISTRICT
    y2024 = [(0, city, "elected"), (2, district, "recommended" if i == 5 else "elected")]
    y2025 = [
        (1, city, "rejected" if i == 2 else "elected"),
        (3, district, "declined" if i == 4 else "elected"),
    ]
    y2026 = [
        (4, district, ("applied", "recommended", "elected")[i % 3]),
        (5, district, "applied" if i < 2 else "recommended"),
    ]
    return {2024: y2024, 2025: y2025, 2026: y2026}


def seed(ctx: dict[str, Any]) -> None:
    staff = [(school, _teachers(school)) for school in _schools(ctx)]
    _honours(ctx, staff)
    if PoolEntry.objects.filter(district=ctx["district"]).exists():
        return
    for i, (school, teachers) in enumerate(staff):
        for year, steps in _plan(i).items():
            if year > ctx["year"]:
                continue
            for index, level, until in steps:
                if index < len(teachers):
                    _step(ctx, school, teachers[index], year, level=level, until=until)


def seed_ladder(ctx: dict[str, Any]) -> None:
    schools = _schools(ctx)
    if len(schools) < 2:
        return
    pilot = schools[1]
    if HomeroomRating.objects.filter(school=pilot).exists():
        return
    leader = ctx["leader_of"](pilot)
    teachers = [t for t in _teachers(pilot) if t.homeroom_since is not None]
    for teacher, rung, basis in zip(
        teachers,
        ("excellent", "backbone", "junior"),
        (
            "校班主任评级委员会评定：区学科（班主任）带头人，带班成效突出。",
            "校班主任评级委员会评定：班主任工作满5年，校级骨干。",
            "校班主任评级委员会评定：入职未满3年。",
        ),
        strict=False,
    ):
        rating_record(
            actor=leader,
            school=pilot,
            teacher=teacher,
            rung=rung,
            rated_on=dt.date(2026, 9, 15),
            basis=basis,
        )
    other = schools[0]
    for teacher, honour in zip(
        _teachers(other)[:2], (Honour.CITY_SENIOR, Honour.DISTRICT_SENIOR), strict=False
    ):
        if not HomeroomHonour.objects.filter(teacher=teacher, honour=honour).exists():
            honour_record(
                actor=ctx["leader_of"](other),
                teacher=teacher,
                honour=honour,
                awarded_on=dt.date(2022, 9, 10),
                issuer="上海市教育委员会",
            )
