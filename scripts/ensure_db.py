"""Create the application database named by DATABASE_URL when it does not exist yet."""

import os
import sys
from pathlib import Path

import environ
import psycopg
from psycopg import sql

BASE_DIR = Path(__file__).resolve().parent.parent
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)
url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/homeroom")
config = environ.Env.db_url_config(url)
name = config["NAME"]
params = {
    "host": config.get("HOST") or "127.0.0.1",
    "port": config.get("PORT") or 5432,
    "user": config.get("USER") or "postgres",
    "password": config.get("PASSWORD") or None,
    "dbname": "postgres",
    "autocommit": True,
    "connect_timeout": 5,
}
try:
    with psycopg.connect(**params) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"[db] created database {name}")  # noqa: T201
except psycopg.OperationalError as exc:
    sys.exit(f"[db] cannot reach PostgreSQL at {params['host']}:{params['port']}: {exc}")
