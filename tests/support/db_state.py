"""What a forbidden write must not change, read in ONE query.

The tenancy matrix compares the database before and after every write it expects to be
refused. Reading that state model by model cost some sixty queries a time, twice per
refused write, thousands of times a run; `read_state` asks PostgreSQL for all of it in a
single statement (a scalar subquery per entry) and answers the same values the ORM did:

* `stamped` models: (row count, latest `updated_at`);
* `counted` models (or a (model, filter SQL) pair): the row count;
* `listed` models: the sorted rows of the named fields.

The query runs on the test's connection, in the test's database scope (the system scope:
every school's rows), like the ORM queries it replaces.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import connection
from django.db.models import Model

ModelType = type[Model]


def _table(model: ModelType) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _column(model: ModelType, field: str) -> str:
    return connection.ops.quote_name(model._meta.get_field(field).column)


def _stamped_sql(model: ModelType) -> str:
    latest = _column(model, "updated_at")
    return f"SELECT json_build_array(count(*), max({latest})) FROM {_table(model)}"  # noqa: S608


def _counted_sql(model: ModelType, where: str = "") -> str:
    where = f" WHERE {where}" if where else ""
    return f"SELECT count(*) FROM {_table(model)}{where}"  # noqa: S608 - the tests' own names


def _listed_sql(model: ModelType, fields: tuple[str, ...]) -> str:
    columns = ", ".join(_column(model, f) for f in fields)
    rows = f"json_agg(json_build_array({columns}) ORDER BY {columns})"
    return f"SELECT coalesce({rows}, '[]') FROM {_table(model)}"  # noqa: S608 - the tests' own names


def read_state(
    *,
    stamped: Iterable[ModelType],
    counted: Mapping[str, ModelType | tuple[ModelType, str]],
    listed: Mapping[str, tuple[ModelType, tuple[str, ...]]],
) -> dict[str, Any]:
    """The state of the named tables, keyed by model name (stamped) or by the given keys."""
    entries: list[tuple[str, str]] = [(m.__name__, _stamped_sql(m)) for m in stamped]
    for key, spec in counted.items():
        model, where = spec if isinstance(spec, tuple) else (spec, "")
        entries.append((key, _counted_sql(model, where)))
    entries += [(key, _listed_sql(model, fields)) for key, (model, fields) in listed.items()]
    sql = "SELECT " + ", ".join(f"({query})" for _, query in entries)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        row = cursor.fetchone()
    return {key: _plain(value) for (key, _), value in zip(entries, row, strict=True)}


def _plain(value: Any) -> Any:
    """JSON arrays as tuples (comparable, readable in a failing diff)."""
    if isinstance(value, list):
        return tuple(_plain(v) for v in value)
    return value
