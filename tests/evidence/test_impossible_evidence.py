"""Evidence that no school can have is refused at the service, whatever the door (issue
#11 §7): a title with a control character, a school year no record can be about yet (the API's
own bound let 2100 through). Nothing is saved, no recompute is asked for."""

from __future__ import annotations

from typing import Any

import pytest

from apps.compliance.models import RecomputeRequest
from apps.core.schoolyear import current_school_year
from apps.evidence.models import EvidenceItem
from tests.personas import World

from .helpers import PDF, submit_form, upload

pytestmark = pytest.mark.usefixtures("packs")
YEAR = current_school_year()


def _post(world: World, client_for: Any, **form: Any) -> Any:
    return client_for("A1.leader").post(
        f"/api/v1/schools/{world.schools['A1'].school.pk}/evidence/",
        submit_form(file=upload("选聘办法.pdf", PDF), **form),
    )


def test_xh26_a1_2_a_title_with_a_control_character_is_refused_naming_it(
    world: World, client_for: Any
) -> None:
    before = EvidenceItem.objects.count()
    response = _post(world, client_for, title="选聘\x1f办法")
    assert response.status_code == 400
    assert response.json()["title"] == ["“标题”不能包含不可见字符（如 U+001F），请删除后重试。"]
    assert EvidenceItem.objects.count() == before


@pytest.mark.parametrize("year", [YEAR + 2, 2100])
def test_xh26_a1_2_evidence_for_a_school_year_not_yet_near_is_refused(
    year: int, world: World, client_for: Any
) -> None:
    RecomputeRequest.objects.all().delete()
    before = EvidenceItem.objects.count()
    response = _post(world, client_for, year=year)
    assert response.status_code == 400
    assert response.json()["school_year"] == [
        f"学年应在 2000–{YEAR + 1} 学年之间（当前为 {YEAR} 学年），填写的是 {year}。"
    ]
    assert EvidenceItem.objects.count() == before
    assert not RecomputeRequest.objects.exists()
