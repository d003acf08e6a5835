"""Backup and restore (docs/operations.md, 备份与恢复): `manage.py backup` / `restore`,
`make backup` / `make restore FILE=…`.

A backup is a folder `var/backups/<timestamp>/` with

* `database.dump` — `pg_dump --format=custom` of the database, taken as the schema owner
  (the `migrate` alias: row-level security hides nothing from the owner);
* `media.tar.gz` — `MEDIA_ROOT`, when anything is stored there;
* `manifest.json` — when, from which database and server, the row count of every table
  and the SHA-256 of each file.

1. The counts and the dump see the same moment: the counting transaction exports its
   snapshot and pg_dump reads through it (`--snapshot`).
2. A restore checks the files against the manifest, creates the named database (it
   refuses one that has tables already), restores into it as the owner in one
   transaction — without the dump's owners and grants, so the roles of the target server
   are the ones that count — grants the app role its privileges again
   (`apps.core.dbroles`), and compares every table's row count with the manifest.
3. Media are unpacked into `MEDIA_ROOT` only when asked (`--media`), never over a file
   that is there already.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import subprocess
import tarfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import psycopg
from psycopg import sql

from . import dbroles

DUMP, MEDIA, MANIFEST = "database.dump", "media.tar.gz", "manifest.json"


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what to do."""


@dataclass(frozen=True)
class Server:
    """Where and as whom the PostgreSQL tools connect."""

    host: str
    port: int
    user: str
    password: str
    dbname: str

    @classmethod
    def from_settings(cls, db: dict[str, Any]) -> Server:
        return cls(
            host=db.get("HOST") or "127.0.0.1",
            port=int(db.get("PORT") or 5432),
            user=db.get("USER") or "postgres",
            password=db.get("PASSWORD") or "",
            dbname=db["NAME"],
        )

    @classmethod
    def admin(cls, url: str, like: Server) -> Server:
        """DATABASE_ADMIN_URL, or the `postgres` superuser on `like`'s server."""
        if not url:
            return replace(like, user="postgres", password="", dbname="postgres")
        parts = urlsplit(url)
        return cls(
            host=parts.hostname or like.host,
            port=parts.port or like.port,
            user=parts.username or "postgres",
            password=parts.password or "",
            dbname=parts.path.lstrip("/") or "postgres",
        )

    def env(self) -> dict[str, str]:
        return {
            **os.environ,
            "PGHOST": self.host,
            "PGPORT": str(self.port),
            "PGUSER": self.user,
            "PGPASSWORD": self.password,
        }

    def connect(self, dbname: str | None = None, **kwargs: Any) -> psycopg.Connection[Any]:
        return psycopg.connect(
            host=self.host, port=self.port, user=self.user, password=self.password or None,
            dbname=dbname or self.dbname, **kwargs,
        )  # fmt: skip


def _tables(connection: psycopg.Connection[Any]) -> list[str]:
    rows = connection.execute(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') ORDER BY c.relname"
    ).fetchall()
    return [row[0] for row in rows]


def table_counts(connection: psycopg.Connection[Any]) -> dict[str, int]:
    """The row count of every table of the public schema."""
    counts = {}
    for table in _tables(connection):
        query = sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))
        counts[table] = connection.execute(query).fetchone()[0]  # type: ignore[index]
    return counts


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _run(command: list[str], server: Server) -> None:
    done = subprocess.run(command, env=server.env(), capture_output=True, text=True, check=False)  # noqa: S603 - fixed tool names, our own arguments
    if done.returncode != 0:
        raise BackupError(f"{command[0]} 失败（退出码 {done.returncode}）：{done.stderr.strip()}")


