"""The database backend: Django's PostgreSQL backend whose cursors put the current
row-level security scope (`apps.core.dbscope.current_scope`) in front of each statement.

1. A plain cursor (client-side binding, Django's default with psycopg 3) sends
   `SELECT set_config(…, true); <statement>` as one query: the settings live in the
   statement's own transaction (an implicit one in autocommit mode), and the cursor is
   moved to the statement's results. This sits below Django's execute wrappers, so a
   wrapper that prefixes statements too (pghistory's context) sees the statement as
   it was written.
2. Only statements that read or write rows get the prefix (SELECT, INSERT, UPDATE,
   DELETE, WITH, EXPLAIN …): DDL, savepoints and VACUUM keep running on their own.
3. A named cursor (`QuerySet.iterator()`) and `executemany` cannot take a prefix: the
   settings go first in a statement of their own — transaction-local inside a
   transaction; for the session in autocommit mode, where the holdable cursor is
   filled when its DECLARE commits, and reset right after.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db.backends.postgresql import base as _postgresql

from apps.core.dbscope import NO_SCOPE, current_scope

postgresql: Any = _postgresql  # the type stubs know only part of the module

SCOPED_STATEMENTS = ("select", "insert", "update", "delete", "with", "explain", "values", "merge")
RESET_SQL = NO_SCOPE.session_sql()


def _needs_scope(query: Any) -> bool:
    if isinstance(query, bytes):
        query = query[:16].decode(errors="ignore")
    if not isinstance(query, str):
        return False
    return query.lstrip()[:8].lower().startswith(SCOPED_STATEMENTS)


def _prefixed(query: str | bytes) -> str | bytes:
    prefix = current_scope().settings_sql() + "; "
    return prefix.encode() + query if isinstance(query, bytes) else prefix + query


class ScopedCursor(postgresql.Cursor):  # type: ignore[misc]
    """Step 1, and step 3 for `executemany`."""

    def execute(self, query: Any, params: Any = None, **kwargs: Any) -> Any:
        if not _needs_scope(query):
            return super().execute(query, params, **kwargs)
        super().execute(_prefixed(query), params, **kwargs)
        while self.nextset():
            pass
        return self

    def executemany(self, query: Any, params_seq: Any, **kwargs: Any) -> Any:
        if not _needs_scope(query):
            return super().executemany(query, params_seq, **kwargs)
        with _scope_set_apart(self.connection):
            return super().executemany(query, params_seq, **kwargs)


class ScopedServerSideCursor(postgresql.ServerSideCursor):  # type: ignore[misc]
    """Step 3 for named cursors."""

    def execute(self, query: Any, params: Any = None, **kwargs: Any) -> Any:
        with _scope_set_apart(self.connection):
            return super().execute(query, params, **kwargs)


@contextmanager
def _scope_set_apart(connection: Any) -> Iterator[None]:
    session = bool(connection.autocommit)
    scope = current_scope()
    with connection.cursor() as cursor:
        postgresql.Cursor.execute(cursor, scope.session_sql() if session else scope.settings_sql())
    try:
        yield
    finally:
        if session and not connection.closed:
            with connection.cursor() as cursor:
                postgresql.Cursor.execute(cursor, RESET_SQL)


class DatabaseWrapper(_postgresql.DatabaseWrapper):
    def get_connection_params(self) -> dict[str, Any]:
        if self.settings_dict["OPTIONS"].get("server_side_binding") is True:
            raise ImproperlyConfigured(
                "apps.core.postgres prefixes statements with their row-level security "
                "scope, which needs client-side binding: remove server_side_binding."
            )
        params: dict[str, Any] = super().get_connection_params()
        params["cursor_factory"] = ScopedCursor
        return params

    def create_cursor(self, name: str | None = None) -> Any:
        if not name:
            return super().create_cursor(name)
        cursor = ScopedServerSideCursor(
            self.connection, name=name, scrollable=False, withhold=self.connection.autocommit
        )
        tzloader = self.connection.adapters.get_loader(
            postgresql.TIMESTAMPTZ_OID, postgresql.Format.TEXT
        )
        if self.timezone != tzloader.timezone:
            postgresql.register_tzloader(self.timezone, cursor)
        return cursor
