"""The kit's reviewed-record workflow on its own (apps/core/review.py): decide once, a
comment to return, nobody reviews their own record, withdraw while pending, and the
history of events."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from apps.accounts.models import User
from apps.core.review import (
    record_reviewed,
    review_correct,
    review_decide,
    review_submitted,
    review_withdraw,
)

from .kit_models import SampleRecord, kit_tables

__all__ = ["kit_tables"]


@pytest.fixture
def people(db: None) -> dict[str, User]:
    return {
        name: User.objects.create_user(f"kit-{name}", password="x")
        for name in ("author", "reviewer", "teacher")
    }


def _submitted(people: dict[str, User], **fields: object) -> SampleRecord:
    record = SampleRecord.objects.create(title="制度文件", submitted_by=people["author"], **fields)
    review_submitted(record, actor=people["author"])
    return record


def test_accepting_records_who_and_when_and_the_history(
    kit_tables: None, people: dict[str, User]
) -> None:
    record = review_decide(
        _submitted(people), reviewer=people["reviewer"], accept=True, allowed=True
    )
    record.refresh_from_db()
    assert record.status == "ok"
    assert record.reviewed_by == people["reviewer"]
    assert record.reviewed_at is not None
    assert [(e.action, e.actor.username) for e in record.events.all()] == [
        ("submitted", "kit-author"),
        ("accepted", "kit-reviewer"),
    ]


def test_returning_needs_a_comment_and_keeps_it(kit_tables: None, people: dict[str, User]) -> None:
    record = _submitted(people)
    with pytest.raises(ValidationError) as missing:
        review_decide(record, reviewer=people["reviewer"], accept=False, comment="  ", allowed=True)
    assert missing.value.message_dict == {"comment": ["退回时请填写意见，说明需要如何修改。"]}
    record.refresh_from_db()
    assert record.status == "waiting"
    returned = review_decide(
        record, reviewer=people["reviewer"], accept=False, comment=" 缺少盖章 ", allowed=True
    )
    assert (returned.status, returned.review_comment) == ("back", "缺少盖章")
    assert returned.events.last().comment == "缺少盖章"


def test_a_decided_record_cannot_be_decided_again(
    kit_tables: None, people: dict[str, User]
) -> None:
    record = review_decide(
        _submitted(people), reviewer=people["reviewer"], accept=True, allowed=True
    )
    with pytest.raises(ValidationError) as again:
        review_decide(
            record, reviewer=people["reviewer"], accept=False, comment="改主意", allowed=True
        )
    assert again.value.message_dict["decision"] == ["该记录当前状态为“已通过”，不能再审核。"]


def test_nobody_reviews_a_record_they_submitted_or_that_is_about_them(
    kit_tables: None, people: dict[str, User]
) -> None:
    with pytest.raises(PermissionDenied, match="不能审核本人"):
        review_decide(_submitted(people), reviewer=people["author"], accept=True, allowed=True)
    about_teacher = _submitted(people, about=people["teacher"])
    with pytest.raises(PermissionDenied, match="不能审核本人"):
        review_decide(about_teacher, reviewer=people["teacher"], accept=True, allowed=True)
    assert SampleRecord.objects.filter(status="waiting").count() == 2


def test_a_reviewer_the_app_does_not_allow_is_refused(
    kit_tables: None, people: dict[str, User]
) -> None:
    with pytest.raises(PermissionDenied):
        review_decide(_submitted(people), reviewer=people["reviewer"], accept=True, allowed=False)


def test_a_failure_after_the_decision_undoes_it(kit_tables: None, people: dict[str, User]) -> None:
    record = _submitted(people)

    def explode(_record: SampleRecord) -> None:
        raise ValidationError({"hours": "学时超过上限。"})

    with pytest.raises(ValidationError):
        review_decide(
            record, reviewer=people["reviewer"], accept=True, allowed=True, on_decided=explode
        )
    record.refresh_from_db()
    assert record.status == "waiting"
    assert record.events.count() == 1


def test_withdrawing_while_pending_only(kit_tables: None, people: dict[str, User]) -> None:
    record = review_withdraw(_submitted(people), actor=people["author"], allowed=True)
    assert record.status == "gone"
    with pytest.raises(ValidationError) as again:
        review_withdraw(record, actor=people["author"], allowed=True)
    assert again.value.message_dict == {"status": ["只有待审核的记录可以撤回。"]}


def test_correcting_while_pending_records_what_changed_from_what(
    kit_tables: None, people: dict[str, User]
) -> None:
    """`review_correct`: the fields that change are saved and one CORRECTED event says
    each from what to what; a field sent unchanged is not mentioned, nor is anything
    written when nothing changes; a decided record is not corrected."""
    record = _submitted(people)
    corrected = review_correct(
        record, actor=people["author"], allowed=True, changes={"title": "制度文件（修订）"}
    )
    corrected.refresh_from_db()
    assert corrected.title == "制度文件（修订）" and corrected.status == "waiting"
    assert [(e.action, e.comment) for e in corrected.events.all()] == [
        ("submitted", ""),
        ("corrected", "标题：制度文件 → 制度文件（修订）"),
    ]
    review_correct(
        record, actor=people["author"], allowed=True, changes={"title": "制度文件（修订）"}
    )
    assert corrected.events.count() == 2
    with pytest.raises(PermissionDenied):
        review_correct(record, actor=people["teacher"], allowed=False, changes={"title": "x"})
    review_decide(record, reviewer=people["reviewer"], accept=True, allowed=True)
    with pytest.raises(ValidationError) as refused:
        review_correct(record, actor=people["author"], allowed=True, changes={"title": "改"})
    assert refused.value.message_dict == {"status": ["只有待审核的记录可以更正。"]}
    record.refresh_from_db()
    assert record.title == "制度文件（修订）"


def test_a_committed_decision_is_announced_once_and_a_failed_one_never(
    kit_tables: None, people: dict[str, User], django_capture_on_commit_callbacks: Any
) -> None:
    """`record_reviewed` tells the apps above (notices) what was decided, by whom — only
    once the decision has committed; a failing listener stops neither the others nor
    the decision."""
    heard: list[tuple[int, str, str]] = []

    def listen(sender: type, *, record: SampleRecord, action: str, actor: User, **_: Any) -> None:
        heard.append((record.pk, action, actor.username))

    def broken(sender: type, **_: Any) -> None:
        raise RuntimeError("a listener that fails")

    record_reviewed.connect(broken, dispatch_uid="test-broken")
    record_reviewed.connect(listen, dispatch_uid="test-listen")
    try:
        record = _submitted(people)
        with django_capture_on_commit_callbacks(execute=True):
            review_decide(
                record, reviewer=people["reviewer"], accept=False, comment="缺页", allowed=True
            )
        assert heard == [(record.pk, "returned", "kit-reviewer")]

        def explode(_record: SampleRecord) -> None:
            raise ValidationError({"hours": "学时超过上限。"})

        other = _submitted(people)
        with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
            review_decide(
                other, reviewer=people["reviewer"], accept=True, allowed=True, on_decided=explode
            )
        assert heard == [(record.pk, "returned", "kit-reviewer")]
    finally:
        record_reviewed.disconnect(dispatch_uid="test-listen")
        record_reviewed.disconnect(dispatch_uid="test-broken")
