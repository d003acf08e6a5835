"""Upload checks (apps.core.files): the type is what the bytes say, and anything refused is
refused with a Chinese message on the file field and nothing saved — not the item, not
its file, not a recompute request."""

from __future__ import annotations

from typing import Any

import pytest

from apps.compliance.models import RecomputeRequest
from apps.evidence.models import EvidenceEvent, EvidenceFile, EvidenceItem, EvidenceStatus
from tests.personas import World

from .helpers import (
    DOCX,
    EXE,
    MACRO_DOCX,
    PDF,
    PNG,
    ZIP_BOMB_DOCX,
    field_errors,
    school_url,
    submit_form,
    upload,
)

pytestmark = pytest.mark.usefixtures("packs")


def _counts() -> tuple[int, int, int, int]:
    return (
        EvidenceItem.objects.count(),
        EvidenceFile.objects.count(),
        EvidenceEvent.objects.count(),
        RecomputeRequest.objects.count(),
    )


ACCEPTED = [
    ("选聘办法.pdf", PDF, "pdf", "application/pdf"),
    (
        "选聘办法.docx",
        DOCX,
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    ("选聘办法扫描件.png", PNG, "png", "image/png"),
]


@pytest.mark.parametrize("case", ACCEPTED, ids=["pdf", "docx", "png"])
def test_xh26_a1_2_accepts_pdf_docx_and_png(
    case: tuple[str, bytes, str, str], world: World, client_for: Any
) -> None:
    """XH26-A1-2 (POLICY §6 "document"): a real PDF, Word file or image is stored with the
    type its bytes show, and comes back byte for byte with that content type."""
    name, data, file_type, content_type = case
    client = client_for("A1.leader")
    before = EvidenceItem.objects.count()
    response = client.post(
        school_url("school_new", world, "A1"), submit_form(file=upload(name, data))
    )
    assert EvidenceItem.objects.count() == before + 1
    item = EvidenceItem.objects.latest("id")
    assert item.school_id == world.schools["A1"].school.pk
    assert response.status_code == 302
    assert response["Location"] == school_url("school_detail", world, "A1", item.pk)
    assert (item.file_name, item.file_type, item.file_size) == (name, file_type, len(data))
    assert item.status == EvidenceStatus.SUBMITTED
    download = client.get(school_url("school_file", world, "A1", item.pk))
    assert download.content == data
    assert download["Content-Type"] == content_type


REFUSED = [
    ("选聘办法.pdf", b"This is plain text pretending to be a PDF.\n", "文件内容与扩展名 .pdf 不符"),
    ("setup.exe", EXE, "不支持该文件类型"),
    ("选聘办法.docx", ZIP_BOMB_DOCX, "疑似压缩炸弹"),
    ("选聘办法.docx", MACRO_DOCX, "文件包含宏"),
]


@pytest.mark.parametrize(
    ("name", "data", "message"), REFUSED, ids=["text-as-pdf", "exe", "zip-bomb", "macro"]
)
def test_refused_uploads_save_nothing(
    name: str, data: bytes, message: str, world: World, client_for: Any
) -> None:
    before = _counts()
    response = client_for("A1.leader").post(
        school_url("school_new", world, "A1"), submit_form(file=upload(name, data))
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert message in body
    assert message in field_errors(body, "file")
    assert _counts() == before


def test_oversized_file_is_refused_with_the_limit_named(
    world: World, client_for: Any, settings: Any
) -> None:
    settings.EVIDENCE_MAX_BYTES = 2 * 1024 * 1024
    big = PDF + b"%" + b"x" * (3 * 1024 * 1024)
    before = _counts()
    response = client_for("A1.leader").post(
        school_url("school_new", world, "A1"), submit_form(file=upload("选聘办法.pdf", big))
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "上限为 2 MB" in field_errors(body, "file")
    assert _counts() == before


@pytest.mark.parametrize(
    ("name", "data", "message"), REFUSED, ids=["text-as-pdf", "exe", "zip-bomb", "macro"]
)
def test_api_refuses_the_same_files_with_400(
    name: str, data: bytes, message: str, world: World, client_for: Any
) -> None:
    before = _counts()
    response = client_for("A1.leader").post(
        f"/api/v1/schools/{world.schools['A1'].school.pk}/evidence/",
        submit_form(file=upload(name, data)),
    )
    assert response.status_code == 400
    assert message in response.json()["file"][0]
    assert _counts() == before


def test_a_document_needs_a_file(world: World, client_for: Any) -> None:
    before = _counts()
    response = client_for("A1.leader").post(
        school_url("school_new", world, "A1"), submit_form(file=None)
    )
    assert response.status_code == 200
    assert "请上传文件" in field_errors(response.content.decode(), "file")
    assert _counts() == before


def test_a_legacy_word_file_with_macros_is_refused() -> None:
    """An OLE2 .doc whose directory holds a _VBA_PROJECT stream carries macros."""
    from apps.core.files import OLE2, UploadRefusedError, sniff_upload

    data = OLE2 + b"\0" * 512 + "_VBA_PROJECT".encode("utf-16-le") + b"\0" * 64
    with pytest.raises(UploadRefusedError, match="宏"):
        sniff_upload("通知.doc", data, max_bytes=1024 * 1024)
    assert sniff_upload("通知.doc", OLE2 + b"\0" * 600, max_bytes=1024 * 1024) == "doc"


def test_services_check_who_acts(world: World) -> None:
    """Defence in depth: the services refuse an actor of the wrong school or district,
    whatever the view did."""
    from django.core.exceptions import PermissionDenied

    from apps.evidence import services

    item = world.schools["A1"].evidence
    with pytest.raises(PermissionDenied):
        services.evidence_review(item=item, reviewer=world.user("B.reviewer"), accept=True)
    with pytest.raises(PermissionDenied):
        services.evidence_withdraw(item=item, actor=world.user("A2.leader"))
    with pytest.raises(PermissionDenied):
        services.evidence_submit(
            school=world.schools["A1"].school,
            actor=world.user("A.admin"),
            indicator_code="XH26-A1-2",
            school_year=item.school_year,
            kind="document",
            title="x",
        )
