"""The district robots against a fake webhook on 127.0.0.1 (a real socket): the exact
企业微信 JSON, the exact 钉钉 signature, batching (each due item once, counted), retry
after a 500, the per-minute throttle, and never twice (issue 12 §6)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse

from apps.core.todo import DueItem
from apps.reports.models import Channel, Delivery, DeliveryStatus, RobotChannel, RobotPost
from apps.reports.services.deliveries import (
    deliver_pending,
    robot_deliver,
    robot_deliveries_create,
)
from apps.reports.services.robots import (
    WECOM_CONTENT_MAX_BYTES,
    robot_channel_save,
    truncate_utf8,
    wecom_payload,
)
from apps.tenancy.models import District
from tests.personas import World

from .fake_robot import FakeRobot, fake_robot

__all__ = ["fake_robot"]

SECRET = "SECtest0123456789abcdef"


@pytest.fixture(autouse=True)
def _robot_settings() -> Iterator[None]:
    with override_settings(
        NOTICE_ROBOT_HOSTS=["127.0.0.1"],
        NOTICE_ROBOT_PER_MINUTE=20,
        NOTICE_ROBOT_BATCH_ITEMS=10,
        NOTICE_RETRY_BASE_SECONDS=30,
        NOTICE_SITE_URL="https://homeroom.example.edu.cn",
    ):
        yield


def _items(district: District, count: int, prefix: str = "pending:evidence:") -> list[DueItem]:
    return [
        DueItem(
            user_id=0, key=f"{prefix}{n}", kind="todo", title=f"待审核：学校{n}《制度文件》",
            body=f"第{n}项等待审核。", link=f"/d/{district.pk}/evidence/{n}/",
            district_id=district.pk, for_district=True,
        )
        for n in range(1, count + 1)
    ]  # fmt: skip


def _wecom(world: World, robot: FakeRobot) -> District:
    district = world.districts["A"]
    robot_channel_save(
        district=district, actor=world.user("A.admin"), wecom_url=robot.url(), wecom_on=True
    )
    return district


def test_wecom_gets_exactly_the_markdown_json(world: World, fake_robot: FakeRobot) -> None:
    district = _wecom(world, fake_robot)
    robot_deliveries_create(_items(district, 1))
    run = robot_deliver(district_id=district.pk, channel=Channel.WECOM)
    assert (run.posts, run.items_sent) == (1, 1)
    [got] = fake_robot.received
    assert got.path == "/cgi-bin/webhook/send" and got.query == {"key": "test-key-1234"}
    assert got.body == {
        "msgtype": "markdown",
        "markdown": {
            "content": "### A区班主任平台提醒（1 项）\n"
            f"1. [待审核：学校1《制度文件》](https://homeroom.example.edu.cn/d/{district.pk}/evidence/1/)"
            "：第1项等待审核。"
        },
    }
    assert Delivery.objects.get().status == DeliveryStatus.SENT


def test_dingtalk_is_signed_as_dingtalk_checks_it(world: World, fake_robot: FakeRobot) -> None:
    """timestamp in ms and sign = Base64(HMAC-SHA256(secret, "timestamp\\nsecret")), the
    query parameters recomputed here from what the server received."""
    district = world.districts["A"]
    robot_channel_save(
        district=district, actor=world.user("A.admin"), dingtalk_on=True,
        dingtalk_url=fake_robot.url("/robot/send?access_token=tok123"), dingtalk_secret=SECRET,
    )  # fmt: skip
    robot_deliveries_create(_items(district, 2))
    before = int(time.time() * 1000)
    robot_deliver(district_id=district.pk, channel=Channel.DINGTALK)
    [got] = fake_robot.received
    assert got.path == "/robot/send" and got.query["access_token"] == "tok123"
    timestamp = int(got.query["timestamp"])
    assert before <= timestamp <= int(time.time() * 1000)
    digest = hmac.new(SECRET.encode(), f"{timestamp}\n{SECRET}".encode(), hashlib.sha256).digest()
    assert got.query["sign"] == base64.b64encode(digest).decode()  # parse_qsl decoded it once
    assert got.body["msgtype"] == "markdown"
    assert set(got.body["markdown"]) == {"title", "text"}
    assert got.body["markdown"]["title"] == "A区班主任平台提醒（2 项）"
    assert "1. [待审核：学校1《制度文件》]" in got.body["markdown"]["text"]


@override_settings(NOTICE_ROBOT_BATCH_ITEMS=2)
def test_due_items_are_batched_and_each_sent_once(world: World, fake_robot: FakeRobot) -> None:
    district = _wecom(world, fake_robot)
    robot_deliveries_create(_items(district, 5))
    run = robot_deliver(district_id=district.pk, channel=Channel.WECOM)
    assert (run.posts, run.items_sent) == (3, 5)
    contents = [r.body["markdown"]["content"] for r in fake_robot.received]
    assert [c.splitlines()[0] for c in contents] == [
        "### A区班主任平台提醒（2 项）",
        "### A区班主任平台提醒（2 项）",
        "### A区班主任平台提醒（1 项）",
    ]
    for n in range(1, 6):
        assert sum(f"学校{n}《" in c for c in contents) == 1, n


def test_the_same_due_item_computed_again_is_not_sent_again(
    world: World, fake_robot: FakeRobot
) -> None:
    district = _wecom(world, fake_robot)
    robot_deliveries_create(_items(district, 3))
    robot_deliver(district_id=district.pk, channel=Channel.WECOM)
    robot_deliveries_create(_items(district, 3))  # tomorrow's beat: the same items
    robot_deliver(district_id=district.pk, channel=Channel.WECOM)
    deliver_pending()
    assert len(fake_robot.received) == 1
    assert Delivery.objects.count() == 3


def test_a_500_is_retried_with_backoff_then_sent(world: World, fake_robot: FakeRobot) -> None:
    district = _wecom(world, fake_robot)
    fake_robot.statuses = [500, 200]
    robot_deliveries_create(_items(district, 1))
    run = robot_deliver(district_id=district.pk, channel=Channel.WECOM)
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_error) == ("pending", 1, "HTTP 500")
    assert run.retry_in == 30  # NOTICE_RETRY_BASE_SECONDS × 2^0
    robot_deliver(district_id=district.pk, channel=Channel.WECOM)
    assert len(fake_robot.received) == 1  # not yet due: the backoff holds it
    Delivery.objects.update(next_attempt_at=delivery.created_at)  # the backoff has passed
    robot_deliver(district_id=district.pk, channel=Channel.WECOM)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("sent", 2)
    assert len(fake_robot.received) == 2
    assert fake_robot.received[0].body == fake_robot.received[1].body


@override_settings(NOTICE_MAX_ATTEMPTS=2, NOTICE_RETRY_BASE_SECONDS=0)
def test_after_the_last_attempt_it_fails_with_the_error(
    world: World, fake_robot: FakeRobot, client_for: Any
) -> None:
    district = _wecom(world, fake_robot)
    fake_robot.statuses = [502]
    robot_deliveries_create(_items(district, 1))
    robot_deliver(district_id=district.pk, channel=Channel.WECOM)
    robot_deliver(district_id=district.pk, channel=Channel.WECOM)
    robot_deliver(district_id=district.pk, channel=Channel.WECOM)
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_error) == ("failed", 2, "HTTP 502")
    assert len(fake_robot.received) == 2
    # the district admin sees it on the robot settings page, with its error
    page = client_for("A.admin").get(reverse("reports:robot_settings", args=[district.pk]))
    troubled = page.content.decode().split('data-testid="troubled-deliveries"')[1]
    assert "发送失败" in troubled and "HTTP 502" in troubled and delivery.title in troubled


@override_settings(NOTICE_ROBOT_PER_MINUTE=3, NOTICE_ROBOT_BATCH_ITEMS=1)
def test_throttled_to_the_limit_per_minute(world: World, fake_robot: FakeRobot) -> None:
    district = _wecom(world, fake_robot)
    robot_deliveries_create(_items(district, 5))
    run = robot_deliver(district_id=district.pk, channel=Channel.WECOM)
    assert len(fake_robot.received) == 3
    assert run.retry_in is not None and 0 < run.retry_in <= 60
    assert Delivery.objects.filter(status="pending").count() == 2
    robot_deliver(district_id=district.pk, channel=Channel.WECOM)  # still in the same minute
    assert len(fake_robot.received) == 3
    RobotPost.objects.update(
        at=RobotPost.objects.get(pk=RobotPost.objects.first().pk).at.replace(year=2000)
    )  # type: ignore[union-attr]
    robot_deliver(district_id=district.pk, channel=Channel.WECOM)  # a minute later
    assert len(fake_robot.received) == 5
    assert not Delivery.objects.exclude(status="sent").exists()


def test_running_the_delivery_twice_sends_once(world: World, fake_robot: FakeRobot) -> None:
    district = _wecom(world, fake_robot)
    robot_deliveries_create(_items(district, 2))
    deliver_pending()
    deliver_pending()
    robot_deliver(district_id=district.pk, channel=Channel.WECOM)
    assert len(fake_robot.received) == 1


def test_a_robot_turned_off_sends_nothing(world: World, fake_robot: FakeRobot) -> None:
    district = _wecom(world, fake_robot)
    robot_deliveries_create(_items(district, 1))
    RobotChannel.objects.update(wecom_on=False)
    deliver_pending()
    assert fake_robot.received == []


def test_wecom_content_is_cut_cleanly_within_4096_bytes() -> None:
    lines = [f"{n}. 待审核：学校《关于班主任队伍建设的制度文件第{n}号》" for n in range(400)]
    content = wecom_payload("\n".join(lines))["markdown"]["content"]
    size = len(content.encode("utf-8"))
    assert WECOM_CONTENT_MAX_BYTES - 200 < size <= WECOM_CONTENT_MAX_BYTES
    assert content.endswith("…（内容过长，已截断，请到平台查看全部）")
    kept = content.splitlines()[:-1]
    assert kept == lines[: len(kept)]  # whole lines only
    assert truncate_utf8("短消息", 4096) == "短消息"
    one_line = truncate_utf8("班" * 3000, 100, marker="…")
    assert one_line == "班" * 32 + "…" and len(one_line.encode()) <= 100


def test_webhooks_outside_the_allowed_hosts_are_refused(world: World) -> None:
    """A district's setting cannot make the server post inside its own network."""
    with pytest.raises(ValidationError) as refused:
        robot_channel_save(
            district=world.districts["A"], actor=world.user("A.admin"),
            wecom_url="http://10.0.0.5:6379/", wecom_on=True,
        )  # fmt: skip
    assert "域名不在允许范围内" in refused.value.message_dict["wecom_url"][0]
    assert not RobotChannel.objects.exists()
