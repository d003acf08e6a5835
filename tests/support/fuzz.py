"""Schemathesis over the API as each persona (issue 8, point 6).

The schema is the app's own (`/api/schema/`, drf-spectacular), loaded through the WSGI app
inside the test's transaction; every generated request goes through the same WSGI app,
authenticated with the persona's API token, in a savepoint that is rolled back after the
example, so each example starts from the same seeded world (a DELETE of one example does not
empty the next one's table).

Every response must
1. not be a server error (5xx);
2. conform to the schema: a documented status code, content type, headers and body
   (Schemathesis's `response_schema_conformance` and friends);
3. carry nothing of the rows the persona may not read: no marker of another school
   (`MK-B1-` …, names, file names and file bytes carry them) and no id of another
   district's rows in a field that names one (`school`, `teacher`, the `id` of a teacher …).

Path parameters are pinned to the persona's own district, school and rows
(tests/support/fuzz_world.py), so reads reach 200 and not only 404; query parameters,
headers and bodies are generated, valid and invalid. (Foreign ids in paths, filters and
bodies are the cross-tenant matrix's part: tests/tenancy/test_matrix.py.)
"""

from __future__ import annotations

import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import hypothesis
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import got_request_exception, request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, Phase
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.support.leaks import Guard, leaks

# The personas of district A whose runs the issue asks for (one of each role).
ROLES = ("A.admin", "A.reviewer", "A1.leader", "A1.teacher")


def make_leak_check(guard: Guard) -> Callable[..., None]:
    def no_foreign_rows(ctx: Any, response: Any, case: Any) -> None:
        """No marker of a school the persona may not read, no id of the other district."""
        body = response.content.decode("utf-8", errors="replace")
        content_type = (response.headers.get("content-type") or [""])[0]
        found = leaks(body, case.operation.path, guard, json_body="json" in content_type)
        if found:
            raise AssertionError(f"{case.operation.label}: " + "; ".join(found))

    return no_foreign_rows


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


class InTestWSGI:
    """Django's WSGI app, for calls inside the test's transaction: like Django's test client,
    it keeps `close_old_connections` from closing the connection between requests."""

    def __init__(self) -> None:
        self.handler = WSGIHandler()
        self.last_error = ""  # the traceback of the last request that raised (a 500)

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        self.last_error = ""
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        got_request_exception.connect(self._record)
        try:
            return self.handler(environ, start_response)
        finally:
            got_request_exception.disconnect(self._record)
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)

    def _record(self, **kwargs: Any) -> None:
        self.last_error = traceback.format_exc()


def load_schema(app: InTestWSGI) -> Any:
    return schemathesis.openapi.from_wsgi("/api/schema/", app)


@dataclass
class Stats:
    operations: int = 0
    examples: int = 0
    seconds: float = 0.0
    skipped: int = 0  # operations a capped pass did not reach in time
    statuses: dict[int, int] = field(default_factory=dict)
    labels: list[str] = field(default_factory=list)  # the operations fuzzed
    reached: set[str] = field(default_factory=set)  # those that answered a 2xx at least once

    def line(self, who: str) -> str:
        codes = ", ".join(f"{k}: {v}" for k, v in sorted(self.statuses.items()))
        skipped = f"; the capped pass did not reach {self.skipped}" if self.skipped else ""
        return (
            f"schemathesis as {who}: {self.operations} operations, {self.examples} examples, "
            f"{self.seconds:.1f} s ({codes}){skipped}"
        )


@contextmanager
def rolled_back() -> Iterator[None]:
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def fuzz_operation(
    strategy: st.SearchStrategy[Any],
    *,
    app: InTestWSGI,
    token: str,
    checks: list[Any],
    max_examples: int,
    stats: Stats,
    derandomize: bool = True,
) -> None:
    headers = {"Authorization": f"Token {token}"}

    @hypothesis.settings(
        max_examples=max_examples,
        deadline=None,
        derandomize=derandomize,
        database=None,
        suppress_health_check=list(HealthCheck),
        phases=[Phase.explicit, Phase.generate, Phase.shrink],
        report_multiple_bugs=False,
    )
    @hypothesis.given(case=strategy)
    def run(case: Any) -> None:
        with rolled_back():
            response = case.call(app=app, headers=headers)
            stats.examples += 1
            stats.statuses[response.status_code] = stats.statuses.get(response.status_code, 0) + 1
            if response.status_code < 300:
                stats.reached.add(case.operation.label)
            try:
                case.validate_response(
                    response, checks=checks, headers=headers, transport_kwargs={"app": app}
                )
            except BaseExceptionGroup as failures:
                if app.last_error:
                    failures.add_note(app.last_error)
                raise

    started = time.monotonic()
    run()
    stats.seconds += time.monotonic() - started
