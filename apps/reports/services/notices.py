"""Writes of notices (消息中心): the one writer of `Notice`, `NoticeMute` and the e-mail
deliveries of notices.

1. `notify_many` records notices from drafts (`DueItem`s: an event's, or the due sources'
   on beat): one query for the recipients' mutes, one INSERT … ON CONFLICT DO NOTHING on
   (recipient, dedupe key) — a draft already recorded is skipped, so computing the same
   thing twice notifies once —, then an e-mail delivery for each new notice whose
   recipient has an address, sent by the delivery task after commit.
2. A person marks one notice, or all, read; mutes or unmutes a kind (a muted kind is not
   recorded at all, nor mailed).
3. `on_record_reviewed` is the receiver of the kit's `record_reviewed` signal: the
   person a decided record is about (a teacher's hours) and its submitter hear of it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from apps.core.queue import enqueue_on_commit
from apps.core.review import ReviewAction
from apps.core.todo import DueItem, due_items
from apps.evidence.models import EvidenceItem
from apps.reports.models import Channel, Delivery, Notice, NoticeKind, NoticeMute
from apps.reports.selectors.due import external_reviewed_item, reviewed_key
from apps.reports.selectors.notices import muted_pairs
from apps.tenancy.models import Membership
from apps.training.models import ExternalTraining

from .deliveries import robot_deliveries_create

DELIVER_TASK = "reports.deliver_pending"


def notify(
    *,
    recipient: Any,
    kind: str,
    title: str,
    body: str = "",
    link: str = "",
    dedupe_key: str,
    district_id: int,
    school_id: int | None = None,
) -> Notice | None:
    """One notice, once: the new notice, or None (muted, or recorded already)."""
    draft = DueItem(
        user_id=recipient.pk,
        key=dedupe_key,
        kind=kind,
        title=title,
        body=body,
        link=link,
        district_id=district_id,
        school_id=school_id,
    )
    created = notify_many([draft])
    return created[0] if created else None


@transaction.atomic
def notify_many(drafts: Sequence[DueItem]) -> list[Notice]:
    """Step 1, for many drafts in a few queries whatever their number."""
    if not drafts:
        return []
    muted = muted_pairs(user_ids={d.user_id for d in drafts})
    wanted = {(d.user_id, d.key): d for d in drafts if (d.user_id, d.kind) not in muted}
    if not wanted:
        return []
    now = timezone.now()
    rows = [
        Notice(
            recipient_id=d.user_id,
            district_id=d.district_id,
            school_id=d.school_id,
            kind=d.kind,
            title=d.title[:200],
            body=d.body,
            link=d.link[:300],
            dedupe_key=d.key[:200],
            created_at=now,
        )
        for d in wanted.values()
    ]
    Notice.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
    # ON CONFLICT DO NOTHING returns no ids: the new ones are those stamped `now`.
    created = list(
        Notice.objects.filter(
            recipient_id__in={u for u, _ in wanted},
            dedupe_key__in={k[:200] for _, k in wanted},
            created_at=now,
        )
    )
    _mail(created)
    return created


def _mail(notices: list[Notice]) -> None:
    addresses = dict(
        get_user_model()
        .objects.filter(pk__in={n.recipient_id for n in notices})
        .exclude(email="")
        .values_list("pk", "email")
    )
    deliveries = [
        Delivery(
            district_id=n.district_id,
            school_id=n.school_id,
            channel=Channel.EMAIL,
            notice=n,
            title=n.title,
            text=n.body,
            link=n.link,
        )
        for n in notices
        if n.recipient_id in addresses
    ]
    if deliveries:
        Delivery.objects.bulk_create(deliveries, ignore_conflicts=True)
        enqueue_on_commit(DELIVER_TASK)


# --------------------------------------------------------------------------- the person


def notice_mark_read(*, notice: Notice) -> Notice:
    """Mark a notice (fetched through `user_notice_get`: the person's own) read."""
    if notice.read_at is None:
        notice.read_at = timezone.now()
        Notice.objects.filter(pk=notice.pk, read_at__isnull=True).update(read_at=notice.read_at)
    return notice


def notices_mark_all_read(*, user: Any) -> int:
    return Notice.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


@transaction.atomic
def notice_mutes_set(*, user: Any, muted: Iterable[str]) -> set[str]:
    """The kinds the person mutes from now on (unknown kinds are ignored)."""
    kinds = set(muted) & set(NoticeKind.values)
    NoticeMute.objects.filter(user=user).exclude(kind__in=kinds).delete()
    NoticeMute.objects.bulk_create(
        [NoticeMute(user=user, kind=kind) for kind in sorted(kinds)], ignore_conflicts=True
    )
    return kinds


# --------------------------------------------------------------------------- events


REVIEW_WORDS: dict[str, str] = {ReviewAction.ACCEPTED: "已通过", ReviewAction.RETURNED: "已退回"}


def on_record_reviewed(
    sender: type, *, record: Any, action: str, actor: Any, **_: Any
) -> list[Notice]:
    """Step 3. An external-training record tells its teacher "已审定" (or "已退回" with
    the comment); any other reviewed record tells its submitter. Never the reviewer."""
    if getattr(record, "district_id", None) is None:
        return []  # not a tenant's record: nobody to tell in a district
    drafts: list[DueItem] = []
    if isinstance(record, ExternalTraining):
        teacher_user = record.teacher.user_id
        if teacher_user:
            drafts.append(external_reviewed_item(record, user_id=teacher_user))
        recipients = {record.submitted_by_id} - {teacher_user, actor.pk}
    else:
        recipients = {record.submitted_by_id} - {actor.pk}
    word = REVIEW_WORDS.get(action, str(action))
    comment = f"意见：{record.review_comment}" if record.review_comment else ""
    title = f"{record._meta.verbose_name}{word}：《{getattr(record, 'title', record.pk)}》"
    link = ""
    if isinstance(record, EvidenceItem):
        link = reverse(
            "evidence:school_detail", kwargs={"school_id": record.school_id, "item_id": record.pk}
        )
    drafts += [
        DueItem(
            user_id=user_id,
            key=reviewed_key(record, action),
            kind=NoticeKind.REVIEWED,
            title=title,
            body=comment,
            link=link,
            district_id=record.district_id,
            school_id=getattr(record, "school_id", None),
        )
        for user_id in recipients
    ]
    return notify_many(drafts)


# --------------------------------------------------------------------------- 待办


def todo_for(*, holdings: Sequence[Any], today: dt.date) -> list[DueItem]:
    """What is waiting for these holdings: every due source's items, those with a date
    only within NOTICE_DUE_HORIZON_DAYS."""
    horizon = today + dt.timedelta(days=settings.NOTICE_DUE_HORIZON_DAYS)
    return [
        item
        for item in due_items(holdings=holdings, today=today)
        if item.due_on is None or item.due_on <= horizon
    ]


@dataclass(frozen=True)
class DueRun:
    items: int
    notices: int
    robot_rows: int


@transaction.atomic
def notices_due_run(*, today: dt.date) -> DueRun:
    """Beat (daily): what is waiting for every active role holder, as notices (each once)
    and, for the district-facing items, robot deliveries (each once per robot)."""
    holdings = list(
        Membership.objects.filter(is_active=True).only(
            "user_id", "role", "district_id", "school_id"
        )
    )
    items = todo_for(holdings=holdings, today=today)
    created = notify_many(items)
    rows = robot_deliveries_create(items)
    return DueRun(items=len(items), notices=len(created), robot_rows=rows)
