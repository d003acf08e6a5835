"""Files of every kind an upload may be, form payloads and URLs for the evidence tests."""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.core.schoolyear import current_school_year
from tests.personas import World, evidence_pdf

YEAR = current_school_year()
PDF = evidence_pdf("test")

# --------------------------------------------------------------------------- files


def _zip(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


DOCX_PARTS = {
    "[Content_Types].xml": (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        b'<Default Extension="xml" ContentType="application/xml"/></Types>'
    ),
    "word/document.xml": (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body><w:p><w:r><w:t>selection procedure</w:t></w:r></w:p></w:body></w:document>"
    ),
}
DOCX = _zip(DOCX_PARTS)
# A docx whose one extra part inflates 5 MB of zeros from a few KB (ratio far above 100).
ZIP_BOMB_DOCX = _zip(DOCX_PARTS | {"word/media/image1.bin": b"\0" * (5 * 1024 * 1024)})
MACRO_DOCX = _zip(DOCX_PARTS | {"word/vbaProject.bin": b"Attribute VB_Name = x"})


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


# A real 1×1 white PNG.
PNG = (
    b"\x89PNG\r\n\x1a\n"
    + _png_chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
    + _png_chunk(b"IDAT", zlib.compress(b"\x00\xff\xff\xff"))
    + _png_chunk(b"IEND", b"")
)
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, "application/octet-stream")


def submit_form(
    *,
    indicator: str = "XH26-A1-2",
    kind: str = "document",
    title: str = "校本班主任选聘办法",
    statement: str = "",
    file: SimpleUploadedFile | None = None,
    year: int = YEAR,
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "indicator_code": indicator,
        "school_year": year,
        "kind": kind,
        "title": title,
        "statement": statement,
    }
    if file is not None:
        data["file"] = file
    return data


def school_url(name: str, world: World, key: str, item_id: int | None = None) -> str:
    kwargs: dict[str, Any] = {"school_id": world.schools[key].school.pk}
    if item_id is not None:
        kwargs["item_id"] = item_id
    return reverse(f"evidence:{name}", kwargs=kwargs)


def district_url(name: str, world: World, key: str, item_id: int | None = None) -> str:
    kwargs: dict[str, Any] = {"district_id": world.districts[key].pk}
    if item_id is not None:
        kwargs["item_id"] = item_id
    return reverse(f"evidence:{name}", kwargs=kwargs)


def field_errors(body: str, name: str) -> str:
    """The error list rendered under form field `name` (which must be marked invalid)."""
    found = re.search(
        rf'<(?:input|select|textarea)[^>]*name="{name}"[^>]*is-invalid[^>]*>.*?'
        r'<ul class="errorlist"[^>]*>(.*?)</ul>',
        body,
        re.DOTALL,
    )
    assert found, f"no error on the field {name}"
    return found.group(1)


# XH26-A1-2's required parts (the pack's `required_parts`): the reviewer ticks them all to
# accept the persona world's selection procedure.
A1_2_PARTS = ["选聘条件", "选聘程序", "任职期限"]