def backup(*, server: Server, media_root: Path, into: Path) -> Path:
    """Steps 1 and 3 of the module docstring; returns the new backup's folder."""
    folder = into / dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
    folder.mkdir(parents=True, exist_ok=False)
    with server.connect(autocommit=True) as connection:
        connection.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        snapshot = connection.execute("SELECT pg_export_snapshot()").fetchone()[0]  # type: ignore[index]
        _run(
            ["pg_dump", "--format=custom", f"--snapshot={snapshot}", f"--file={folder / DUMP}",
             server.dbname],
            server,
        )  # fmt: skip
        counts = table_counts(connection)
        version = connection.execute("SHOW server_version").fetchone()[0]  # type: ignore[index]
        connection.execute("ROLLBACK")
    files = [DUMP]
    if media_root.is_dir() and any(p.is_file() for p in media_root.rglob("*")):
        with tarfile.open(folder / MEDIA, "w:gz") as archive:
            archive.add(media_root, arcname=".")
        files.append(MEDIA)
    manifest = {
        "created_at": dt.datetime.now(dt.UTC).isoformat(),
        "database": server.dbname,
        "server_version": version,
        "tables": counts,
        "files": {name: _sha256(folder / name) for name in files},
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), "utf-8")
    return folder


def read_manifest(folder: Path) -> dict[str, Any]:
    """The manifest, after checking every file it names against its SHA-256."""
    path = folder / MANIFEST
    if not path.is_file():
        raise BackupError(f"{folder} 不是备份目录：缺 {MANIFEST}。请指向 var/backups/<时间>/。")
    manifest: dict[str, Any] = json.loads(path.read_text("utf-8"))
    for name, digest in manifest["files"].items():
        if not (folder / name).is_file() or _sha256(folder / name) != digest:
            raise BackupError(f"备份文件 {name} 缺失或已损坏（校验和不符），不能用它恢复。")
    return manifest


def _create_database(admin: Server, name: str, owner: str) -> None:
    with admin.connect(autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if exists.fetchone() is None:
            connection.execute(
                sql.SQL("CREATE DATABASE {} OWNER {}").format(
                    sql.Identifier(name), sql.Identifier(owner)
                )
            )
            return
    with admin.connect(dbname=name) as connection:
        if _tables(connection):
            raise BackupError(
                f"数据库 {name} 已存在且有数据表：恢复只写入新的或空的数据库，"
                "请换一个名字（DB=…）。"
            )


def restore(
    *,
    folder: Path,
    database: str,
    owner: Server,
    owner_role: str,
    app_role: str,
    admin: Server,
) -> dict[str, int]:
    """Step 2 of the module docstring; returns the restored tables' row counts."""
    manifest = read_manifest(folder)
    _create_database(admin, database, owner_role)
    _run(
        ["pg_restore", "--no-owner", "--no-acl", f"--role={owner_role}", "--single-transaction",
         "--exit-on-error", f"--dbname={database}", str(folder / DUMP)],
        owner,
    )  # fmt: skip
    with admin.connect(dbname=database, autocommit=True) as connection:
        connection.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC")
        if (
            app_role
            and app_role != owner_role
            and dbroles.role_exists(connection.cursor(), app_role)
        ):
            dbroles.grant_app_role(connection, owner=owner_role, app=app_role)
        counts = table_counts(connection)
    if counts != manifest["tables"]:
        wrong = sorted(
            t for t in {*counts, *manifest["tables"]} if counts.get(t) != manifest["tables"].get(t)
        )
        raise BackupError(f"恢复后的行数与备份清单不符：{', '.join(wrong)}。")
    return counts


def restore_media(folder: Path, media_root: Path) -> int:
    """Step 3: unpack the media archive into `media_root`; returns the files written."""
    if not (folder / MEDIA).is_file():
        return 0
    media_root.mkdir(parents=True, exist_ok=True)
    written = 0
    with tarfile.open(folder / MEDIA, "r:gz") as archive:
        for member in archive.getmembers():
            if member.isfile() and not (media_root / member.name).exists():
                archive.extract(member, media_root, filter="data")
                written += 1
    return written
