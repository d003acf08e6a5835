"""Outbound deliveries: the district robots' due items and the notices by e-mail — each
sent once, retried with backoff, never twice (docs/notices.md).

1. **Recorded once.** A delivery is unique per (channel, notice) or (district, channel,
   due key): inserting the same due item again records nothing.
2. **Claimed once.** A sender takes waiting rows (`pending`, `next_attempt_at` passed) by
   a conditional UPDATE to `sending` (`status = 'pending'` in its WHERE, rows locked
   `SKIP LOCKED`), so two workers, or the same task delivered twice, never take the same
   row; a row already sent is never pending again.
3. **Sent, or put back.** After the robot or the mail server took it: `sent` with
   `sent_at`. A failure worth retrying (5xx, connection, timeout, rate limit) puts it
   back to `pending`, `attempts` + 1, `next_attempt_at` = now + `NOTICE_RETRY_BASE_SECONDS`
   × 2^(attempts − 1); after `NOTICE_MAX_ATTEMPTS` attempts, or a refusal, it is `failed`
   with the last error. A worker killed between claim and answer leaves the row `sending`:
   it is not sent again (it may have gone out), and the district's page shows it.
4. **Batched and throttled.** One robot message carries up to `NOTICE_ROBOT_BATCH_ITEMS`
   due items; a district's robot gets at most `NOTICE_ROBOT_PER_MINUTE` messages in any
   60 seconds (each post, failed or not, is a `RobotPost`); what is left waits for the
   task sent again when the window has room.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
import time
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, Min, QuerySet
from django.db.models.functions import Now
from django.utils import timezone

from apps.core.queue import enqueue_on_commit
from apps.core.todo import DueItem
from apps.reports.models import (
    ROBOT_CHANNELS,
    Channel,
    Delivery,
    DeliveryStatus,
    RobotPost,
)
from apps.reports.selectors.notices import robot_channels_on
from apps.tenancy.models import District

from .robots import (
    RobotRefusedError,
    RobotRetryError,
    RobotTargets,
    dingtalk_payload,
    dingtalk_url,
    post_json,
    robot_targets,
    wecom_payload,
)

logger = logging.getLogger(__name__)

DELIVER_TASK = "reports.deliver_pending"
WINDOW = dt.timedelta(seconds=60)


def robot_deliveries_create(items: Sequence[DueItem]) -> int:
    """Step 1 for the district-facing due items: one delivery per (district, robot that
    is on, item key). Returns how many rows there are to send (new or not)."""
    wanted = {(i.district_id, i.key): i for i in items if i.for_district}
    channels = robot_channels_on(district_ids={d for d, _ in wanted})
    rows = []
    for (district_id, key), item in wanted.items():
        channel = channels.get(district_id)
        if channel is None:
            continue
        on = [
            c
            for c, flag in (
                (Channel.WECOM, channel.wecom_on),
                (Channel.DINGTALK, channel.dingtalk_on),
            )
            if flag
        ]
        rows += [
            Delivery(
                district_id=district_id,
                school_id=item.school_id,
                channel=name,
                due_key=key[:200],
                title=item.title[:200],
                text=item.body,
                link=item.link[:300],
            )
            for name in on
        ]
    if rows:
        Delivery.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
        enqueue_on_commit(DELIVER_TASK)
    return len(rows)


# --------------------------------------------------------------------------- claiming


def _claim(queryset: QuerySet[Delivery], limit: int) -> list[Delivery]:
    """Step 2: up to `limit` waiting rows, now `sending` and this caller's."""
    with transaction.atomic():
        ids = list(
            queryset.filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=timezone.now())
            .order_by("created_at", "id")
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)[:limit]
        )
        if not ids:
            return []
        Delivery.objects.filter(pk__in=ids, status=DeliveryStatus.PENDING).update(
            # the claim's time: a row still 发送中 long after it was not confirmed
            status=DeliveryStatus.SENDING,
            attempts=F("attempts") + 1,
            next_attempt_at=Now(),
        )
    return list(
        Delivery.objects.filter(pk__in=ids, status=DeliveryStatus.SENDING).order_by(
            "created_at", "id"
        )
    )


def _sent(rows: Sequence[Delivery]) -> None:
    Delivery.objects.filter(pk__in=[r.pk for r in rows], status=DeliveryStatus.SENDING).update(
        status=DeliveryStatus.SENT, sent_at=timezone.now(), last_error=""
    )


def _failed(rows: Sequence[Delivery], error: str, *, retry: bool) -> float | None:
    """Step 3's put-back: seconds until the earliest retry, or None when given up."""
    now = timezone.now()
    soonest: float | None = None
    for row in rows:
        if retry and row.attempts < settings.NOTICE_MAX_ATTEMPTS:
            wait = settings.NOTICE_RETRY_BASE_SECONDS * 2 ** (row.attempts - 1)
            Delivery.objects.filter(pk=row.pk, status=DeliveryStatus.SENDING).update(
                status=DeliveryStatus.PENDING,
                next_attempt_at=now + dt.timedelta(seconds=wait),
                last_error=error[:1000],
            )
            soonest = wait if soonest is None else min(soonest, wait)
        else:
            Delivery.objects.filter(pk=row.pk, status=DeliveryStatus.SENDING).update(
                status=DeliveryStatus.FAILED, last_error=error[:1000]
            )
    return soonest


