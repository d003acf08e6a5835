"""Demo of XB23-ASSESS (called by apps.backbone.demo after the cohort's demo): the 2023
cohort's results for 2023–2025 and the term-end, mostly 合格 with a few 优秀 (bonus);
one member failed 2023 once (warning, plan filed by the school and accepted); one failed
2023 and 2024 (warning, plan accepted, the 2025 allowance suspended); one failed the
term-end (no certificate, barred — their application to the 2026届 is refused); one
failed 2025 and never filed the plan (overdue on the boards); and an open 2026届.

The members are read from the cohort's rows; when no cohort was seeded (the cohort demo
absent) a small one is made here. Everything else goes through the services; idempotent
(nothing is done when the cohort already has results)."""

from __future__ import annotations

import contextlib
import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError

from apps.backbone.models import (
    Assessment,
    AssessmentKind,
    BackboneMember,
    Category,
    Cohort,
    Consequence,
    ConsequenceKind,
    Result,
)
from apps.backbone.services.applications import application_submit
from apps.backbone.services.assessments import assessment_enter
from apps.backbone.services.cohort import member_add
from apps.backbone.services.rectifications import rectification_file, rectification_review
from apps.people.models import Teacher

PACK = "xuhui-backbone-2023"
YEARS = (2023, 2024, 2025)
PLAN_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
# member index → {year: result}; term-end in key None. The rest pass every time.
STORY: dict[int, dict[int | None, str]] = {
    0: {2023: Result.FAIL},  # once: warning, plan accepted
    1: {2023: Result.FAIL, 2024: Result.FAIL},  # twice: 2025 allowance suspended
    2: {None: Result.FAIL},  # term-end failed: no certificate, barred
    3: {2025: Result.FAIL},  # plan overdue
    4: {2024: Result.EXCELLENT, None: Result.EXCELLENT},
    5: {2025: Result.EXCELLENT},
}


def _cohort(ctx: dict[str, Any]) -> Cohort:
    district = ctx["district"]
    cohort = Cohort.objects.filter(district=district, pack=PACK).order_by("starts_on").first()
    if cohort is None:
        cohort = Cohort.objects.create(
            district=district, name="2023届骨干", pack=PACK, starts_on=dt.date(2023, 9, 1),
            ends_on=dt.date(2026, 6, 30), leader_monthly_allowance=Decimal("800"),
            backbone_monthly_allowance=Decimal("500"), created_by=ctx["reviewer"],
        )  # fmt: skip
    if not cohort.members.exists():
        teachers = Teacher.objects.filter(district=district, is_active=True).order_by(
            "school__code", "id"
        )
        by_school: dict[int, list[Teacher]] = {}
        for teacher in teachers:
            by_school.setdefault(teacher.school_id, []).append(teacher)
        picked = [t for group in by_school.values() for t in group[1:3]]
        for index, teacher in enumerate(picked):
            category = Category.LEADER if index % 3 == 0 else Category.BACKBONE
            member_add(actor=ctx["reviewer"], cohort=cohort, teacher=teacher,
                       category=category, joined_on=cohort.starts_on)  # fmt: skip
    return cohort


def _next_cohort(ctx: dict[str, Any], cohort: Cohort) -> Cohort:
    found = Cohort.objects.filter(district=ctx["district"], previous=cohort).first()
    if found is not None:
        return found
    return Cohort.objects.create(
        district=ctx["district"], name="2026届骨干", pack=PACK, starts_on=dt.date(2026, 9, 1),
        ends_on=dt.date(2029, 6, 30), previous=cohort, accepting_applications=True,
        created_by=ctx["reviewer"],
    )  # fmt: skip


def _results(ctx: dict[str, Any], members: list[BackboneMember]) -> None:
    for index, member in enumerate(members):
        story = STORY.get(index, {})
        for year in YEARS:
            assessment_enter(
                actor=ctx["reviewer"], member=member, kind=AssessmentKind.YEARLY,
                school_year=year, result=story.get(year, Result.PASS),
                project_result=Result.PASS, comprehensive_result=story.get(year, Result.PASS),
                assessed_on=dt.date(year + 1, 6, 25),
            )  # fmt: skip
        assessment_enter(
            actor=ctx["reviewer"], member=member, kind=AssessmentKind.TERM_END,
            result=story.get(None, Result.PASS), assessed_on=dt.date(2026, 7, 3),
        )  # fmt: skip


def _plans(ctx: dict[str, Any], members: list[BackboneMember]) -> None:
    """The 2023 warnings' plans filed by the school and accepted; 2025's left overdue."""
    for member in members[:2]:
        warning = Consequence.objects.get(
            member=member, kind=ConsequenceKind.WARNING, school_year=2023
        )
        plan = rectification_file(
            actor=ctx["leader_of"](member.school), warning=warning,
            summary="每月与导师复盘班级管理案例，学期末提交改进报告。",
            file_name="书面整改方案.pdf", data=PLAN_PDF,
        )  # fmt: skip
        rectification_review(rectification=plan, reviewer=ctx["reviewer"], accept=True)


def seed(ctx: dict[str, Any]) -> None:
    cohort = _cohort(ctx)
    members = list(cohort.members.filter(left_on__isnull=True).order_by("school__code", "id"))
    following = _next_cohort(ctx, cohort)
    if len(members) < len(STORY) or Assessment.objects.filter(member__cohort=cohort).exists():
        return
    _results(ctx, members)
    _plans(ctx, members)
    barred = members[2]
    # the barred member's school tries to apply for them: refused with the reason
    with contextlib.suppress(ValidationError):
        application_submit(actor=ctx["leader_of"](barred.school), cohort=following,
                           teacher=barred.teacher, category=barred.category)  # fmt: skip
    application_submit(actor=ctx["leader_of"](members[6].school), cohort=following,
                       teacher=members[6].teacher, category=Category.LEADER,
                       statement="届满考核合格，申报新一届带头人。")  # fmt: skip
