"""消息中心 (issue 12 §6): a teacher hears that their hours were approved (已审定) or
returned (with the leader's comment); unread count in the navigation bar; mark read;
mute; a person never reaches another's notice; each thing notified once; e-mail once."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.reports.models import Channel, Delivery, Notice, NoticeKind
from apps.reports.services.deliveries import email_deliver
from apps.reports.services.notices import notify
from tests.personas import World
from tests.training.rows import school_rows


def _unread_badge(html: str) -> str | None:
    found = re.search(r'data-testid="unread-count">(\d+)<', html)
    return found.group(1) if found else None


def _decide(
    client_for: Any, world: World, capture: Any, *, decision: str, comment: str = ""
) -> Any:
    sd = world.schools["A1"]
    record = school_rows(sd).external
    url = reverse(
        "training:external_detail", kwargs={"school_id": sd.school.pk, "record_id": record.pk}
    )
    with capture(execute=True):
        response = client_for("A1.leader").post(url, {"decision": decision, "comment": comment})
    assert response.status_code == 302, response.content[:300]
    return record


def test_a_teacher_sees_approved_hours_in_the_message_center(
    world: World, client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    record = _decide(client_for, world, django_capture_on_commit_callbacks, decision="verify")
    teacher = client_for("A1.teacher")
    home = teacher.get(reverse("training:teacher_home")).content.decode()
    assert _unread_badge(home) == "1"
    page = teacher.get(reverse("reports:notices")).content.decode()
    assert "已审定" in page
    assert f"《{record.title}》6.0学时已计入" in page
    # the leader who decided hears nothing of their own decision
    assert not Notice.objects.filter(recipient=world.user("A1.leader")).exists()


def test_a_returned_record_shows_with_the_leaders_comment(
    world: World, client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    _decide(
        client_for, world, django_capture_on_commit_callbacks,
        decision="return", comment="证书学时与登记不符，请核对",
    )  # fmt: skip
    page = client_for("A1.teacher").get(reverse("reports:notices")).content.decode()
    assert "已退回" in page
    assert "退回意见：证书学时与登记不符，请核对" in page


def _notice(world: World, key: str = "A1.teacher", dedupe: str = "k1", **extra: Any) -> Notice:
    sd = world.schools[key.split(".", maxsplit=1)[0]]
    notice = notify(
        recipient=world.user(key), kind=extra.pop("kind", NoticeKind.TODO),
        title=extra.pop("title", "待办：填写本月研修记录"), body="请在月底前完成。",
        link=reverse("training:my_training"), dedupe_key=dedupe,
        district_id=sd.school.district_id, school_id=sd.school.pk,
    )  # fmt: skip
    assert notice is not None
    return notice


def test_unread_count_and_marking_read(world: World, client_for: Any) -> None:
    first = _notice(world, dedupe="k1")
    _notice(world, dedupe="k2", title="第二条")
    teacher = client_for("A1.teacher")
    notices_url = reverse("reports:notices")
    assert _unread_badge(teacher.get(notices_url).content.decode()) == "2"
    response = teacher.post(reverse("reports:notice_read", args=[first.pk]), {"go": "1"})
    assert response.status_code == 302 and response["Location"] == reverse("training:my_training")
    assert _unread_badge(teacher.get(notices_url).content.decode()) == "1"
    teacher.post(reverse("reports:notices_read_all"))
    page = teacher.get(notices_url).content.decode()
    assert _unread_badge(page) is None
    assert "未读</span>" not in page
    assert "没有未读消息" in teacher.get(notices_url + "?unread=1").content.decode()


def test_the_same_thing_is_notified_once(world: World) -> None:
    _notice(world, dedupe="evidence:7:pending")
    again = notify(
        recipient=world.user("A1.teacher"), kind=NoticeKind.TODO, title="重复", body="",
        dedupe_key="evidence:7:pending", district_id=world.districts["A"].pk,
    )  # fmt: skip
    assert again is None
    assert Notice.objects.filter(recipient=world.user("A1.teacher")).count() == 1


def test_muting_a_kind_stops_it(
    world: World, client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    teacher = client_for("A1.teacher")
    teacher.post(reverse("reports:notices_mute"), {"muted": [NoticeKind.REVIEWED]})
    page = teacher.get(reverse("reports:notices")).content.decode()
    checked = re.search(r'value="reviewed"\s+id="mute-reviewed"\s+checked', page)
    assert checked is not None
    _decide(client_for, world, django_capture_on_commit_callbacks, decision="verify")
    assert not Notice.objects.filter(recipient=world.user("A1.teacher")).exists()
    assert "已审定" not in teacher.get(reverse("reports:notices")).content.decode()
    _notice(world, kind=NoticeKind.TODO)  # another kind still arrives
    teacher.post(reverse("reports:notices_mute"), {})  # unmute all
    assert _notice(world, dedupe="k9", kind=NoticeKind.REVIEWED)


def test_a_person_never_sees_another_persons_notice(world: World, client_for: Any) -> None:
    notice = _notice(world, title="甲A1老师的私信")
    for key in ("A2.teacher", "A1.leader", "A.admin", "B1.teacher"):
        client = client_for(key)
        assert "甲A1老师的私信" not in client.get(reverse("reports:notices")).content.decode()
        assert client.post(reverse("reports:notice_read", args=[notice.pk])).status_code == 404
        api = client.post(reverse("api:me-notice-read", args=[notice.pk]))
        assert api.status_code == 404, key
        assert client.get(reverse("api:me-notices")).json()["count"] == 0
    notice.refresh_from_db()
    assert notice.read_at is None


def test_the_api_lists_my_notices_and_marks_one_read(world: World, client_for: Any) -> None:
    notice = _notice(world)
    client = client_for("A1.teacher")
    body = client.get(reverse("api:me-notices")).json()
    assert body["count"] == 1
    assert body["results"][0]["title"] == "待办：填写本月研修记录"
    assert body["results"][0]["is_read"] is False
    read = client.post(reverse("api:me-notice-read", args=[notice.pk])).json()
    assert read["is_read"] is True
    assert client.get(reverse("api:me-notices") + "?unread=1").json()["count"] == 0


@override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
def test_a_notice_is_mailed_once(world: World, django_capture_on_commit_callbacks: Any) -> None:
    user = world.user("A1.teacher")
    user.email = "jia@example.edu.cn"
    user.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=False):
        _notice(world, title="学时已审定")
    assert email_deliver() == 1
    assert email_deliver() == 0
    assert [(m.subject, m.to) for m in mail.outbox] == [("学时已审定", ["jia@example.edu.cn"])]
    assert Delivery.objects.get(channel=Channel.EMAIL).status == "sent"


def test_the_navigation_count_is_one_query(world: World, client_for: Any) -> None:
    """The badge costs one COUNT, however many notices there are."""
    client = client_for("A1.teacher")
    url = reverse("accounts:profile")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(30):
        _notice(world, dedupe=f"n{n}")
    with CaptureQueriesContext(connection) as many:
        html = client.get(url).content.decode()
    assert _unread_badge(html) == "30"
    notice_queries = [q for q in many.captured_queries if "reports_notice" in q["sql"]]
    assert len(notice_queries) == 1
    assert len(many.captured_queries) == len(few.captured_queries)


pytestmark = pytest.mark.django_db
