"""The document flow against the real compliance engine (POLICY §6, evaluator "document";
indicator XH26-A1-2, the school's selection procedure for homeroom teachers):

submit → the school's recompute runs after the commit → `pending_review`;
the district accepts → `met`; another school's item returned with a comment → `not_met`,
the comment carried into the result so the school reads what to fix.

Nothing is called by hand: the pages are posted, the on-commit callbacks run (pytest-
django's `django_capture_on_commit_callbacks(execute=True)`), and Celery runs eagerly for
this test (`celery_eager`), so the path is the one production takes after a commit.
"""

from __future__ import annotations

from typing import Any

import pytest

from apps.compliance import selectors as compliance_selectors
from apps.compliance.models import ComplianceResult, ComplianceRun, ResultStatus, RunTrigger
from apps.core.models import JobState
from apps.evidence.models import EvidenceItem, EvidenceStatus
from tests.evidence.helpers import A1_2_PARTS
from tests.personas import World

from .helpers import PDF, YEAR, district_url, school_url, submit_form, upload

pytestmark = pytest.mark.usefixtures("packs", "celery_eager")

CODE = "XH26-A1-2"


def _result(world: World, key: str) -> ComplianceResult:
    school = world.schools[key].school
    results = compliance_selectors.latest_results(
        district=school.district, school_year=YEAR, school=school
    )
    return results.get(indicator_code=CODE)


def _submit(world: World, client_for: Any, key: str, capture: Any) -> EvidenceItem:
    with capture(execute=True) as callbacks:
        response = client_for(f"{key}.leader").post(
            school_url("school_new", world, key),
            submit_form(indicator=CODE, file=upload("选聘办法.pdf", PDF)),
        )
    assert response.status_code == 302, response.content[:500]
    assert callbacks, "the recompute must be scheduled on commit"
    return EvidenceItem.objects.filter(school=world.schools[key].school).get()


def _review(world: World, client_for: Any, item: EvidenceItem, capture: Any, **data: str) -> None:
    with capture(execute=True):
        response = client_for("A.reviewer").post(
            district_url("review_detail", world, "A", item.pk), data
        )
    assert response.status_code == 302, response.content[:500]
    assert response["Location"] == district_url("review_queue", world, "A")


def test_xh26_a1_2_document_submitted_accepted_and_returned(
    world: World, client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    capture = django_capture_on_commit_callbacks
    # The persona world gives every school a waiting item; start from none here.
    EvidenceItem.objects.all().delete()

    # 1. A1 submits its selection procedure: the school's own recompute runs after commit.
    item = _submit(world, client_for, "A1", capture)
    run = ComplianceRun.objects.get(school=world.schools["A1"].school)
    assert (run.trigger, run.state) == (RunTrigger.AUTO, JobState.SUCCEEDED)
    pending = _result(world, "A1")
    assert pending.status == ResultStatus.PENDING_REVIEW
    assert [e["id"] for e in pending.evidence] == [item.pk]

    # 2. The district reviewer accepts it: met.
    _review(world, client_for, item, capture, decision="accept", comment="",
            checked_parts=A1_2_PARTS)  # fmt: skip
    item.refresh_from_db()
    assert item.status == EvidenceStatus.ACCEPTED
    met = _result(world, "A1")
    assert met.status == ResultStatus.MET
    assert met.finished_at > pending.finished_at
    assert met.evidence[0]["status"] == EvidenceStatus.ACCEPTED

    # 3. A2's item is returned with a comment: not met, and the result says why.
    comment = "选聘办法缺少任职期限条款，请补充后重新上传。"
    other = _submit(world, client_for, "A2", capture)
    assert _result(world, "A2").status == ResultStatus.PENDING_REVIEW
    _review(world, client_for, other, capture, decision="return", comment=comment)
    returned = _result(world, "A2")
    assert returned.status == ResultStatus.NOT_MET
    assert comment in returned.note
    assert any(comment in line and "校本班主任选聘办法" in line for line in returned.missing)

    # A1's result is untouched by A2's recompute.
    assert _result(world, "A1").pk == met.pk


def test_xh26_a1_2_withdrawn_item_no_longer_counts(
    world: World, client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """A withdrawn submission is ignored by the evaluator: back to "not submitted"."""
    capture = django_capture_on_commit_callbacks
    EvidenceItem.objects.all().delete()
    item = _submit(world, client_for, "A1", capture)
    assert _result(world, "A1").status == ResultStatus.PENDING_REVIEW
    with capture(execute=True):
        client_for("A1.leader").post(school_url("school_withdraw", world, "A1", item.pk))
    after = _result(world, "A1")
    assert after.status == ResultStatus.NOT_MET
    assert after.missing == ["尚未提交：《校本班主任选聘办法》"]
