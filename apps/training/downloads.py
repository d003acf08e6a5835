"""Serving a training evidence file back (an external record's certificate, an archive
entry's proof): always as an attachment, with the type the bytes were checked to be at
upload (never the browser's guess), under the name the teacher gave it."""

from __future__ import annotations

from typing import Protocol
from urllib.parse import quote

from django.http import HttpResponse

from apps.core.files import CONTENT_TYPES


class StoredFile(Protocol):
    pk: int
    file_name: str
    file_type: str


def download_name(row: StoredFile, prefix: str) -> str:
    """The stored name, with the checked type's extension if truncation cut it off."""
    name = row.file_name or f"{prefix}-{row.pk}"
    if not row.file_type:
        return name
    suffixes = (".jpg", ".jpeg") if row.file_type == "jpg" else (f".{row.file_type}",)
    return name if name.lower().endswith(suffixes) else f"{name}{suffixes[0]}"


def file_response(row: StoredFile, data: bytes, *, prefix: str = "training") -> HttpResponse:
    """`Content-Disposition: attachment` with an ASCII fallback name and the real name in
    RFC 5987 form (percent-encoded, so no header injection); no sniffing, no caching."""
    response = HttpResponse(
        data, content_type=CONTENT_TYPES.get(row.file_type, "application/octet-stream")
    )
    fallback = f"{prefix}-{row.pk}.{row.file_type or 'bin'}"
    response["Content-Disposition"] = (
        f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(download_name(row, prefix))}"
    )
    response["Content-Length"] = str(len(data))
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
