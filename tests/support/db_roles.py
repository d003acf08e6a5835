"""The suite works as the app role, as production does (docs/operations.md, 数据库角色).

1. The test database is created and migrated by the login role (the local superuser, who
   may create databases), as pytest-django does it.
2. `work_as_app_role` then makes sure both roles exist, hands the database and its
   objects to the owner role, grants the app role its privileges, and has every new
   connection of the `default` alias `SET ROLE` to the app role (Django's
   `assume_role`): each test meets the app role's privileges, the triggers it cannot
   switch off and row-level security.
3. What only the test machinery needs beyond that runs as the login role again, and as
   the app role right after: the flush after a transactional test (a DELETE of every
   table with the triggers off, and the post_migrate handlers that follow it), and the
   schema editor the kit tests use to create their sample tables.
4. Test code outside a request (factories, assertions) runs in the system scope; a
   request made through the test client gets its user's scope from the middleware.
"""

from __future__ import annotations

from typing import Any

import psycopg
from django.conf import settings
from django.core.management.commands import flush
from django.core.management.sql import emit_post_migrate_signal
from django.db import connections, transaction
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

from apps.core import dbroles

APP_ROLE: str = settings.DATABASE_APP_ROLE
OWNER_ROLE: str = settings.DATABASE_OWNER_ROLE


def login_params(dbname: str | None = None) -> dict[str, Any]:
    """psycopg parameters of the login role (the suite's DATABASE_URL user)."""
    db = connections["default"].settings_dict
    return {
        "host": db["HOST"] or "127.0.0.1",
        "port": db["PORT"] or 5432,
        "user": db["USER"],
        "password": db["PASSWORD"] or None,
        "dbname": dbname or db["NAME"],
        "autocommit": True,
    }


def role_params(role: str) -> dict[str, Any]:
    """psycopg parameters that log in to the test database as `role` itself."""
    return {**login_params(), "user": role, "password": None}


def work_as_app_role() -> None:
    """Step 2."""
    with psycopg.connect(**login_params("postgres")) as admin:
        dbroles.ensure_roles(admin, owner=OWNER_ROLE, app=APP_ROLE)
    with psycopg.connect(**login_params()) as database:
        dbroles.adopt_database(database, owner=OWNER_ROLE)
        dbroles.grant_app_role(database, owner=OWNER_ROLE, app=APP_ROLE)
    connection = connections["default"]
    connection.close()
    connection.settings_dict["OPTIONS"]["assume_role"] = APP_ROLE
    _patch_flush_and_schema_editor()


def stop_working_as_app_role() -> None:
    """Before the test database is dropped (by the login role)."""
    connection = connections["default"]
    connection.close()
    connection.settings_dict["OPTIONS"].pop("assume_role", None)


def _patch_flush_and_schema_editor() -> None:
    if getattr(flush.Command, "_as_login_role", False):
        return
    handle = flush.Command.handle

    def flush_handle(self: Any, **options: Any) -> Any:
        """The flush and the post_migrate handlers after it (TRUNCATE, functions)."""
        connection = connections[options.get("database") or "default"]
        with connection.cursor() as cursor:
            cursor.execute("SET ROLE NONE")
        try:
            if options.get("reset_sequences", True) or options.get("interactive", True):
                return handle(self, **options)
            _delete_every_row(connection)  # a transactional test's teardown
            if not options.get("inhibit_post_migrate", False):
                emit_post_migrate_signal(options.get("verbosity", 0), False, connection.alias)
            return None
        finally:
            with connection.cursor() as cursor:
                cursor.execute(f"SET ROLE {connection.ops.quote_name(APP_ROLE)}")

    flush.Command.handle = flush_handle  # type: ignore[method-assign]
    flush.Command._as_login_role = True  # type: ignore[attr-defined]

    enter, exit_ = BaseDatabaseSchemaEditor.__enter__, BaseDatabaseSchemaEditor.__exit__

    def schema_enter(self: Any) -> Any:
        editor = enter(self)
        with self.connection.cursor() as cursor:
            cursor.execute("SET LOCAL ROLE NONE" if self.atomic_migration else "SET ROLE NONE")
        return editor

    def schema_exit(self: Any, exc_type: Any, exc_value: Any, traceback: Any) -> None:
        atomic = self.atomic_migration
        exit_(self, exc_type, exc_value, traceback)
        if exc_type is None and self.connection.settings_dict["OPTIONS"].get("assume_role"):
            with self.connection.cursor() as cursor:
                role = self.connection.ops.quote_name(APP_ROLE)
                if not atomic or self.connection.in_atomic_block:
                    cursor.execute(f"SET {'LOCAL ' if atomic else ''}ROLE {role}")

    BaseDatabaseSchemaEditor.__enter__ = schema_enter  # type: ignore[method-assign]
    BaseDatabaseSchemaEditor.__exit__ = schema_exit  # type: ignore[method-assign]


def _delete_every_row(connection: Any) -> None:
    """The flush after a transactional test, as DELETEs with the triggers off instead of
    one TRUNCATE of every table: TRUNCATE gives each of the several hundred tables (and
    their indexes) new files, seconds per test; a DELETE of an empty table costs nothing.
    The sequences are left as they are, as the TRUNCATE without RESTART left them."""
    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        for table in tables:
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")  # noqa: S608 - model tables


def create_test_tables(*models: Any) -> None:
    """Tables of test-only models (the kit's samples), made by the login role as migrations
    would make them and granted to the app role as `grant_app_role` grants every migrated
    table — else the suite, working as the app role, may not use them."""
    with connections["default"].schema_editor() as editor:
        role = editor.quote_name(APP_ROLE)
        for model in models:
            editor.create_model(model)
            table = editor.quote_name(model._meta.db_table)
            editor.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE {table} TO {role}")
        editor.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}")
