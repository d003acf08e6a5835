"""Points 1–2 of issue 8: the app connects as a role that owns nothing, and the ledger's
and the results' immutability hold against it.

Each attack an app session could try — the old purge flag, `session_replication_role`,
`DISABLE TRIGGER`, dropping or replacing the trigger, `TRUNCATE`, taking ownership,
becoming the owner — is made over a connection that logs in as the app role itself
(psycopg, to the test database); every one fails and the rows are unchanged.
"""

from __future__ import annotations

from typing import Any

import psycopg
import pytest
from django.db import connection, transaction

from apps.compliance.models import ComplianceResult
from apps.compliance.packs import load_all
from apps.compliance.services import run_execute, run_start
from apps.core.dbroles import SchemaOwnerRequiredError, as_schema_owner
from apps.core.schoolyear import current_school_year
from apps.training.models import LedgerEntry
from tests.personas import build_world
from tests.support.db_roles import APP_ROLE, OWNER_ROLE, login_params, role_params
from tests.training.rows import school_rows

# has_table_privilege with a list of privileges answers whether the role holds ANY.
MAY_USE = " AND ".join(
    f"has_table_privilege(%(r)s, %(t)s, '{p}')" for p in ("SELECT", "INSERT", "UPDATE", "DELETE")
)


@pytest.mark.django_db
def test_the_suite_works_as_the_app_role() -> None:
    """Every test meets the app role's privileges (tests/support/db_roles.py)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        assert cursor.fetchone()[0] == APP_ROLE


def test_the_app_role_owns_nothing_and_has_no_powers(django_db_setup: None) -> None:
    """LOGIN, NOSUPERUSER, NOCREATEDB, NOCREATEROLE, NOBYPASSRLS, NOINHERIT; owner of no
    object; on every table SELECT/INSERT/UPDATE/DELETE and never TRUNCATE, TRIGGER or
    REFERENCES (the history tables of the audit trail included)."""
    with psycopg.connect(**login_params()) as db:
        attributes = db.execute(
            "SELECT rolcanlogin, rolsuper, rolcreatedb, rolcreaterole, rolbypassrls, "
            "rolinherit FROM pg_roles WHERE rolname = %s",
            [APP_ROLE],
        ).fetchone()
        assert attributes == (True, False, False, False, False, False)
        owned = db.execute(
            "SELECT count(*) FROM pg_class WHERE relowner = %(r)s::regrole "
            "UNION ALL SELECT count(*) FROM pg_proc WHERE proowner = %(r)s::regrole "
            "UNION ALL SELECT count(*) FROM pg_namespace WHERE nspowner = %(r)s::regrole "
            "UNION ALL SELECT count(*) FROM pg_database WHERE datdba = %(r)s::regrole",
            {"r": APP_ROLE},
        ).fetchall()
        assert owned == [(0,), (0,), (0,), (0,)]
        rows = db.execute(
            "SELECT c.relname, " + MAY_USE.replace("%(t)s", "c.oid") + ","
            " has_table_privilege(%(r)s, c.oid, 'TRUNCATE, TRIGGER, REFERENCES'),"
            " pg_get_userbyid(c.relowner) "
            "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'public' AND c.relkind = 'r'",
            {"r": APP_ROLE},
        ).fetchall()
    assert len(rows) > 50
    assert any(name.endswith("history") for name, *_ in rows)
    assert {(may_use, may_wreck, owner) for _, may_use, may_wreck, owner in rows} == {
        (True, False, OWNER_ROLE)
    }


def test_a_table_of_a_later_migration_is_granted_to_the_app_role(django_db_setup: None) -> None:
    """Default privileges: a table the owner creates later is the app role's to use —
    and still not to truncate."""
    with psycopg.connect(**role_params(OWNER_ROLE)) as owner:
        owner.execute("BEGIN")
        owner.execute("CREATE TABLE later_migration (id bigint GENERATED ALWAYS AS IDENTITY)")
        granted = owner.execute(
            "SELECT " + MAY_USE + ","
            " has_table_privilege(%(r)s, 'later_migration', 'TRUNCATE'),"
            " has_sequence_privilege(%(r)s, 'later_migration_id_seq', 'USAGE')",
            {"r": APP_ROLE, "t": "later_migration"},
        ).fetchone()
        owner.execute("ROLLBACK")
    assert granted == (True, False, True)


def _attacks(table: str, trigger: str, function: str, change: str) -> dict[str, list[str]]:
    """What an app session could try against `table`, each ending in a change of it."""
    delete = f"DELETE FROM {table}"  # noqa: S608 - the test's own table names
    return {
        "the old purge flag": ["SET LOCAL app.ledger_purge = 'on'", delete],
        "a plain change": [change],
        "a plain delete": [delete],
        "replication role": ["SET LOCAL session_replication_role = replica", delete],
        "disable the trigger": [f"ALTER TABLE {table} DISABLE TRIGGER {trigger}", delete],
        "disable all triggers": [f"ALTER TABLE {table} DISABLE TRIGGER ALL", delete],
        "drop the trigger": [f"DROP TRIGGER {trigger} ON {table}", delete],
        "replace the function": [
            f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger "
            "LANGUAGE plpgsql AS $$ BEGIN RETURN OLD; END $$",
            delete,
        ],
        "truncate": [f"TRUNCATE {table} CASCADE"],
        "take the table": [f"ALTER TABLE {table} OWNER TO {APP_ROLE}", delete],
        "become the owner": [f"SET LOCAL ROLE {OWNER_ROLE}", delete],
        "a trigger of its own": [
            f"CREATE TRIGGER mine BEFORE DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {function}()"
        ],
    }


def _state(table: str) -> list[tuple[Any, ...]]:
    with psycopg.connect(**login_params()) as db:
        rows = db.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()  # noqa: S608
        trigger = db.execute(
            "SELECT tgname, tgenabled FROM pg_trigger WHERE tgrelid = %s::regclass "
            "AND NOT tgisinternal AND tgname NOT LIKE 'pgtrigger_%%' ORDER BY tgname",
            [table],
        ).fetchall()
    return [*rows, *trigger]


def _attack_as_app_role(attacks: dict[str, list[str]], table: str) -> dict[str, str]:
    """Run each attack in a transaction of its own; what PostgreSQL answered, by name."""
    answers = {}
    with psycopg.connect(**role_params(APP_ROLE)) as app:
        for name, statements in attacks.items():
            try:
                with app.transaction():
                    for statement in statements:
                        app.execute(statement)
            except psycopg.Error as exc:
                answers[name] = exc.sqlstate or "?"
            else:
                answers[name] = "done"
    return answers


@pytest.fixture
def committed_rows(transactional_db: None) -> None:
    """A ledger row and a district's compliance results, committed (the app role's
    connection is another session)."""
    world = build_world()
    load_all()
    school_rows(world.schools["A1"])
    run = run_start(district=world.districts["A"], school_year=current_school_year(), force=True)
    run_execute(run_id=run.pk)
    assert LedgerEntry.objects.exists()
    assert ComplianceResult.objects.exists()


# 42501 insufficient privilege, P0001 the trigger's RAISE, 42710/42P17 … never "done"
REFUSED = {"42501", "P0001"}


@pytest.mark.parametrize(
    ("table", "trigger", "function", "change"),
    [
        (
            "training_ledgerentry",
            "training_ledger_no_change",
            "training_ledger_immutable",
            "UPDATE training_ledgerentry SET hours = hours * 10",
        ),
        (
            "compliance_complianceresult",
            "compliance_result_no_change",
            "compliance_result_immutable",
            "UPDATE compliance_complianceresult SET status = 'met', value = '100'",
        ),
    ],
)
def test_immutability_holds_against_the_app_role(
    committed_rows: None, table: str, trigger: str, function: str, change: str
) -> None:
    """The ledger (ADR 0006) and the results: no attack the app role can make changes a
    row or switches the trigger off."""
    before = _state(table)
    answers = _attack_as_app_role(_attacks(table, trigger, function, change), table)
    assert {name: answer in REFUSED for name, answer in answers.items()} == dict.fromkeys(
        answers, True
    ), answers
    assert _state(table) == before


@pytest.mark.django_db
def test_only_the_owner_deletes_ledger_rows(world: Any) -> None:
    """The synthetic generator's purge: as the owner (a session that may become it) the
    ledger gives up its rows; as the app role it refuses, even inside the same block."""
    entry = school_rows(world.schools["A1"]).entry
    with pytest.raises(Exception, match="immutable"), transaction.atomic():
        LedgerEntry.objects.filter(pk=entry.pk).delete()
    with transaction.atomic(), as_schema_owner("training_ledgerentry"):
        LedgerEntry.objects.filter(pk=entry.pk).delete()
        assert not LedgerEntry.objects.filter(pk=entry.pk).exists()
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        assert cursor.fetchone()[0] == APP_ROLE


def test_a_session_of_the_app_role_cannot_become_the_owner(
    django_db_setup: None, django_db_blocker: Any
) -> None:
    """What `as_schema_owner` tells a session that logged in as the app role."""
    settings_dict = connection.settings_dict
    real = (settings_dict["USER"], settings_dict["OPTIONS"].pop("assume_role", None))
    settings_dict["USER"] = APP_ROLE
    connection.close()
    try:
        with (
            django_db_blocker.unblock(),
            pytest.raises(SchemaOwnerRequiredError, match=OWNER_ROLE),
            transaction.atomic(),
            as_schema_owner("training_ledgerentry"),
        ):
            pass  # pragma: no cover - refused before the block
    finally:
        connection.close()
        settings_dict["USER"], settings_dict["OPTIONS"]["assume_role"] = real
