"""Set up the local database for `make db`: the two roles, the database, its owner.

1. Connect as the server's administrator (DATABASE_ADMIN_URL; by default the local
   `postgres` superuser on DATABASE_URL's host and port, which trusts loopback here).
2. Create the schema owner (MIGRATE_DATABASE_URL's user) and the app role (DATABASE_URL's
   user), or put their attributes right (apps/core/dbroles.py) — idempotent.
3. Create the database named by DATABASE_URL, owned by the owner; a database made before
   the roles existed is handed to the owner with everything in it.
4. Grant the app role its privileges (the migrations, run next as the owner, keep them
   up to date as default privileges).

With one URL for both (DATABASE_URL naming a superuser, as an old `.env` does) it only
creates the database, as before, and says that the app runs with too much power.
"""

import os
import sys
from pathlib import Path

import environ
import psycopg
from psycopg import sql

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
from apps.core import dbroles  # noqa: E402

environ.Env.read_env(BASE_DIR / ".env", overwrite=False)
app_url = os.environ.get("DATABASE_URL", "postgres://homeroom_app@127.0.0.1:5432/homeroom")
app = environ.Env.db_url_config(app_url)
owner = environ.Env.db_url_config(os.environ.get("MIGRATE_DATABASE_URL", app_url))
name = app["NAME"]
server = {"host": app.get("HOST") or "127.0.0.1", "port": app.get("PORT") or 5432}
admin_url = os.environ.get("DATABASE_ADMIN_URL")
admin = environ.Env.db_url_config(admin_url) if admin_url else {"USER": "postgres"}
admin_params = {
    **server,
    "user": admin.get("USER") or "postgres",
    "password": admin.get("PASSWORD") or None,
    "autocommit": True,
    "connect_timeout": 5,
}


def log(message: str) -> None:
    print(f"[db] {message}")  # noqa: T201


def ensure_database(connection: psycopg.Connection, owner_role: str | None) -> None:
    exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
    if exists:
        return
    statement = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
    if owner_role:
        statement = sql.SQL("{} OWNER {}").format(statement, sql.Identifier(owner_role))
    connection.execute(statement)
    log(f"created database {name}")


def main() -> None:
    two_roles = owner["USER"] != app["USER"]
    try:
        with psycopg.connect(**admin_params, dbname="postgres") as connection:
            if two_roles:
                passwords = {
                    role["USER"]: role["PASSWORD"] for role in (owner, app) if role.get("PASSWORD")
                }
                created = dbroles.ensure_roles(
                    connection, owner=owner["USER"], app=app["USER"], passwords=passwords
                )
                for role in created:
                    log(f"created role {role}")
            ensure_database(connection, owner["USER"] if two_roles else None)
        if not two_roles:
            log(f"DATABASE_URL and MIGRATE_DATABASE_URL are one role ({app['USER']}): the app "
                "owns its tables; see docs/operations.md (数据库角色) to split them")  # fmt: skip
            return
        with psycopg.connect(**admin_params, dbname=name) as connection:
            moved = dbroles.adopt_database(connection, owner=owner["USER"])
            if moved:
                log(f"handed {moved} objects of {name} to {owner['USER']}")
            connection.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC")
            dbroles.grant_app_role(connection, owner=owner["USER"], app=app["USER"])
    except psycopg.OperationalError as exc:
        sys.exit(f"[db] cannot reach PostgreSQL at {server['host']}:{server['port']}: {exc}")
    except psycopg.errors.InsufficientPrivilege as exc:
        sys.exit(
            f"[db] {admin_params['user']} may not create roles or databases: {exc}. "
            "Set DATABASE_ADMIN_URL to a role that may (docs/operations.md, 数据库角色)."
        )


main()
