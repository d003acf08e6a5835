"""How the generator writes its rows.

People and evidence (thousands of rows) go through `bulk_create` in batches. Training
(millions of rows) goes through PostgreSQL COPY — `apps.core.bulk.copy_rows`, and for the
ledger `apps.training.services.ledger_copy` — with ids reserved from the tables' identity
sequences first, so that a row can name another written in the same COPY round (a ledger
row its attendance, external record or the row it reverses).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db import connection, models

from apps.core.dbroles import SchemaOwnerRequiredError, as_schema_owner

BATCH = 2000


def bulk(model: type[models.Model], rows: Iterable[models.Model]) -> list[Any]:
    """`bulk_create` in batches of `BATCH`; returns the saved rows (with their ids)."""
    return model._default_manager.bulk_create(list(rows), batch_size=BATCH)


def reserve(model: type[models.Model], count: int) -> Iterator[int]:
    """`count` ids from the table's identity sequence (one query), for rows written by COPY."""
    if count <= 0:
        return iter(())
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [model._meta.db_table, count],
        )
        return iter([row[0] for row in cursor.fetchall()])


def as_block(lines: list[str]) -> list[str]:
    """COPY lines as one block, for `copy_rows` / `ledger_copy`, which write a str row as
    it is: one write per table and school instead of one per line keeps psycopg's cost per
    write call (≈1 µs, some 4 s over the bench's 4M attendance and ledger rows) out of the
    generator. The callers count the lines themselves."""
    return ["".join(lines)] if lines else []


def tenths(h10: int) -> str:
    """Hours kept in tenths (integer arithmetic for millions of rows) as COPY's decimal."""
    sign = "-" if h10 < 0 else ""
    h10 = abs(h10)
    return f"{sign}{h10 // 10}.{h10 % 10}"


@dataclass(frozen=True)
class ForeignKey:
    table: str
    name: str
    definition: str  # pg_get_constraintdef: FOREIGN KEY (…) REFERENCES …(…) DEFERRABLE …


_FOREIGN_KEYS = """
SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid)
FROM pg_constraint WHERE contype = 'f' AND conrelid = ANY(%s::regclass[]) ORDER BY 1, 2
"""


def suspend_foreign_keys(tables: Iterable[type[models.Model]]) -> list[ForeignKey]:
    """Drop the foreign keys of the tables COPY fills, inside the generator's transaction,
    so millions of rows do not queue one deferred check each (533 of 789 s once);
    `validate_foreign_keys` puts every one back, exactly as defined, and validates it in
    one pass per key before the commit — a row that breaks one fails the whole command,
    as the deferred check would. Only the tables' owner may (`as_schema_owner`): for
    another role nothing is dropped ([]) and the deferred checks do the work. The keys
    are gone only inside this transaction, which holds the tables locked until it ends:
    the generator is for benchmark and planning databases."""
    names = [model._meta.db_table for model in tables]
    with connection.cursor() as cursor:
        cursor.execute(_FOREIGN_KEYS, [names])
        keys = [ForeignKey(*row) for row in cursor.fetchall()]
    try:
        with as_schema_owner(names[0]), connection.cursor() as cursor:
            for key in keys:
                cursor.execute(f'ALTER TABLE {key.table} DROP CONSTRAINT "{key.name}"')
    except SchemaOwnerRequiredError:
        return []
    return keys


def validate_foreign_keys(keys: Iterable[ForeignKey]) -> None:
    """Re-create the keys `suspend_foreign_keys` dropped and validate each over its table."""
    keys = list(keys)
    if not keys:
        return
    with as_schema_owner(keys[0].table), connection.cursor() as cursor:
        for key in keys:
            cursor.execute(
                f'ALTER TABLE {key.table} ADD CONSTRAINT "{key.name}" {key.definition} NOT VALID'
            )
            cursor.execute(f'ALTER TABLE {key.table} VALIDATE CONSTRAINT "{key.name}"')


def check_deferred_constraints() -> None:
    """Check the deferred foreign keys now, not at the commit, so their time is shown."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def analyze(tables: Iterable[type[models.Model]]) -> None:
    """Fresh planner statistics for the tables just filled (outside the transaction)."""
    with connection.cursor() as cursor:
        for model in tables:
            cursor.execute(f'ANALYZE "{model._meta.db_table}"')
