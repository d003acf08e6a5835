"""Reads of a person's notices and mutes, and of a district's robot channels. A person
reaches only their own notices: another's id is the same 404 as one that does not exist."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from apps.core.web import int_or_404
from apps.reports.models import (
    Delivery,
    DeliveryStatus,
    Notice,
    NoticeKind,
    NoticeMute,
    RobotChannel,
)
from apps.tenancy.models import District


def user_notices(*, user: Any, unread: bool = False) -> QuerySet[Notice]:
    """The person's notices, newest first (no join needed: a notice carries its text);
    none for an anonymous caller (the API schema's generator asks as one)."""
    if not getattr(user, "is_authenticated", False):
        return Notice.objects.none()
    queryset = Notice.objects.filter(recipient=user)
    if unread:
        queryset = queryset.filter(read_at__isnull=True)
    return queryset.order_by("-created_at", "-id")


def user_notice_get(*, user: Any, notice_id: int | str) -> Notice:
    return get_object_or_404(Notice.objects.filter(recipient=user), pk=int_or_404(notice_id))


def unread_count(*, user: Any) -> int:
    """One query (the partial index `notice_unread`)."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notice.objects.filter(recipient=user, read_at__isnull=True).count()


def muted_kinds(*, user: Any) -> set[str]:
    return set(NoticeMute.objects.filter(user=user).values_list("kind", flat=True))


def muted_pairs(*, user_ids: set[int]) -> set[tuple[int, str]]:
    """(user, kind) muted, for many people in one query."""
    return set(NoticeMute.objects.filter(user_id__in=user_ids).values_list("user_id", "kind"))


def mute_choices(*, user: Any) -> list[dict[str, Any]]:
    muted = muted_kinds(user=user)
    return [
        {"kind": value, "label": label, "muted": value in muted}
        for value, label in NoticeKind.choices
    ]


def robot_channel_of(*, district: District) -> RobotChannel | None:
    return RobotChannel.objects.filter(district=district).first()


def robot_channels_on(*, district_ids: set[int]) -> dict[int, RobotChannel]:
    """The districts' channels with at least one robot on, in one query."""
    rows = RobotChannel.objects.filter(district_id__in=district_ids).exclude(
        wecom_on=False, dingtalk_on=False
    )
    return {row.district_id: row for row in rows}


TROUBLE_SHOWN = 50


def troubled_deliveries(*, district: District) -> QuerySet[Delivery]:
    """The district's robot and e-mail deliveries that failed, or that a worker claimed
    and never confirmed (发送中 past the delivery window: they may have gone out, so they
    are not sent again) — newest first, for the admin to look at."""
    stale = timezone.now() - dt.timedelta(seconds=settings.NOTICE_DELIVERY_SECONDS * 5)
    return (
        Delivery.objects.filter(district=district)
        .filter(
            Q(status=DeliveryStatus.FAILED)
            | Q(status=DeliveryStatus.SENDING, next_attempt_at__lt=stale)
        )
        .order_by("-created_at")[:TROUBLE_SHOWN]
    )
