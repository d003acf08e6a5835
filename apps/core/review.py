"""Reviewed records: something one person submits and another accepts or returns.

Evidence documents (审核), teachers' external hours (学时审定), and — as they come —
probation assessments, studio briefs and task reviews all follow one workflow:

1. A record is submitted (`status` = the model's pending value) and a SUBMITTED event is
   written (`review_submitted`).
2. A reviewer decides (`review_decide`): the record is locked, must still be pending, and
   is neither about the reviewer (`review_subject_user_id`) nor submitted by them (unless
   the model records facts about others and says `SUBMITTER_MAY_DECIDE`) — nobody
   reviews their own record. Returning needs a comment saying what to fix.
   Status, reviewer, time and comment are saved and an ACCEPTED or RETURNED event written.
3. The submitter may withdraw a record still pending (`review_withdraw`), where the model
   has a withdrawn value, or correct its fields (`review_correct`): a CORRECTED event
   says what changed, from what to what.
4. Records are never edited after a decision: a returned record stays returned and a new
   one is submitted, so the events are the whole history.

Who may review is the app's rule (a district reviewer, a school leader …): the app
checks it and passes `allowed`. Messages are the model's (`REVIEW_MESSAGES`), in Chinese.

After a decision commits, `record_reviewed` is sent (`record`, `action` — ACCEPTED or
RETURNED —, `actor`): apps above the domain apps (the notices of `apps.reports`) learn
what happened without the domain apps importing them. A rolled-back decision sends
nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, ClassVar, TypeVar

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser as User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReviewAction(models.TextChoices):
    SUBMITTED = "submitted", _("提交")
    ACCEPTED = "accepted", _("审核通过")
    RETURNED = "returned", _("退回")
    WITHDRAWN = "withdrawn", _("撤回")
    CORRECTED = "corrected", _("更正")


@dataclass(frozen=True)
class ReviewStates:
    """The model's own status values for the workflow's states."""

    pending: str
    accepted: str
    returned: str
    withdrawn: str = ""


@dataclass(frozen=True)
class ReviewMessages:
    """What the person is told (Chinese); `{status}` is the record's current status label."""

    not_pending: str = "该记录当前状态为“{status}”，不能再审核。"
    comment_required: str = "退回时请填写意见，说明需要如何修改。"
    own_record: str = "不能审核本人提交或与本人有关的记录，请由其他审核人处理。"
    withdraw_not_pending: str = "只有待审核的记录可以撤回。"
    correct_not_pending: str = "只有待审核的记录可以更正。"


class ReviewedRecord(models.Model):
    """Abstract: who submitted, who reviewed when, and the comment. The concrete model
    declares its `status` field and says which values mean what in `REVIEW_STATES`."""

    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    review_comment = models.TextField(_("审核意见"), blank=True)

    REVIEW_STATES: ClassVar[ReviewStates]
    REVIEW_MESSAGES: ClassVar[ReviewMessages] = ReviewMessages()
    # True where the submitter records facts about someone else as an officer (a school
    # leader logging a teacher's certified hours) and may confirm them; the person the
    # record is about still never decides it.
    SUBMITTER_MAY_DECIDE: ClassVar[bool] = False
    status: Any
    submitted_by_id: int
    events: Any

    class Meta:
        abstract = True

    @property
    def is_pending(self) -> bool:
        return bool(self.status == self.REVIEW_STATES.pending)

    def review_subject_user_id(self) -> int | None:
        """The user the record is about (a teacher's own hours), who may not review it."""
        return None


