"""Row-level security scope: whose personal data the current unit of work may read.

The personal-data tables (docs/operations.md, 数据库角色) have PostgreSQL row-level
security for the app role: a row is visible, and may be written, only when the
transaction's settings allow its school or district —

* `app.school_ids`   the schools of the work, comma-separated ids;
* `app.district_ids` the districts of the work (every school in them);
* `app.scope`        `system` for background jobs and commands: every school.

With none of them set the app role reads nothing there. Here is the mechanism that sets
them; who gets which scope is decided once, at the edges:

1. a web request: `apps.tenancy.scope.DbScopeMiddleware` — the schools and districts of
   the user's memberships (resolved when the first query needs them, so a DRF token
   user counts too), `system` for a superuser (Django admin), nothing for a stranger;
2. a Celery task: `system`, set around every task by the signals below (eager tasks
   too, restored afterwards to the request's scope);
3. a management command: `system` as the process default (`AppConfig.ready` calls
   `use_command_default`), except `runserver`, whose requests take step 1;
4. anything else (a thread of its own, code after a response was sent): nothing.

Every statement carries its scope: the database backend (`apps.core.postgres`) prefixes
each SELECT/INSERT/UPDATE/DELETE with `SELECT set_config(…, true)` for the current
scope, so the settings are local to the statement's transaction, hold in autocommit
mode, and never leak to the next user of a pooled connection. Named (server-side)
cursors and `executemany` cannot take a prefix: they get the settings by a statement of
their own just before (see the backend).

Row-level security is defence in depth against a forgotten filter, not against a hostile
app session (which may set any of these settings); the app role's inability to rewrite
the ledger or results does not depend on it.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class DbScope:
    """The schools and districts a unit of work may read, or every school (`system`)."""

    school_ids: frozenset[int] = frozenset()
    district_ids: frozenset[int] = frozenset()
    system: bool = False

    @classmethod
    def of(cls, *, schools: Iterable[int] = (), districts: Iterable[int] = ()) -> DbScope:
        return cls(frozenset(int(s) for s in schools), frozenset(int(d) for d in districts))

    def settings_sql(self) -> str:
        """One SELECT setting the three transaction-local values (ids are ints, so the
        literals are safe; no placeholder, so a caller's `%` stays untouched)."""
        return (
            f"SELECT set_config('app.scope', '{'system' if self.system else ''}', true), "
            f"set_config('app.school_ids', '{_ids(self.school_ids)}', true), "
            f"set_config('app.district_ids', '{_ids(self.district_ids)}', true)"
        )

    def session_sql(self) -> str:
        """The same values for the session (for a statement that cannot be prefixed)."""
        return self.settings_sql().replace(", true)", ", false)")


def _ids(ids: frozenset[int]) -> str:
    return ",".join(str(int(i)) for i in sorted(ids))


NO_SCOPE = DbScope()
SYSTEM = DbScope(system=True)

# What the current unit of work reads: a scope, or a resolver called when a statement
# needs it (a request's user is known only once authentication has run).
ScopeSource = DbScope | Callable[[], DbScope]
_current: ContextVar[ScopeSource | None] = ContextVar("db_scope", default=None)
_resolving: ContextVar[bool] = ContextVar("db_scope_resolving", default=False)
_process_default: list[DbScope] = [NO_SCOPE]


def current_scope() -> DbScope:
    """The scope the next statement runs in. A resolver's own queries (memberships, say)
    run with no scope: none of them reads a personal-data table."""
    source = _current.get()
    if source is None:
        return _process_default[0]
    if isinstance(source, DbScope):
        return source
    if _resolving.get():
        return NO_SCOPE
    token = _resolving.set(True)
    try:
        return source()
    finally:
        _resolving.reset(token)


@contextmanager
def db_scope(source: ScopeSource | None) -> Iterator[None]:
    """Run the block in `source`'s scope (None: the process default); the previous one is
    restored afterwards."""
    token = _current.set(source)
    try:
        yield
    finally:
        _current.reset(token)


def system_scope() -> Any:
    """Every school: background jobs, commands, the synthetic data generator."""
    return db_scope(SYSTEM)


def school_scope(*school_ids: int) -> Any:
    return db_scope(DbScope.of(schools=school_ids))


def set_process_default(scope: DbScope) -> None:
    """The scope of code outside any `db_scope` block in this process."""
    _process_default[0] = scope


# Commands whose work is not a command's: their requests take the request's scope.
SERVING_COMMANDS = frozenset({"runserver"})


def use_command_default(argv: list[str] | None = None) -> None:
    """Step 3: a `manage.py` command (but not a server) runs in the system scope."""
    argv = sys.argv if argv is None else argv
    if len(argv) > 1 and argv[0].endswith("manage.py") and argv[1] not in SERVING_COMMANDS:
        set_process_default(SYSTEM)


# Step 2: every Celery task in the system scope, the caller's scope restored after it.
_task_tokens: dict[str, list[Token[ScopeSource | None]]] = {}


def task_started(task_id: str | None = None, **_kwargs: Any) -> None:
    _task_tokens.setdefault(task_id or "", []).append(_current.set(SYSTEM))


def task_ended(task_id: str | None = None, **_kwargs: Any) -> None:
    tokens = _task_tokens.get(task_id or "")
    if tokens:
        token = tokens.pop()
        try:
            _current.reset(token)
        except ValueError:  # ended in another context than it started: leave no scope
            _current.set(None)
        if not tokens:
            _task_tokens.pop(task_id or "", None)


def connect_task_signals() -> None:
    from celery.signals import task_postrun, task_prerun  # noqa: PLC0415

    task_prerun.connect(task_started, weak=False, dispatch_uid="core.dbscope.task_started")
    task_postrun.connect(task_ended, weak=False, dispatch_uid="core.dbscope.task_ended")
