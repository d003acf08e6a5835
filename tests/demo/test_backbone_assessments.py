"""The demo's XB23-ASSESS mix in 汇景区 (xuhui-backbone-2023): results for every member
and year, a few 优秀 with their bonus, one warning whose plan was accepted, a second
failure suspending the 2025 allowance, a failed term-end barring the next application,
an overdue plan — so the district's XB23-ASSESS result is partly met, naming it."""

from io import StringIO

import pytest
from django.core.management import call_command

from apps.backbone.models import (
    Assessment,
    AssessmentKind,
    CohortApplication,
    Consequence,
    ConsequenceKind,
    Rectification,
)
from apps.compliance.models import ComplianceResult


@pytest.mark.django_db
def test_demo_shows_xb23_assess_results_consequences_and_an_overdue_plan() -> None:
    call_command("seed_demo", stdout=StringIO())
    term = Assessment.objects.filter(kind=AssessmentKind.TERM_END, district__code="huijing")
    assert term.count() >= 6
    kinds = list(
        Consequence.objects.filter(district__code="huijing").values_list("kind", "school_year")
    )
    assert kinds.count((ConsequenceKind.ALLOWANCE_SUSPENDED, 2025)) == 1
    assert kinds.count((ConsequenceKind.BARRED, 2025)) == 1
    assert sum(k == ConsequenceKind.BONUS for k, _ in kinds) >= 2
    assert sum(k == ConsequenceKind.WARNING for k, _ in kinds) == 3
    assert Rectification.objects.filter(district__code="huijing", status="accepted").count() == 2
    barred = Consequence.objects.get(district__code="huijing", kind=ConsequenceKind.BARRED)
    assert not CohortApplication.objects.filter(teacher=barred.member.teacher).exists()
    assert CohortApplication.objects.filter(district__code="huijing").count() == 1
    result = (
        ComplianceResult.objects.filter(indicator_code="XB23-ASSESS", school__isnull=True)
        .order_by("-finished_at")
        .first()
    )
    assert result is not None
    assert result.status == "partly_met"
    assert any("2025学年警告未提交整改方案" in line for line in result.missing)
