"""The two database roles (docs/operations.md, 数据库角色): the schema owner, who runs the
migrations, and the app role, which owns nothing.

The app role logs in (LOGIN) but is NOSUPERUSER, NOCREATEDB, NOCREATEROLE, NOBYPASSRLS
and NOINHERIT; it holds SELECT, INSERT, UPDATE and DELETE on the tables and USAGE on the
sequences, granted directly and as default privileges of the owner (so the tables of
later migrations are granted too) — no TRUNCATE, no TRIGGER, no REFERENCES. Not owning a
table, it cannot disable or drop its triggers; not a superuser, it cannot set
`session_replication_role`. What only the owner may do (delete ledger rows or results
when a synthetic district is replaced) is done inside `as_schema_owner`.

The module has no Django import at the top: `scripts/ensure_db.py` uses the SQL helpers
over a plain psycopg connection before Django is set up.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any

from psycopg import errors, sql

# Created, and kept so, by `ensure_roles` (the owner may log in too: it runs migrate).
APP_ROLE_ATTRIBUTES = (
    "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS NOINHERIT NOREPLICATION"
)
OWNER_ROLE_ATTRIBUTES = "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS NOREPLICATION"
TABLE_PRIVILEGES = "SELECT, INSERT, UPDATE, DELETE"


def ensure_roles(
    connection: Any, *, owner: str, app: str, passwords: dict[str, str] | None = None
) -> list[str]:
    """Create the owner and app roles, or put their attributes right; returns the roles
    created. Needs a role that may create roles (the local superuser)."""
    created = []
    for role, attributes in ((owner, OWNER_ROLE_ATTRIBUTES), (app, APP_ROLE_ATTRIBUTES)):
        password = (passwords or {}).get(role)
        current = connection.execute(_ATTRIBUTES, [role]).fetchone()
        if current is not None and current[0] == attributes and not password:
            continue  # as it should be: no ALTER (concurrent ALTERs of one role collide)
        verb = "ALTER" if current is not None else "CREATE"
        statement = sql.SQL(f"{verb} ROLE {{}} {attributes}").format(sql.Identifier(role))
        if password:
            statement = sql.SQL("{} PASSWORD {}").format(statement, sql.Literal(password))
        try:
            connection.execute(statement)
        except (errors.DuplicateObject, errors.UniqueViolation):
            continue  # created by a concurrent session meanwhile (another test worker)
        if current is None:
            created.append(role)
    return created


# A role's attributes, spelt as the constants above spell them.
_ATTRIBUTES = """
SELECT concat_ws(' ',
    CASE WHEN rolcanlogin THEN 'LOGIN' ELSE 'NOLOGIN' END,
    CASE WHEN rolsuper THEN 'SUPERUSER' ELSE 'NOSUPERUSER' END,
    CASE WHEN rolcreatedb THEN 'CREATEDB' ELSE 'NOCREATEDB' END,
    CASE WHEN rolcreaterole THEN 'CREATEROLE' ELSE 'NOCREATEROLE' END,
    CASE WHEN rolbypassrls THEN 'BYPASSRLS' ELSE 'NOBYPASSRLS' END,
    CASE WHEN rolinherit THEN NULL ELSE 'NOINHERIT' END,
    CASE WHEN rolreplication THEN 'REPLICATION' ELSE 'NOREPLICATION' END)
