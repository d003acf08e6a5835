"""群机器人设置 (issue 12 §6): the district's own admin only (a reviewer, another
district's admin: 404); stored URLs and the secret are sealed in the database and never
shown back in full, only their last four characters."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.urls import reverse

from apps.reports.models import RobotChannel
from apps.reports.services.robots import robot_targets
from tests.personas import World

pytestmark = pytest.mark.django_db

WECOM = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa"
DING = "https://oapi.dingtalk.com/robot/send?access_token=d3f1e8a2c4b5a6978877665544332211"
SECRET = "SEC5f0f6c0b7e1a4d2c9b8a7f6e5d4c3b2a1908f7e6d5c4b3a2918273645566778899"


def _url(world: World, key: str = "A") -> str:
    return reverse("reports:robot_settings", kwargs={"district_id": world.districts[key].pk})


def test_only_the_districts_own_admin_opens_the_robot_settings(
    world: World, client_for: Any
) -> None:
    url = _url(world)
    assert client_for("A.admin").get(url).status_code == 200
    for key in ("B.admin", "A.reviewer", "A1.leader", "A1.teacher"):
        assert client_for(key).get(url).status_code == 404, key
        response = client_for(key).post(url, {"wecom_url": WECOM, "wecom_on": "on"})
        assert response.status_code == 404, key
    assert not RobotChannel.objects.exists()


def test_secrets_are_sealed_and_never_rendered_in_full(world: World, client_for: Any) -> None:
    admin = client_for("A.admin")
    response = admin.post(
        _url(world),
        {"wecom_url": WECOM, "wecom_on": "on", "dingtalk_url": DING,
         "dingtalk_secret": SECRET, "dingtalk_on": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    page = admin.get(_url(world)).content.decode()
    assert "••••5aaa" in page and "••••2211" in page and "••••8899" in page
    for secret in (WECOM, DING, SECRET, "693a91f6", "d3f1e8a2", "SEC5f0f6"):
        assert secret not in page
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM reports_robotchannel")
        stored = repr(cursor.fetchall())
        cursor.execute("SELECT * FROM reports_robotchannelhistory")
        history = repr(cursor.fetchall())
    for secret in (WECOM, DING, SECRET, "693a91f6", "SEC5f0f6"):
        assert secret not in stored and secret not in history
    targets = robot_targets(RobotChannel.objects.get())
    assert (targets.wecom_url, targets.dingtalk_url, targets.dingtalk_secret) == (
        WECOM,
        DING,
        SECRET,
    )


def test_a_blank_field_keeps_the_stored_value_and_turning_on_needs_one(
    world: World, client_for: Any
) -> None:
    admin = client_for("A.admin")
    admin.post(_url(world), {"wecom_url": WECOM, "wecom_on": "on"})
    admin.post(_url(world), {"wecom_url": "", "wecom_on": "on"})  # the page sends no secret back
    assert robot_targets(RobotChannel.objects.get()).wecom_url == WECOM
    page = admin.post(_url(world), {"dingtalk_on": "on"}).content.decode()
    assert "启用钉钉机器人前，请填写 Webhook 地址和加签密钥。" in page
    assert not RobotChannel.objects.get().dingtalk_on
