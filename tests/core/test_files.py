"""Broken archives (apps.core.files, apps.core.xlsx.guard): a zip whose headers lie about
its parts' sizes or checksums gets the same clear refusal as any broken file, wherever it
is uploaded — never a 500 from `BadZipFile` deep in a reader."""

from __future__ import annotations

import io
import struct
import zipfile

import pytest
from openpyxl import Workbook

from apps.core.files import BROKEN_FILE, UploadRefusedError, sniff_upload
from apps.core.xlsx import UnsafeWorkbookError, check_workbook_file, scan_workbook

CENTRAL = b"PK\x01\x02"
LOCAL = b"PK\x03\x04"


def workbook_bytes() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["工号", "姓名"])
    sheet.append(["T001", "王芳"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def lie_about(data: bytes, name: str, *, size: int | None = None, crc: int | None = None) -> bytes:
    """`data` with the part `name`'s uncompressed size and/or CRC rewritten in both its
    local and its central header (what a truncated or tampered file looks like)."""
    raw = bytearray(data)
    encoded = name.encode()
    for signature, crc_at, size_at, name_len_at, name_at in (
        (LOCAL, 14, 22, 26, 30),
        (CENTRAL, 16, 24, 28, 46),
    ):
        start = raw.find(signature)
        while start != -1:
            (name_len,) = struct.unpack_from("<H", raw, start + name_len_at)
            if bytes(raw[start + name_at : start + name_at + name_len]) == encoded:
                if size is not None:
                    struct.pack_into("<I", raw, start + size_at, size)
                if crc is not None:
                    struct.pack_into("<I", raw, start + crc_at, crc)
            start = raw.find(signature, start + 4)
    return bytes(raw)


SHEET = "xl/worksheets/sheet1.xml"


def _real_size(data: bytes, name: str) -> int:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.getinfo(name).file_size


LIARS = {
    "size smaller than the part": lambda d: lie_about(d, SHEET, size=_real_size(d, SHEET) // 2),
    "size larger than the part": lambda d: lie_about(d, SHEET, size=_real_size(d, SHEET) * 3),
    "wrong checksum": lambda d: lie_about(d, SHEET, crc=0x12345678),
}


@pytest.mark.parametrize("lie", LIARS.values(), ids=LIARS.keys())
def test_an_import_upload_whose_headers_lie_is_refused_as_broken(lie: object) -> None:
    data = lie(workbook_bytes())  # type: ignore[operator]
    with pytest.raises(UnsafeWorkbookError) as refused:
        check_workbook_file(data)
    assert str(refused.value) == BROKEN_FILE


def test_the_job_reading_a_tampered_sheet_refuses_it_as_broken() -> None:
    """The job streams the sheets itself (`scan_workbook`): a checksum that does not match
    is the same refusal there."""
    with pytest.raises(UnsafeWorkbookError) as refused:
        scan_workbook(lie_about(workbook_bytes(), SHEET, crc=0x12345678))
    assert str(refused.value) == BROKEN_FILE


@pytest.mark.parametrize("lie", LIARS.values(), ids=LIARS.keys())
def test_an_office_evidence_file_whose_headers_lie_is_refused_as_broken(lie: object) -> None:
    data = lie(workbook_bytes())  # type: ignore[operator]
    with pytest.raises(UploadRefusedError) as refused:
        sniff_upload("名册.xlsx", data, max_bytes=5 * 1024 * 1024)
    assert str(refused.value) == BROKEN_FILE


def test_a_truncated_archive_is_refused_as_broken() -> None:
    data = workbook_bytes()
    with pytest.raises(UploadRefusedError, match="文件已损坏"):
        sniff_upload("名册.xlsx", data[: len(data) // 2], max_bytes=5 * 1024 * 1024)


def test_an_honest_workbook_still_passes() -> None:
    data = workbook_bytes()
    check_workbook_file(data)
    assert sniff_upload("名册.xlsx", data, max_bytes=5 * 1024 * 1024) == "xlsx"