FROM pg_roles WHERE rolname = %s
"""


# Objects of the public schema that the owner does not own yet (a database migrated by
# the superuser before the roles existed); members of an extension stay the extension's.
_NOT_OWNED = """
SELECT c.relkind::text, format('%%I.%%I', n.nspname, c.relname)
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
  AND pg_get_userbyid(c.relowner) <> %(owner)s
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('e', 'i', 'a'))
UNION ALL
SELECT 'function', p.oid::regprocedure::text
FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE n.nspname = 'public' AND pg_get_userbyid(p.proowner) <> %(owner)s
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
"""
_ALTER = {"r": "TABLE", "p": "TABLE", "v": "VIEW", "m": "MATERIALIZED VIEW", "S": "SEQUENCE"}
_ALTER["f"] = "FOREIGN TABLE"


def adopt_database(connection: Any, *, owner: str) -> int:
    """Make `owner` own the connected database and everything of its public schema
    (run by the superuser); returns how many objects changed hands."""
    database = connection.execute("SELECT current_database()").fetchone()[0]
    connection.execute(
        sql.SQL("ALTER DATABASE {} OWNER TO {}").format(
            sql.Identifier(database), sql.Identifier(owner)
        )
    )
    rows = connection.execute(_NOT_OWNED, {"owner": owner}).fetchall()
    for kind, name in rows:
        what = "FUNCTION" if kind == "function" else _ALTER[kind]
        # `name` comes quoted from format('%I.%I') / regprocedure.
        connection.execute(
            sql.SQL(f"ALTER {what} {name} OWNER TO {{}}").format(sql.Identifier(owner))
        )
    return len(rows)


def grant_statements(*, owner: str, app: str, database: str | None = None) -> list[sql.Composed]:
    """The app role's privileges: on what exists now, and as the owner's default
    privileges on what later migrations create."""
    ids = {"owner": sql.Identifier(owner), "app": sql.Identifier(app)}
    statements = [
        "GRANT USAGE ON SCHEMA public TO {app}",
        f"GRANT {TABLE_PRIVILEGES} ON ALL TABLES IN SCHEMA public TO {{app}}",
        "GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {app}",
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {{owner}} IN SCHEMA public "
        f"GRANT {TABLE_PRIVILEGES} ON TABLES TO {{app}}",
        "ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA public "
        "GRANT USAGE ON SEQUENCES TO {app}",
    ]
    composed = [sql.SQL(s).format(**ids) for s in statements]
    if database:
        composed.insert(
            0,
            sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(
                sql.Identifier(database), ids["app"]
            ),
        )
    return composed


def grant_app_role(connection: Any, *, owner: str, app: str) -> None:
    """Apply `grant_statements` on a psycopg connection to the database."""
    database = connection.execute("SELECT current_database()").fetchone()[0]
    for statement in grant_statements(owner=owner, app=app, database=database):
        connection.execute(statement)


def role_exists(cursor: Any, role: str) -> bool:
    cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
    return cursor.fetchone() is not None


def grant_after_migrate(using: str = "default", **_kwargs: Any) -> None:
    """`post_migrate`: grant the app role (settings.DATABASE_APP_ROLE) what the migrating
    role owns — again after every migrate, so a table made before the role existed is
    covered too. Nothing to do when the app migrates as itself (one role for both)."""
    from django.conf import settings  # noqa: PLC0415
    from django.db import connections  # noqa: PLC0415

    app = getattr(settings, "DATABASE_APP_ROLE", "")
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT current_user")
        owner = cursor.fetchone()[0]
        if not app or app == owner or not role_exists(cursor, app):
            return
        for statement in grant_statements(owner=owner, app=app):
            cursor.execute(statement.as_string(cursor.cursor))


class SchemaOwnerRequiredError(PermissionError):
    """The session may not act as the schema owner (it logged in as the app role)."""


@contextmanager
def as_schema_owner(table: str, *, using: str = "default") -> Iterator[None]:
    """Act as the owner of `table` for the block, inside the caller's transaction
    (`SET LOCAL ROLE`), then as before. Only a session that logged in as the owner (or a
    superuser, as the test suite does) may; the app role gets `SchemaOwnerRequiredError`."""
    from django.db import DatabaseError, connections, transaction  # noqa: PLC0415

    connection = connections[using]
    if not connection.in_atomic_block:
        raise RuntimeError("as_schema_owner() runs inside transaction.atomic()")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_user, pg_get_userbyid(relowner) FROM pg_class WHERE oid = %s::regclass",
            [table],
        )
        current, owner = cursor.fetchone()
        if current == owner:
            yield
            return
        try:
            with transaction.atomic(using=using):
                cursor.execute(f"SET LOCAL ROLE {connection.ops.quote_name(owner)}")
        except DatabaseError as exc:
            raise SchemaOwnerRequiredError(
                f"only the schema owner ({owner}) may do this; this session is {current}"
            ) from exc
        back = f"SET LOCAL ROLE {connection.ops.quote_name(current)}"
        try:
            yield
        except BaseException:
            with suppress(DatabaseError):  # an aborted transaction is rolled back anyway
                cursor.execute(back)
            raise
        cursor.execute(back)
