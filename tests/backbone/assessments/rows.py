"""Rows for the XB23-ASSESS tests: district A on the xuhui packs, the 2023 cohort with
A1's first teacher (the A1.teacher login) and A2's first teacher as members."""

from __future__ import annotations

import datetime as dt
from typing import Any

from apps.backbone.models import AssessmentKind, BackboneMember, Cohort, Result
from apps.backbone.services.assessments import assessment_enter
from tests.backbone.factories import make_cohort, make_member
from tests.personas import World
from tests.studios.rows_evals import on_packs

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def cohort_world(world: World) -> tuple[Cohort, BackboneMember, BackboneMember]:
    on_packs(world, ["xuhui-2026", "xuhui-backbone-2023"])
    admin = world.user("A.admin")
    cohort = make_cohort(district=world.districts["A"], by=admin)
    first = make_member(cohort=cohort, teacher=world.schools["A1"].teachers[0], by=admin)
    second = make_member(cohort=cohort, teacher=world.schools["A2"].teachers[0], by=admin)
    return cohort, first, second


def enter(world: World, member: BackboneMember, year: int | None, result: str, **kw: Any) -> Any:
    kind = AssessmentKind.YEARLY if year else AssessmentKind.TERM_END
    on = kw.pop("on", dt.date((year or 2025) + 1, 6, 20))
    return assessment_enter(
        actor=kw.pop("actor", world.user("A.reviewer")), member=member, kind=kind,
        school_year=year, result=result, project_result=Result.PASS,
        comprehensive_result=result, assessed_on=on, **kw,
    )  # fmt: skip
