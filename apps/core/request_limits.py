"""Requests over the size limit, answered in the product's voice.

Django refuses a body over `DATA_UPLOAD_MAX_MEMORY_SIZE` only when something first reads
it (the CSRF check, a form, DRF's parser), as a `RequestDataTooBig` that becomes its
English "Bad Request (400)" page — or, with DEBUG on, the debug page with the settings.
`RequestSizeMiddleware` looks at the declared length before anything reads the body:

1. A multipart upload (files) may be as large as `REQUEST_MAX_BYTES`, the largest file
   the site takes plus room for the form; anything else as large as
   `DATA_UPLOAD_MAX_MEMORY_SIZE` (Django's own limit, checked the same way).
2. Over it, the body is never read: the API (`/api/…`) answers 413 with a JSON `detail`,
   a page answers 413 with `413.html`, both saying the limit in Chinese.
3. Under it, a page's form is parsed here, so that what only parsing finds — the text
   fields of a multipart form over `DATA_UPLOAD_MAX_MEMORY_SIZE`, more fields than
   `DATA_UPLOAD_MAX_NUMBER_FIELDS` — is answered the same way (the API's parser raises
   the same exceptions into `apps.core.api.exception_handler`, which does the same).
4. A file still over its own limit is refused by the service with the file's size and
   the limit (`apps.core.files.sniff_upload`).
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string

API_PREFIX = "/api/"
STATUS = 413


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.0f} MB"


def request_limit(request: HttpRequest) -> int:
    """The largest body this request may declare (step 1)."""
    if request.content_type == "multipart/form-data":
        return int(getattr(settings, "REQUEST_MAX_BYTES", settings.DATA_UPLOAD_MAX_MEMORY_SIZE))
    return int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)


def request_too_large_message(limit: int | None = None) -> str:
    """What a person is told (API and pages alike)."""
    size = _megabytes(limit if limit is not None else settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
    return f"提交的内容过大，上限为 {size}。请压缩文件、分批上传或删减内容后重试。"


def too_large_response(request: HttpRequest, limit: int | None = None) -> HttpResponse:
    """Step 2: JSON for the API, a page for the portals."""
    message = request_too_large_message(limit)
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": message}, status=STATUS)
    page = render_to_string("413.html", {"message": message})
    return HttpResponse(page, status=STATUS)


def _declared_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


class RequestSizeMiddleware:
    """Steps 1–3, before any other middleware or view reads the body."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = request_limit(request)
        if _declared_length(request) > limit:
            return too_large_response(request, limit)
        if request.method == "POST" and not request.path.startswith(API_PREFIX):
            try:
                request.POST  # noqa: B018 - parsed now, as the CSRF check would
            except RequestDataTooBig:
                return too_large_response(request)
            except (TooManyFieldsSent, TooManyFilesSent):
                return HttpResponse(render_to_string("400.html"), status=400)
        return self.get_response(request)