# --------------------------------------------------------------------------- robots


@dataclass
class RobotRun:
    posts: int = 0
    items_sent: int = 0
    retry_in: float | None = None  # seconds until the task should run again


def _absolute(link: str) -> str:
    return f"{settings.NOTICE_SITE_URL.rstrip('/')}{link}" if link else ""


def robot_message(district: District, rows: Sequence[Delivery]) -> tuple[str, str]:
    """(title, markdown) of one batch: a heading with the count, one line per item."""
    title = f"{district.name}班主任平台提醒（{len(rows)} 项）"
    lines = [f"### {title}"]
    for number, row in enumerate(rows, start=1):
        link = _absolute(row.link)
        head = f"[{row.title}]({link})" if link.startswith("http") else row.title
        lines.append(f"{number}. {head}" + (f"：{row.text}" if row.text else ""))
    return title, "\n".join(lines)


def _post(channel: str, targets: RobotTargets, title: str, text: str) -> None:
    url = targets.url_for(channel)
    if channel == Channel.WECOM:
        post_json(url, wecom_payload(text))
    else:
        stamped = dingtalk_url(url, targets.dingtalk_secret, int(time.time() * 1000))
        post_json(stamped, dingtalk_payload(title, text))


def robot_deliver(*, district_id: int, channel: str) -> RobotRun:
    """Send a district robot's waiting items, batched, within the per-minute limit."""
    run = RobotRun()
    config = robot_channels_on(district_ids={district_id}).get(district_id)
    targets = robot_targets(config) if config is not None else None
    if targets is None or not targets.url_for(channel):
        return run  # off or unset: the rows wait until it is on again
    district = District.objects.get(pk=district_id)
    recent = RobotPost.objects.filter(
        district_id=district_id, channel=channel, at__gt=timezone.now() - WINDOW
    )
    budget = settings.NOTICE_ROBOT_PER_MINUTE - recent.count()
    waiting = Delivery.objects.filter(district_id=district_id, channel=channel)
    while budget > 0:
        rows = _claim(waiting, settings.NOTICE_ROBOT_BATCH_ITEMS)
        if not rows:
            return run
        budget -= 1
        title, text = robot_message(district, rows)
        try:
            _post(channel, targets, title, text)
        except (RobotRetryError, RobotRefusedError) as exc:
            RobotPost.objects.create(
                district_id=district_id, channel=channel, items=len(rows), ok=False
            )
            wait = _failed(rows, str(exc), retry=isinstance(exc, RobotRetryError))
            logger.warning("robot %s of district %s: %s", channel, district_id, exc)
            run.retry_in = wait
            return run  # the robot is failing: the other batches wait for the retry too
        RobotPost.objects.create(district_id=district_id, channel=channel, items=len(rows), ok=True)
        _sent(rows)
        run.posts += 1
        run.items_sent += len(rows)
    if waiting.filter(status=DeliveryStatus.PENDING).exists():
        oldest = recent.aggregate(at=Min("at"))["at"] or timezone.now()
        room = max(1.0, (oldest + WINDOW - timezone.now()).total_seconds())
        run.retry_in = room if run.retry_in is None else min(run.retry_in, room)
    return run


# --------------------------------------------------------------------------- e-mail


def email_deliver() -> int:
    """Send waiting notice e-mails, each once; returns how many went out."""
    sent = 0
    while rows := _claim(Delivery.objects.filter(channel=Channel.EMAIL), 50):
        addresses = dict(
            Delivery.objects.filter(pk__in=[r.pk for r in rows]).values_list(
                "pk", "notice__recipient__email"
            )
        )
        for row in rows:
            body = "\n\n".join(part for part in (row.text, _absolute(row.link)) if part)
            try:
                send_mail(row.title, body or row.title, None, [addresses[row.pk]])
            except (smtplib.SMTPException, OSError) as exc:
                _failed([row], str(exc), retry=True)
                continue
            _sent([row])
            sent += 1
    return sent


# --------------------------------------------------------------------------- the task


def deliver_pending() -> float | None:
    """Everything waiting: the e-mails, then each district robot with waiting items.
    Returns seconds until the task should run again (None: nothing is waiting soon)."""
    email_deliver()
    soonest: float | None = None
    pairs = (
        Delivery.objects.filter(status=DeliveryStatus.PENDING, channel__in=ROBOT_CHANNELS)
        .values_list("district_id", "channel")
        .distinct()
    )
    for district_id, channel in list(pairs):
        run = robot_deliver(district_id=district_id, channel=channel)
        if run.retry_in is not None:
            soonest = run.retry_in if soonest is None else min(soonest, run.retry_in)
    return soonest
