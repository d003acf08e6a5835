"""Files kept with a training activity's record ("minutes/record and attachments"): its
organiser uploads them (a school's leader, the district's admin for a district activity),
checked as evidence is; whoever reads the activity downloads them, byte for byte, as an
attachment; anyone else gets the same 404 as for a missing one."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.test import override_settings
from django.urls import reverse

from apps.training import selectors, services
from apps.training.models import ActivityAttachment, ActivityAttachmentFile, TrainingActivity
from tests.evidence.helpers import field_errors
from tests.personas import World, evidence_pdf

from .rows import MINUTES, first_day

PDF = evidence_pdf("attachment-test")


def url(name: str, *args: Any) -> str:
    return reverse(f"training:{name}", args=args)


def school_activity(world: World, key: str = "A1") -> TrainingActivity:
    sd = world.schools[key]
    return services.activity_create(
        district=sd.school.district, school=sd.school, actor=world.user(f"{key}.leader"),
        title="学生冲突案例研讨", topic="学生同伴冲突的成因与干预", date=first_day(),
        hours=Decimal(2), form="case", credit_class="lecture", minutes=MINUTES,
    )  # fmt: skip


def district_activity(world: World, key: str = "A") -> TrainingActivity:
    return services.activity_create(
        district=world.districts[key], school=None, actor=world.user(f"{key}.admin"),
        title="区级班主任集中培训", topic="班级建设的难点与对策", date=first_day(),
        hours=Decimal(3), form="lecture", credit_class="lecture", organiser_level="district",
    )  # fmt: skip


def upload(name: str = "签到表.pdf", data: bytes = PDF, title: str = "") -> dict[str, Any]:
    return {"title": title, "file": SimpleUploadedFile(name, data, "application/pdf")}


def school_urls(activity: TrainingActivity) -> tuple[str, str]:
    detail = url("activity_detail", activity.school_id, activity.pk)
    return detail, url("activity_attachment_add", activity.school_id, activity.pk)


def assert_download(response: Any, data: bytes) -> None:
    assert response.status_code == 200
    assert response.content == data
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"


# --------------------------------------------------------------------------- school activities


def test_organiser_uploads_a_pdf_it_is_listed_and_downloads_byte_for_byte(
    world: World, client_for: Any
) -> None:
    activity = school_activity(world)
    detail, add = school_urls(activity)
    client = client_for("A1.leader")
    assert 'data-testid="attachment-form"' in client.get(detail).content.decode()

    response = client.post(add, upload("研讨签到表.pdf", title="签到表与活动照片"))
    assert response.status_code == 302 and response["Location"] == detail
    attachment = ActivityAttachment.objects.get(activity=activity)
    assert (attachment.file_name, attachment.file_type, attachment.file_size) == (
        "研讨签到表.pdf",
        "pdf",
        len(PDF),
    )
    assert attachment.title == "签到表与活动照片"
    assert attachment.uploaded_by == world.user("A1.leader")

    body = client.get(detail).content.decode()
    file_url = url("activity_attachment_file", activity.school_id, activity.pk, attachment.pk)
    assert "研讨签到表.pdf" in body and file_url in body and "签到表与活动照片" in body
    assert world.user("A1.leader").display_name in body
    response = client.get(file_url)
    assert_download(response, PDF)
    assert "filename*=UTF-8''%E7%A0%94" in response["Content-Disposition"]

    # The API's activity detail lists it (read-only) with a URL that serves the same bytes.
    api = f"/api/v1/schools/{activity.school_id}/training-activities/{activity.pk}/"
    listed = client.get(api).json()["attachments"]
    assert [(a["id"], a["file_name"], a["size"]) for a in listed] == [
        (attachment.pk, "研讨签到表.pdf", len(PDF))
    ]
    assert_download(client.get(listed[0]["url"]), PDF)
    assert "attachments" not in client.get(api.rsplit("/", 2)[0] + "/").json()["results"][0]


@pytest.mark.parametrize(
    ("file_name", "data", "message"),
    [
        ("签到表.pdf", b"MZ\x90\x00not a pdf", "文件内容与扩展名 .pdf 不符"),
        ("签到表.pdf", PDF + b"0" * 2048, "文件过大"),
        ("签到表.exe", PDF, "不支持该文件类型"),
    ],
)
@override_settings(EVIDENCE_MAX_BYTES=2048)
def test_a_fake_or_oversized_file_is_refused_on_the_file_field(
    file_name: str, data: bytes, message: str, world: World, client_for: Any
) -> None:
    activity = school_activity(world)
    _detail, add = school_urls(activity)
    response = client_for("A1.leader").post(add, upload(file_name, data))
    assert response.status_code == 200
    assert message in field_errors(response.content.decode(), "file")
    assert not ActivityAttachment.objects.exists()
    assert not ActivityAttachmentFile.objects.exists()


def test_no_file_is_refused_on_the_file_field(world: World, client_for: Any) -> None:
    activity = school_activity(world)
    _detail, add = school_urls(activity)
    response = client_for("A1.leader").post(add, {"title": "照片"})
    assert "请选择要上传的附件" in field_errors(response.content.decode(), "file")
    assert not ActivityAttachment.objects.exists()


def test_the_eleventh_attachment_is_refused(world: World, client_for: Any) -> None:
    activity = school_activity(world)
    leader = world.user("A1.leader")
    for number in range(services.MAX_ATTACHMENTS):
        services.activity_attachment_add(
            activity=activity, actor=leader, file_name=f"第{number}页.pdf", data=PDF
        )
    _detail, add = school_urls(activity)
    response = client_for("A1.leader").post(add, upload("第十一页.pdf"))
    assert response.status_code == 200
    assert "最多保存 10 个附件" in field_errors(response.content.decode(), "file")
    assert ActivityAttachment.objects.filter(activity=activity).count() == 10


def test_a_district_reviewer_downloads_but_does_not_upload(world: World, client_for: Any) -> None:
    activity = school_activity(world)
    attachment = services.activity_attachment_add(
        activity=activity, actor=world.user("A1.leader"), file_name="签到表.pdf", data=PDF
    )
    detail, add = school_urls(activity)
    reviewer = client_for("A.reviewer")
    body = reviewer.get(detail).content.decode()
    file_url = url("activity_attachment_file", activity.school_id, activity.pk, attachment.pk)
    assert file_url in body and 'data-testid="attachment-form"' not in body
    assert_download(reviewer.get(file_url), PDF)
    assert reviewer.post(add, upload()).status_code == 404
    assert client_for("A.admin").post(add, upload()).status_code == 404
    with pytest.raises(PermissionDenied):
        services.activity_attachment_add(
            activity=activity, actor=world.user("A.admin"), file_name="x.pdf", data=PDF
        )
    assert ActivityAttachment.objects.count() == 1


def test_another_schools_leader_gets_404_for_upload_and_download(
    world: World, client_for: Any
) -> None:
    activity = school_activity(world)
    attachment = services.activity_attachment_add(
        activity=activity, actor=world.user("A1.leader"), file_name="签到表.pdf", data=PDF
    )
    file_url = url("activity_attachment_file", activity.school_id, activity.pk, attachment.pk)
    _detail, add = school_urls(activity)
    for key in ("A2.leader", "B1.leader", "B.admin"):
        other = client_for(key)
        assert other.get(file_url).status_code == 404, key
        assert other.post(add, upload()).status_code == 404, key
    # Under its own school id, A2's leader names A1's activity and attachment: still 404.
    a2 = world.schools["A2"].school.pk
    a2_leader = client_for("A2.leader")
    assert (
        a2_leader.get(url("activity_attachment_file", a2, activity.pk, attachment.pk)).status_code
        == 404
    )
    assert (
        a2_leader.post(url("activity_attachment_add", a2, activity.pk), upload()).status_code == 404
    )
    assert ActivityAttachment.objects.count() == 1


def test_an_attachment_is_found_only_under_its_own_activity(world: World) -> None:
    activity, other = school_activity(world), school_activity(world)
    attachment = services.activity_attachment_add(
        activity=activity, actor=world.user("A1.leader"), file_name="签到表.pdf", data=PDF
    )
    found, data = selectors.activity_attachment_file(activity=activity, attachment_id=attachment.pk)
    assert found == attachment and data == PDF
    for activity_, attachment_id in ((other, attachment.pk), (activity, "x"), (activity, None)):
        with pytest.raises(Http404):
            selectors.activity_attachment_file(activity=activity_, attachment_id=attachment_id)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- district activities


def test_the_district_admin_uploads_to_a_district_activity_and_a_leader_cannot(
    world: World, client_for: Any
) -> None:
    activity = district_activity(world)
    district = activity.district_id
    detail = url("district_activity_detail", district, activity.pk)
    add = url("district_activity_attachment_add", district, activity.pk)
    admin = client_for("A.admin")
    assert 'data-testid="attachment-form"' in admin.get(detail).content.decode()
    response = admin.post(add, upload("集中培训课件.pdf"))
    assert response.status_code == 302 and response["Location"] == detail
    attachment = ActivityAttachment.objects.get(activity=activity)
    file_url = url("district_activity_attachment_file", district, activity.pk, attachment.pk)
    assert file_url in admin.get(detail).content.decode()
    assert_download(admin.get(file_url), PDF)

    # A refused file is shown on the field of the district page too.
    response = admin.post(add, upload("课件.pdf", b"not a pdf"))
    assert "文件内容与扩展名" in field_errors(response.content.decode(), "file")

    reviewer = client_for("A.reviewer")
    body = reviewer.get(detail).content.decode()
    assert file_url in body and 'data-testid="attachment-form"' not in body
    assert_download(reviewer.get(file_url), PDF)
    assert reviewer.post(add, upload()).status_code == 404
    for key in ("A1.leader", "B.admin", "B.reviewer"):
        assert client_for(key).post(add, upload()).status_code == 404, key
        assert client_for(key).get(file_url).status_code == 404, key
    with pytest.raises(PermissionDenied):
        services.activity_attachment_add(
            activity=activity, actor=world.user("A1.leader"), file_name="x.pdf", data=PDF
        )
    assert ActivityAttachment.objects.count() == 1
