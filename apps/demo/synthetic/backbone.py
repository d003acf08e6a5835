"""The backbone module of a synthetic district (issue 15, for the bench): xuhui's 2023
cohort — two members in every school (a 带头人 in one school of three), their yearly and
term-end results with the consequences the rules draw (a failure in one member of
seventeen, two in one of twenty-nine, 优秀 in one of eleven, a failed term-end in one of
thirty-one), the rectification plans, and the monthly allowance of the whole cohort (one
school in nine short of its last months, nothing in a suspended year) with the bonuses —
and xinbei's side: honours, three years of talent-pool elections, four growth teams per
tier of fifteen members from as many schools (two per school at most), their yearly
assessment, projects, collections and showcases. Written with `bulk_create`: a few
statements per table whatever the number of schools."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from apps.backbone.models import (
    AllowanceKind,
    AllowancePayment,
    Assessment,
    AssessmentKind,
    BackboneFile,
    BackboneMember,
    Category,
    Cohort,
    Consequence,
    ConsequenceKind,
    Rectification,
    RectificationStatus,
    Result,
)
from apps.people.models import Teacher
from apps.tenancy.models import District, School

from .famous import seed_famous

START, END = dt.date(2023, 9, 1), dt.date(2026, 6, 30)
YEARS = (2023, 2024, 2025)
RATES: dict[str, Decimal] = {Category.LEADER: Decimal("800"), Category.BACKBONE: Decimal("500")}
BONUS = Decimal("5000")


def _months() -> list[dt.date]:
    months, day = [], START
    while day <= END:
        months.append(day)
        day = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return months


def _results(index: int) -> dict[int, str]:
    """Each school year's result of the index-th member, and the term-end's (key 0)."""
    results: dict[int, str] = dict.fromkeys(YEARS, str(Result.PASS)) | {0: str(Result.PASS)}
    if index % 11 == 3:
        results[2024] = Result.EXCELLENT
    if index % 17 == 5:
        results[2023] = Result.FAIL
    if index % 29 == 7:
        results[2023] = results[2024] = Result.FAIL
    if index % 31 == 9:
        results[0] = Result.FAIL
    return results


def _members(cohort: Cohort, schools: list[School], by_school: dict[int, list[Teacher]],
             leader: Any) -> list[BackboneMember]:  # fmt: skip
    rows = []
    for index, school in enumerate(schools):
        for n, teacher in enumerate(by_school.get(school.pk, [])[2:4]):
            category = Category.LEADER if n == 0 and index % 3 == 0 else Category.BACKBONE
            rows.append(BackboneMember(
                cohort=cohort, teacher=teacher, district_id=teacher.district_id,
                school_id=teacher.school_id, category=category, joined_on=START,
                recorded_by=leader,
            ))  # fmt: skip
    return BackboneMember.objects.bulk_create(rows)


def _assessments(members: list[BackboneMember], leader: Any) -> list[Assessment]:
    rows = []
    for index, member in enumerate(members):
        for year, result in _results(index).items():
            rows.append(Assessment(
                member=member, district_id=member.district_id, school_id=member.school_id,
                kind=AssessmentKind.TERM_END if year == 0 else AssessmentKind.YEARLY,
                school_year=year or 2025, project_result=result, comprehensive_result=result,
                result=result, assessed_on=dt.date((year or 2025) + 1, 7, 5), entered_by=leader,
            ))  # fmt: skip
    return Assessment.objects.bulk_create(rows)


def _consequence_rows(assessments: list[Assessment], leader: Any) -> list[Consequence]:
    rows, failures = [], dict[int, int]()
    for a in assessments:
        base = {"member_id": a.member_id, "district_id": a.district_id, "school_id": a.school_id,
                "assessment": a, "decided_on": a.assessed_on, "decided_by": leader}  # fmt: skip
        if a.kind == AssessmentKind.TERM_END:
            if a.result == Result.FAIL:
                rows += [
                    Consequence(kind=ConsequenceKind.NO_CERTIFICATE, school_year=2025, **base),
                    Consequence(kind=ConsequenceKind.BARRED, school_year=2025, **base),
                ]
            continue
        if a.result == Result.EXCELLENT:
            rows.append(Consequence(kind=ConsequenceKind.BONUS, school_year=a.school_year,
                                    amount=BONUS, **base))  # fmt: skip
        if a.result != Result.FAIL:
            continue
        failures[a.member_id] = failures.get(a.member_id, 0) + 1
        if failures[a.member_id] == 1:
            rows.append(
                Consequence(
                    kind=ConsequenceKind.WARNING,
                    school_year=a.school_year,
                    due_on=a.assessed_on + dt.timedelta(days=30),
                    **base,
                )
            )
        else:
            rows.append(Consequence(kind=ConsequenceKind.ALLOWANCE_SUSPENDED,
                                    school_year=a.school_year + 1, **base))  # fmt: skip
    return Consequence.objects.bulk_create(rows)


def _rectifications(district: District, consequences: list[Consequence], leader: Any) -> int:
    warnings = [c for c in consequences if c.kind == ConsequenceKind.WARNING]
    if not warnings:
        return 0
    plan = BackboneFile.objects.create(
        district=district,
        file_name="整改方案.pdf",
        file_type="pdf",
        file_size=1024,
        uploaded_by=leader,
    )
    Rectification.objects.bulk_create(
        Rectification(warning=w, district_id=w.district_id, school_id=w.school_id,
                      summary="针对考核问题的整改措施。", file=plan,
                      status=RectificationStatus.ACCEPTED,
                      filed_at=dt.datetime.combine(w.decided_on, dt.time(9), dt.UTC),
                      submitted_by=leader, reviewed_by=leader)
        for w in warnings
    )  # fmt: skip
    return len(warnings)


def _payments(members: list[BackboneMember], consequences: list[Consequence], leader: Any,
              school_index: dict[int, int]) -> int:  # fmt: skip
    suspended = {(c.member_id, c.school_year) for c in consequences
                 if c.kind == ConsequenceKind.ALLOWANCE_SUSPENDED}  # fmt: skip
    months = _months()
    rows = []
    for m in members:
        short = school_index[m.school_id] % 9 == 4
        for month in months[:-3] if short else months:
            year = month.year if month.month >= 9 else month.year - 1
            if (m.pk, year) in suspended:
                continue
            rows.append(AllowancePayment(
                member=m, district_id=m.district_id, school_id=m.school_id,
                kind=AllowanceKind.MONTHLY, month=month, amount=RATES[m.category],
                paid_on=month + dt.timedelta(days=24), recorded_by=leader,
            ))  # fmt: skip
    by_member = {m.pk: m for m in members}
    rows += [
        AllowancePayment(member=by_member[c.member_id], district_id=c.district_id,
                         school_id=c.school_id, kind=AllowanceKind.BONUS,
                         month=c.decided_on.replace(day=1), amount=c.amount or BONUS,
                         paid_on=c.decided_on + dt.timedelta(days=20), bonus=c,
                         recorded_by=leader)
        for c in consequences if c.kind == ConsequenceKind.BONUS
    ]  # fmt: skip
    AllowancePayment.objects.bulk_create(rows, batch_size=5000)
    return len(rows)


def _xuhui(district: District, schools: list[School], by_school: dict[int, list[Teacher]],
           leader: Any) -> dict[str, int]:  # fmt: skip
    cohort = Cohort.objects.create(
        district=district, name="2023届骨干", pack="xuhui-backbone-2023", starts_on=START,
        ends_on=END, leader_monthly_allowance=RATES[Category.LEADER],
        backbone_monthly_allowance=RATES[Category.BACKBONE], created_by=leader,
    )  # fmt: skip
    Cohort.objects.create(
        district=district, name="2026届骨干", pack="xuhui-backbone-2023", previous=cohort,
        starts_on=dt.date(2026, 9, 1), ends_on=dt.date(2029, 6, 30),
        accepting_applications=True, created_by=leader,
    )  # fmt: skip
    members = _members(cohort, schools, by_school, leader)
    assessments = _assessments(members, leader)
    consequences = _consequence_rows(assessments, leader)
    index = {school.pk: n for n, school in enumerate(schools)}
    return {
        "backbone members": len(members),
        "backbone assessments": len(assessments),
        "backbone consequences": len(consequences),
        "rectification plans": _rectifications(district, consequences, leader),
        "allowance payments": _payments(members, consequences, leader, index),
    }


def seed_backbone(
    district: District, *, schools: list[School], teachers_by_school: dict[int, list[Teacher]],
    year: int, rng: random.Random, leader: Any,
) -> dict[str, int]:  # fmt: skip
    counts = _xuhui(district, schools, teachers_by_school, leader)
    counts |= seed_famous(
        district, schools=schools, teachers_by_school=teachers_by_school, year=year, rng=rng,
        leader=leader,
    )  # fmt: skip
    return counts