class ReviewEventBase(models.Model):
    """Abstract history row; the concrete model adds the FK to its record (related
    name `events`)."""

    action = models.CharField(_("操作"), max_length=10, choices=ReviewAction.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    comment = models.TextField(_("意见"), blank=True)
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["at", "id"]


logger = logging.getLogger(__name__)

R = TypeVar("R", bound=ReviewedRecord)

# Sent once a decision has committed: sender = the record's model, with `record` (the
# decided record), `action` (ReviewAction.ACCEPTED or RETURNED) and `actor` (the reviewer).
record_reviewed = Signal()


def _announce(record: ReviewedRecord, action: str, actor: User) -> None:
    """After the commit, tell every listener; one listener's failure is logged and
    neither stops the others nor turns the committed decision into an error."""

    def send() -> None:
        for receiver, result in record_reviewed.send_robust(
            type(record), record=record, action=action, actor=actor
        ):
            if isinstance(result, Exception):
                logger.error("record_reviewed listener %r failed", receiver, exc_info=result)

    transaction.on_commit(send)


def _add_event(record: ReviewedRecord, action: str, actor: User, comment: str = "") -> None:
    record.events.create(action=action, actor=actor, comment=comment)


def review_submitted(record: ReviewedRecord, *, actor: User) -> None:
    """Step 1: the SUBMITTED event of a record just created (same transaction)."""
    _add_event(record, ReviewAction.SUBMITTED, actor)


def is_own_record(record: ReviewedRecord, user: User) -> bool:
    """About the user, or submitted by them (unless the model lets a submitter decide)."""
    if user.pk == record.review_subject_user_id():
        return True
    return not record.SUBMITTER_MAY_DECIDE and user.pk == record.submitted_by_id


def _with_stamp(record: ReviewedRecord, *fields: str) -> list[str]:
    """The fields to save, and `updated_at` where the model keeps one."""
    stamped = any(f.name == "updated_at" for f in record._meta.concrete_fields)
    return [*fields, "updated_at"] if stamped else list(fields)


def _lock(record: R) -> R:
    return type(record)._default_manager.select_for_update().get(pk=record.pk)


@transaction.atomic
def review_decide(
    record: R,
    *,
    reviewer: User,
    accept: bool,
    comment: str = "",
    allowed: bool,
    on_decided: Callable[[R], None] | None = None,
) -> R:
    """Step 2. `allowed` is the app's answer to "may this person review here?";
    `on_decided` runs in the same transaction with the locked, updated record (e.g. to
    write the ledger row an accepted record becomes)."""
    if not allowed:
        raise PermissionDenied("not a reviewer of this record")
    locked = _lock(record)
    messages = locked.REVIEW_MESSAGES
    if is_own_record(locked, reviewer):
        raise PermissionDenied(messages.own_record)
    if not locked.is_pending:
        status = locked.get_status_display()  # type: ignore[attr-defined]
        raise ValidationError({"decision": messages.not_pending.format(status=status)})
    comment = comment.strip()
    if not accept and not comment:
        raise ValidationError({"comment": messages.comment_required})
    states = locked.REVIEW_STATES
    locked.status = states.accepted if accept else states.returned
    locked.reviewed_by = reviewer  # type: ignore[assignment]  # AUTH_USER_MODEL, unnamed in core
    locked.reviewed_at = timezone.now()
    locked.review_comment = comment
    locked.save(
        update_fields=_with_stamp(locked, "status", "reviewed_by", "reviewed_at", "review_comment")
    )
    action = ReviewAction.ACCEPTED if accept else ReviewAction.RETURNED
    _add_event(locked, action, reviewer, comment)
    if on_decided is not None:
        on_decided(locked)
    _announce(locked, action, reviewer)
    return locked


@transaction.atomic
def review_withdraw(
    record: R, *, actor: User, allowed: bool, on_done: Callable[[R], None] | None = None
) -> R:
    """Step 3: the submitter (or whoever the app allows) takes back a pending record."""
    if not allowed:
        raise PermissionDenied("may not withdraw this record")
    locked = _lock(record)
    if not locked.is_pending or not locked.REVIEW_STATES.withdrawn:
        raise ValidationError({"status": locked.REVIEW_MESSAGES.withdraw_not_pending})
    locked.status = locked.REVIEW_STATES.withdrawn
    locked.save(update_fields=_with_stamp(locked, "status"))
    _add_event(locked, ReviewAction.WITHDRAWN, actor)
    if on_done is not None:
        on_done(locked)
    return locked


def _shown(record: ReviewedRecord, name: str, value: Any) -> str:
    """A field's value as the person saw it (a choice's label, a date as 2025-10-18)."""
    field = record._meta.get_field(name)
    choices = dict(getattr(field, "flatchoices", None) or ())
    if value in choices:
        return str(choices[value])
    if value in (None, ""):
        return "（空）"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")  # 8.0 and 8 are the same hours
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def _label(record: ReviewedRecord, name: str) -> str:
    return str(getattr(record._meta.get_field(name), "verbose_name", name))


def _typed_by_a_person(record: ReviewedRecord, name: str) -> bool:
    """A field with a label of its own (not Django's default from its name, as a checked
    file type has): one the person filled in."""
    return _label(record, name) != name.replace("_", " ")


def changes_described(record: ReviewedRecord, changes: dict[str, Any]) -> str:
    """“学时：8 → 6；培训日期：2025-10-18 → 2025-10-19” for the fields `changes` alters."""
    return "；".join(
        f"{_label(record, name)}："
        f"{_shown(record, name, getattr(record, name))} → {_shown(record, name, value)}"
        for name, value in changes.items()
        if _typed_by_a_person(record, name)
    )


@transaction.atomic
def review_correct(
    record: R,
    *,
    actor: User,
    allowed: bool,
    changes: dict[str, Any],
    on_done: Callable[[R], None] | None = None,
) -> R:
    """Step 3: the submitter (or whoever the app allows) corrects a record still pending.
    The fields that really change are saved, and a CORRECTED event records each one from
    what to what; `on_done` runs in the same transaction (e.g. to replace the file)."""
    if not allowed:
        raise PermissionDenied("may not correct this record")
    locked = _lock(record)
    if not locked.is_pending:
        raise ValidationError({"status": locked.REVIEW_MESSAGES.correct_not_pending})
    changed = {name: value for name, value in changes.items() if getattr(locked, name) != value}
    if changed:
        summary = changes_described(locked, changed)
        for name, value in changed.items():
            setattr(locked, name, value)
        locked.save(update_fields=_with_stamp(locked, *changed))
        _add_event(locked, ReviewAction.CORRECTED, actor, summary)
    if on_done is not None:
        on_done(locked)
    return locked
