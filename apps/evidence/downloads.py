"""Serving an uploaded file back: always as an attachment, with the type the bytes were
checked to be (never the browser's guess), under the name the school gave it."""

from __future__ import annotations

from urllib.parse import quote

from django.http import HttpResponse

from apps.core.files import CONTENT_TYPES

from .models import EvidenceItem


def download_name(item: EvidenceItem) -> str:
    """The stored name, with the checked type's extension if truncation cut it off."""
    name = item.file_name or f"evidence-{item.pk}"
    if not item.file_type:
        return name
    suffixes = (".jpg", ".jpeg") if item.file_type == "jpg" else (f".{item.file_type}",)
    return name if name.lower().endswith(suffixes) else f"{name}{suffixes[0]}"


def file_response(item: EvidenceItem, data: bytes) -> HttpResponse:
    """`Content-Disposition: attachment` with an ASCII fallback name and the real name in
    RFC 5987 form (`filename*=UTF-8''…`, percent-encoded, so no header injection)."""
    response = HttpResponse(
        data, content_type=CONTENT_TYPES.get(item.file_type, "application/octet-stream")
    )
    fallback = f"evidence-{item.pk}.{item.file_type or 'bin'}"
    response["Content-Disposition"] = (
        f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(download_name(item))}"
    )
    response["Content-Length"] = str(len(data))
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
