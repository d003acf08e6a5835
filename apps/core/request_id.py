"""One id per request, the same in the JSON logs, the audit trail and the response.

`RequestIdMiddleware` (first in `MIDDLEWARE`) makes a fresh id for every request, keeps
it in a context variable for the time of the request and answers it in the
`X-Request-ID` header. `apps.core.logging.JsonFormatter` prints it with every log line
written meanwhile, and `apps.core.audit` writes it into the context of every history
row, so an operator can go from a change on the "谁改了什么" page to the log lines of the
request that made it, and a person reporting a problem can quote the header.

The id is always made here: an `X-Request-ID` sent by the client is not taken over, since
it would let a caller choose the id the audit trail records for their changes.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

HEADER = "X-Request-ID"

_current: ContextVar[str | None] = ContextVar("request_id", default=None)


def current_request_id() -> str | None:
    """The id of the request being served, or None outside a request."""
    return _current.get()


def new_request_id() -> str:
    return uuid.uuid4().hex


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = new_request_id()
        request.request_id = request_id  # type: ignore[attr-defined]
        token = _current.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        response[HEADER] = request_id
        return response
