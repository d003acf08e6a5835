"""The seeded demo, built once per test process and copied back after that.

`seed_demo()` takes half a minute (two districts, a compliance run, reports); the browser
journeys each need it in a database of their own (transactional tests, flushed after each
one). The first journey of a process seeds it for real and copies every table out
(`COPY … TO STDOUT`, binary, as the login role: row-level security does not hide rows
from it); each later one empties the tables (DELETE, as the flush does) and copies them
back in a second or two, with the triggers off (`session_replication_role = replica`:
the history tables are copied as they were, not written again). Ids are the first
seed's — the sequences, never reset by the flush, are already past them — and the
content types are the snapshot's, so Django's cache of them is cleared.
"""

from __future__ import annotations

import psycopg
from django.contrib.contenttypes.models import ContentType
from psycopg import sql

from apps.core.jobs import job_kinds
from apps.core.models import JobState
from apps.core.queue import send, task_named
from apps.demo.seed import seed_demo
from tests.support.db_roles import login_params

_SNAPSHOT: dict[str, bytes] = {}
# The debounce records of the seed's automatic recomputes: the seed's compliance run
# has judged its data; a copied record would only park a later change's recompute
# behind a message that is not in the broker any more (apps.compliance.services).
_NOT_COPIED = frozenset({"compliance_recomputerequest"})
# A binary COPY of an empty table is its header and trailer only.
_EMPTY_COPY = 21


def seeded_demo() -> None:
    """The demo world in an empty (flushed) test database."""
    if not _SNAPSHOT:
        seed_demo()
        _SNAPSHOT.update(_dump())
        return
    _restore(_SNAPSHOT)
    ContentType.objects.clear_cache()
    _send_pending_jobs()


def _send_pending_jobs() -> None:
    """The seed sent a task for each job it left pending (the district's PDFs): the copy
    has the rows, not the messages — send them again, as the seed did, so a later request
    for the same work is not parked behind a job no worker will ever get."""
    for kind in job_kinds():
        pending = kind.model._default_manager.filter(state=JobState.PENDING).order_by("pk")
        for pk in pending.values_list("pk", flat=True):
            send(task_named(kind.task), kind.args(pk))


def _tables(conn: psycopg.Connection[tuple[str]]) -> list[str]:
    rows = conn.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
        "AND tablename <> 'django_migrations' ORDER BY tablename"
    ).fetchall()
    return [row[0] for row in rows]


def _dump() -> dict[str, bytes]:
    copied: dict[str, bytes] = {}
    with psycopg.connect(**login_params()) as conn:
        for table in _tables(conn):
            statement = sql.SQL("COPY {} TO STDOUT (FORMAT binary)").format(sql.Identifier(table))
            with conn.cursor().copy(statement) as copy:
                data = b"".join(bytes(chunk) for chunk in copy)
            if len(data) > _EMPTY_COPY and table not in _NOT_COPIED:
                copied[table] = data
    return copied


def _restore(snapshot: dict[str, bytes]) -> None:
    with psycopg.connect(**login_params()) as conn, conn.transaction():
        conn.execute("SET LOCAL session_replication_role = replica")
        for table in _tables(conn):  # the flush's post_migrate rows (content types …)
            conn.execute(sql.SQL("DELETE FROM {}").format(sql.Identifier(table)))
        for table, data in snapshot.items():
            statement = sql.SQL("COPY {} FROM STDIN (FORMAT binary)").format(sql.Identifier(table))
            with conn.cursor().copy(statement) as copy:
                copy.write(data)
