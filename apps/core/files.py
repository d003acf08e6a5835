"""Checking uploaded files: the type is what the bytes say, not what the name claims.

`sniff_upload` accepts PDF, Word (.doc/.docx), Excel (.xls/.xlsx) and images (.png/.jpg)
when the name's extension and the file's signature agree, the size is within the limit,
and — for the zip-based Office formats — the archive reads whole (every part inflates to
what its header says), is not a zip bomb and has no macros.
Messages are for the person uploading (Chinese).
"""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass


class UploadRefusedError(ValueError):
    pass


@dataclass(frozen=True)
class ZipLimits:
    max_uncompressed_bytes: int = 60 * 1024 * 1024
    max_ratio: int = 100
    max_parts: int = 2000


OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "doc": (OLE2,),
    "xls": (OLE2,),
    "docx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
}
EXTENSIONS = {"pdf": "pdf", "png": "png", "jpg": "jpg", "jpeg": "jpg", "doc": "doc",
              "xls": "xls", "docx": "docx", "xlsx": "xlsx"}  # fmt: skip
OFFICE_MAIN_PART = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}
MACRO_PARTS = ("word/vbaProject.bin", "xl/vbaProject.bin")
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# Names of the streams an OLE2 (.doc/.xls) file keeps its VBA macros in, as stored in the
# compound file's directory (UTF-16LE).
OLE2_MACRO_MARKERS = tuple(name.encode("utf-16-le") for name in ("_VBA_PROJECT", "VBA"))
ACCEPTED_LABEL = "PDF、Word（.doc/.docx）、Excel（.xls/.xlsx）或图片（.png/.jpg）"


# What reading a damaged or lying archive raises: a bad header or CRC, a member shorter or
# longer than its header says, bad deflate data, an unknown compression or encryption.
BROKEN_ZIP_ERRORS: tuple[type[Exception], ...] = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    EOFError,
    NotImplementedError,
    RuntimeError,
    ValueError,
    OSError,
)
BROKEN_FILE = "文件已损坏，无法读取。请重新导出或另存为标准格式后再上传。"
_CHUNK = 64 * 1024


def _read_every_part(archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo], budget: int) -> None:
    """Inflate every part in chunks (memory stays flat): a part whose header lies about its
    size or checksum is found here, not later in a parser. `zipfile` never yields more
    than a part declares, so the declared total bounds the work."""
    for info in infos:
        if info.is_dir():
            continue
        size = 0
        with archive.open(info) as part:
            while chunk := part.read(_CHUNK):
                size += len(chunk)
                if size > budget:
                    raise UploadRefusedError("文件解压后过大（疑似压缩炸弹），已拒绝。")
        if size != info.file_size:  # the data ended before the header's size
            raise zipfile.BadZipFile(f"{info.filename}: {size} bytes, header says {info.file_size}")
        budget -= size


def _check_declared(
    infos: list[zipfile.ZipInfo], required: tuple[str, ...], limits: ZipLimits
) -> None:
    """What the archive's directory says: its parts, macros, and sizes like a bomb's."""
    names = {info.filename for info in infos}
    if len(infos) > limits.max_parts:
        raise UploadRefusedError("文件结构异常（压缩包内文件过多），已拒绝。")
    if any(part not in names for part in required):
        raise UploadRefusedError("文件内容与扩展名不符或已损坏，请另存为标准格式后再上传。")
    if any(part in names for part in MACRO_PARTS):
        raise UploadRefusedError("文件包含宏，已拒绝。请另存为不含宏的文件。")
    total = 0
    for info in infos:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > 1024 * 1024 and ratio > limits.max_ratio:
            raise UploadRefusedError("文件压缩比异常（疑似压缩炸弹），已拒绝。")
    if total > limits.max_uncompressed_bytes:
        raise UploadRefusedError("文件解压后过大（疑似压缩炸弹），已拒绝。")


def check_zip_container(
    data: bytes,
    *,
    required: tuple[str, ...],
    limits: ZipLimits | None = None,
    verify_parts: bool = True,
) -> zipfile.ZipFile:
    """Refuse archives that are broken (whatever their headers claim), lack `required`
    parts, carry macros, or inflate like a bomb. `verify_parts=False` leaves inflating
    the parts to a caller that streams them itself (and refuses what breaks there)."""
    limits = limits or ZipLimits()
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except BROKEN_ZIP_ERRORS as exc:
        raise UploadRefusedError(BROKEN_FILE) from exc
    _check_declared(infos, required, limits)
    if not verify_parts:
        return archive
    try:
        _read_every_part(archive, infos, limits.max_uncompressed_bytes)
    except UploadRefusedError:
        raise
    except BROKEN_ZIP_ERRORS as exc:
        raise UploadRefusedError(BROKEN_FILE) from exc
    return archive


def sniff_upload(name: str, data: bytes, *, max_bytes: int) -> str:
    """The file's type key (pdf, docx, …) or UploadRefusedError."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    file_type = EXTENSIONS.get(extension)
    if file_type is None:
        raise UploadRefusedError(f"不支持该文件类型，请上传 {ACCEPTED_LABEL}。")
    if not data:
        raise UploadRefusedError("文件是空的。")
    if len(data) > max_bytes:
        size, limit = len(data) / 1024 / 1024, max_bytes / 1024 / 1024
        raise UploadRefusedError(f"文件过大（{size:.1f} MB），上限为 {limit:.0f} MB。")
    if not data.startswith(SIGNATURES[file_type]):
        raise UploadRefusedError(
            f"文件内容与扩展名 .{extension} 不符，请上传真实的 {ACCEPTED_LABEL}。"
        )
    if file_type in OFFICE_MAIN_PART:
        check_zip_container(data, required=("[Content_Types].xml", OFFICE_MAIN_PART[file_type]))
    if file_type in ("doc", "xls") and any(marker in data for marker in OLE2_MACRO_MARKERS):
        raise UploadRefusedError(
            "文件包含宏，已拒绝。请另存为不含宏的文件（如 .docx、.xlsx 或 PDF）。"
        )
    return file_type


def checked_file_type(
    file_name: str, data: bytes | None, errors: dict[str, str], *, max_bytes: int
) -> str:
    """The uploaded file's checked type ("" with no file); a refusal goes into `errors`
    under "file" with its Chinese message, so a service reports it with the other fields."""
    if not data:
        return ""
    try:
        return sniff_upload(file_name, data, max_bytes=max_bytes)
    except UploadRefusedError as exc:
        errors["file"] = str(exc)
        return ""
