"""Credit assignments and archive entries of a synthetic district, after its ledger."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from apps.core.schoolyear import semester
from apps.people.models import Teacher
from apps.tenancy.models import District, School
from apps.training import selectors as training_selectors
from apps.training.models import AchievementKind, AchievementLevel, ArchiveEntry, CreditAssignment

from .training import Tally
from .writes import bulk

CREDIT_SCHOOLS = (0, 1)  # index % 3: two schools in three assigned their credits
ARCHIVE_SHARE = 0.7
ARCHIVE_TITLES = ("区级公开课《我们的班级公约》", "论文《小岗位大成长》", "区优秀班主任")


def seed_credit_assignments(
    district: District,
    *,
    schools: list[School],
    teachers_by_school: dict[int, list[Teacher]],
    tally: Tally,
    leader: Any,
    last_day: dt.date,
) -> int:
    """PT24-CREDIT for the semesters that have ended, from the hours tallied while the
    ledger was written, by the district's conversion (`training.selectors.credit_params`,
    `training.selectors.credits_for`); two schools in three. Returns how many."""
    params = training_selectors.credit_params(district=district)
    if params is None:
        return 0
    terms = sorted({key[1:] for key in tally.hours})
    ended = [t for t in terms if semester(*t).end <= last_day]
    rows = [
        _credit_assignment(school, teacher, year_term, tally=tally, params=params, leader=leader)
        for index, school in enumerate(schools)
        if index % 3 in CREDIT_SCHOOLS
        for teacher in teachers_by_school[school.pk]
        for year_term in ended
    ]
    return len(bulk(CreditAssignment, rows))


def _credit_assignment(
    school: School,
    teacher: Teacher,
    year_term: tuple[int, int],
    *,
    tally: Tally,
    params: dict[str, Any],
    leader: Any,
) -> CreditAssignment:
    school_year, term = year_term
    lecture10, practice10 = tally.hours.get((teacher.pk, school_year, term), (0, 0))
    lecture = Decimal(max(lecture10, 0)) / 10
    practice = Decimal(max(practice10, 0)) / 10
    return CreditAssignment(
        district_id=school.district_id,
        school=school,
        teacher=teacher,
        school_year=school_year,
        semester=term,
        lecture_hours=lecture,
        practice_hours=practice,
        credits=training_selectors.credits_for(lecture, practice, params),
        assigned_by=leader,
    )


def seed_archive_entries(
    *,
    schools: list[School],
    teachers_by_school: dict[int, list[Teacher]],
    years: list[int],
    rng: random.Random,
    leader: Any,
    last_day: dt.date,
) -> int:
    """An achievement for most teachers in most years (`ARCHIVE_SHARE`); returns how many."""
    rows = []
    for school in schools:
        for teacher in teachers_by_school[school.pk]:
            for year in years:
                if rng.random() > ARCHIVE_SHARE:
                    continue
                start = dt.date(year, 9, 1)
                span = (min(dt.date(year + 1, 8, 31), last_day) - start).days
                rows.append(
                    ArchiveEntry(
                        district_id=school.district_id,
                        school=school,
                        teacher=teacher,
                        kind=rng.choice(AchievementKind.values),
                        level=rng.choice(AchievementLevel.values),
                        title=rng.choice(ARCHIVE_TITLES),
                        date=start + dt.timedelta(days=rng.randint(0, span)),
                        created_by=leader,
                    )
                )
    return len(bulk(ArchiveEntry, rows))
