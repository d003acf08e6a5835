"""The generator's plan: the steps of the package docstring, in one transaction, timed."""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.management.base import CommandError
from django.db import models, transaction
from django.utils import timezone

from apps.core.bulk import copy_value
from apps.core.schoolyear import today
from apps.evidence.models import EvidenceItem
from apps.people.models import HomeroomAssignment, SchoolClass, Teacher
from apps.probation.models import Assessment, ReserveEntry, Trainee
from apps.studios.models import Brief, Member, Outcome, Session, Team
from apps.tenancy.models import District, Membership, School
from apps.training.models import (
    ArchiveEntry,
    Attendance,
    CreditAssignment,
    ExternalTraining,
    LedgerEntry,
    TrainingActivity,
)

from .backbone import seed_backbone
from .evidence import seed_evidence
from .people import seed_logins, seed_people
from .probation import seed_probation
from .records import seed_archive_entries, seed_credit_assignments
from .studios import seed_studios
from .training import Tally, TrainingOptions, school_training
from .wipe import wipe
from .writes import (
    analyze,
    check_deferred_constraints,
    suspend_foreign_keys,
    validate_foreign_keys,
)

PACKS = ("xuhui-2026", "xuhui-backbone-2023")
NAME_PREFIX = "合成区"
# The tables COPY fills: their foreign keys are validated in bulk (`writes`).
COPIED: tuple[type[models.Model], ...] = (
    TrainingActivity,
    Attendance,
    ExternalTraining,
    LedgerEntry,
)
# Every table the generator fills (the planner then knows their sizes: an unanalysed
# people table once made the floor query a nested loop of > 10 minutes).
ANALYZED: tuple[type[models.Model], ...] = (
    School, Teacher, SchoolClass, HomeroomAssignment, EvidenceItem, Membership,
    TrainingActivity, Attendance, ExternalTraining, LedgerEntry, CreditAssignment,
    ArchiveEntry, Trainee, Assessment, ReserveEntry, Team, Member, Outcome, Brief, Session,
)  # fmt: skip


@contextmanager
def timed(timings: dict[str, float], key: str) -> Iterator[None]:
    started = time.monotonic()
    yield
    timings[key] = time.monotonic() - started


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
    """Steps 1–6 (the policy packs are the caller's); returns the counts to print, with
    `action` (created / replaced) and, when training was asked for, `training`."""
    timings = timings if timings is not None else {}
    district, action = _district(code, timings)
    school_years = list(range(year - years + 1, year + 1))
    with timed(timings, "people"):
        rng = random.Random(f"{code}:{seed}")  # noqa: S311 - synthetic data, reproducible
        people = seed_people(
            district, schools=schools, teachers_per_school=teachers_per_school,
            school_years=school_years, rng=rng,
        )  # fmt: skip
        logins = seed_logins(district, people.schools[0])
        evidence = seed_evidence(
            district, people.schools, year, rng, submitter=logins.leader, reviewer=logins.reviewer
        )
    counts: dict[str, Any] = {
        "action": action,
        "schools": len(people.schools),
        "teachers": people.teacher_count,
        "classes": people.class_count,
        "assignments": people.assignment_count,
        "evidence items": evidence,
    }
    with timed(timings, "probation"):
        counts |= seed_probation(
            district, schools=people.schools, teachers_by_school=people.teachers, year=year,
            rng=random.Random(f"{code}:{seed}:probation"),  # noqa: S311 - synthetic data
            leader=logins.leader,
        )  # fmt: skip
    if ledger_rows_per_teacher > 0:
        counts["training"] = seed_training(
            district,
            schools=people.schools,
            teachers_by_school=people.teachers,
            school_years=school_years,
            rows_per_teacher=ledger_rows_per_teacher,
            rng=random.Random(f"{code}:{seed}:training"),  # noqa: S311 - synthetic data
            leader=logins.leader,
            timings=timings,
        )
    for name, step in (("studios", seed_studios), ("backbone", seed_backbone)):
        with timed(timings, name):
            counts |= step(
                district, schools=people.schools, teachers_by_school=people.teachers, year=year,
                rng=random.Random(f"{code}:{seed}:{name}"),  # noqa: S311 - synthetic data
                leader=logins.leader,
            )  # fmt: skip
    return counts


def _district(code: str, timings: dict[str, float]) -> tuple[District, str]:
    """Step 1: the district, new or emptied (only when this command made it)."""
    name = f"{NAME_PREFIX}（{code}）"
    district = District.objects.filter(code=code).first()
    if district is None:
        return District.objects.create(code=code, name=name, policy_packs=list(PACKS)), "created"
    if district.name != name:
        raise CommandError(
            f"district {code!r} ({district.name}) was not made by this command; "
            "choose another --district-code"
        )
    with timed(timings, "wipe"):
        wipe(district)
    district.policy_packs = list(PACKS)
    district.save(update_fields=["policy_packs", "updated_at"])
    return district, "replaced"


def seed_training(
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
    """Step 6: every school's training (`training.school_training`), then the credits of
    the finished semesters and archive entries, then the foreign keys are checked — those
    of the COPY tables re-created and validated in one pass each (`writes`), the other
    deferred ones at once (SET CONSTRAINTS ALL IMMEDIATE) — so their time is shown."""
    last_day = today() - dt.timedelta(days=1)
    options = TrainingOptions(
        years=[y for y in school_years if dt.date(y, 9, 1) <= last_day],
        rows_per_teacher=rows_per_teacher,
        leader_id=leader.pk,
        stamp=copy_value(timezone.now()),
        last_day=last_day,
    )
    tally = Tally()
    # the people's checks first: no table may be altered while checks are pending
    check_deferred_constraints()
    suspended = suspend_foreign_keys(COPIED)
    with timed(timings, "training copy"):
        for school in schools:
            school_training(
                school, teachers=teachers_by_school[school.pk], options=options, rng=rng,
                tally=tally,
            )  # fmt: skip
    with timed(timings, "credits and archive"):
        credits = seed_credit_assignments(
            district, schools=schools, teachers_by_school=teachers_by_school, tally=tally,
            leader=leader, last_day=last_day,
        )  # fmt: skip
        archive = seed_archive_entries(
            schools=schools, teachers_by_school=teachers_by_school, years=options.years,
            rng=rng, leader=leader, last_day=last_day,
        )  # fmt: skip
    with timed(timings, "constraint checks"):
        check_deferred_constraints()  # no table may be altered with checks pending
        validate_foreign_keys(suspended)
    return {
        "activities": tally.activities,
        "attendance": tally.attendance,
        "ledger rows": tally.ledger,
        "verified external records": tally.external,
        "reversals": tally.reversals,
        "credit assignments": credits,
        "archive entries": archive,
    }


def analyze_filled_tables() -> None:
    """Fresh planner statistics for every table it fills (after the transaction)."""
    analyze(ANALYZED)
