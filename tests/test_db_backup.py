"""Point 7 of issue 8: a backup (pg_dump custom format + media, apps/core/backup.py)
restores into a fresh database with the same rows in every table and the same
compliance results — and the restored database keeps the app role in its place; a restore
never writes over a database with tables, nor from a damaged backup."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.db import connection

from apps.compliance.packs import load_all
from apps.compliance.services import run_execute, run_start
from apps.core.backup import BackupError, Server, backup, restore, restore_media, table_counts
from apps.core.schoolyear import current_school_year
from tests.personas import build_world
from tests.support.db_roles import APP_ROLE, OWNER_ROLE, login_params, role_params
from tests.training.rows import school_rows

RESULTS = "SELECT * FROM compliance_complianceresult ORDER BY id"


@pytest.fixture
def restored_name(transactional_db: None) -> Iterator[str]:
    """The name of the database to restore into, dropped afterwards."""
    name = f"{connection.settings_dict['NAME']}_restored"
    yield name
    with psycopg.connect(**login_params("postgres")) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _district_with_results() -> None:
    world = build_world()
    load_all()
    for sd in world.schools.values():
        school_rows(sd)
    for district in world.districts.values():
        run = run_start(district=district, school_year=current_school_year(), force=True)
        run_execute(run_id=run.pk)


def test_a_backup_restores_with_the_same_rows_and_results(
    restored_name: str, tmp_path: Path
) -> None:
    _district_with_results()
    media = tmp_path / "media"
    (media / "evidence").mkdir(parents=True)
    (media / "evidence" / "证明.pdf").write_bytes(b"%PDF-1.4 marker")
    login = Server.from_settings(connection.settings_dict)
    folder = backup(server=replace(login, user=OWNER_ROLE), media_root=media, into=tmp_path)

    kwargs: dict[str, Any] = {
        "owner": login, "owner_role": OWNER_ROLE, "app_role": APP_ROLE,
        "admin": replace(login, dbname="postgres"),
    }  # fmt: skip
    counts = restore(folder=folder, database=restored_name, **kwargs)
    with psycopg.connect(**login_params()) as original:
        expected = table_counts(original)
        results = original.execute(RESULTS).fetchall()
    with psycopg.connect(**login_params(restored_name)) as copy:
        assert copy.execute(RESULTS).fetchall() == results
        owners = copy.execute(
            "SELECT DISTINCT pg_get_userbyid(relowner) FROM pg_class c JOIN pg_namespace n "
            "ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND relkind = 'r'"
        ).fetchall()
    assert counts == expected
    assert expected["compliance_complianceresult"] > 0
    assert expected["training_ledgerentry"] > 0
    assert owners == [(OWNER_ROLE,)]
    with psycopg.connect(**{**role_params(APP_ROLE), "dbname": restored_name}) as app:
        assert app.execute("SELECT count(*) FROM people_teacher").fetchone() == (0,)  # RLS
        with pytest.raises(psycopg.errors.RaiseException, match="immutable"):
            app.execute("DELETE FROM training_ledgerentry")

    elsewhere = tmp_path / "restored-media"
    assert restore_media(folder, elsewhere) == 1
    assert (elsewhere / "evidence" / "证明.pdf").read_bytes() == b"%PDF-1.4 marker"

    # Never over a database with tables; never from a damaged backup.
    with pytest.raises(BackupError, match="已存在且有数据表"):
        restore(folder=folder, database=restored_name, **kwargs)
    dump = folder / "database.dump"
    dump.write_bytes(dump.read_bytes()[:-16])
    with pytest.raises(BackupError, match="已损坏"):
        restore(folder=folder, database=f"{restored_name}_2", **kwargs)
