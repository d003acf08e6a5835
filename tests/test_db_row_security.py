"""Point 4 of issue 8: row-level security on the personal-data tables, keyed on the
request's allowed schools (`app.school_ids`, `app.district_ids`, set with
`set_config(..., true)` in the transaction; apps/core/dbscope.py).

Over a connection that logs in as the app role: with no scope it reads (and changes)
nothing there; with one school's scope only that school's rows; a district's scope its
schools'. Through the app: each statement carries its scope, a request its user's.
"""

from __future__ import annotations

import importlib
from typing import Any

import psycopg
import pytest
from django.db import connection, transaction

from apps.accounts.models import User
from apps.core.dbscope import (
    NO_SCOPE,
    SYSTEM,
    DbScope,
    db_scope,
    school_scope,
    use_command_default,
)
from apps.people.models import Teacher
from apps.tenancy.models import District, DistrictLevel, Membership, Role
from apps.tenancy.scope import user_scope
from apps.training.models import ArchiveEntry, EvaluationRecord
from tests.personas import World, build_world
from tests.support.db_roles import APP_ROLE, role_params
from tests.training.rows import school_rows

# The personal-data tables (docs/operations.md, 数据库角色).
PERSONAL = (
    "people_teacher",
    "people_teacherhistory",
    "training_archiveentry",
    "training_archiveentryhistory",
    "training_evaluationrecord",
    "training_evaluationrecordhistory",
)


def _school_ids(app: psycopg.Connection[Any], table: str) -> set[int]:
    rows = app.execute(f"SELECT DISTINCT school_id FROM {table}").fetchall()  # noqa: S608
    return {row[0] for row in rows}


@pytest.fixture
def committed_world(transactional_db: None) -> World:
    """The persona world with an archive entry and an evaluation in every school,
    committed (the app role's own connection is another session)."""
    world = build_world()
    for sd in world.schools.values():
        school_rows(sd)
        EvaluationRecord.objects.create(
            school=sd.school, district_id=sd.school.district_id, teacher=sd.teachers[0],
            school_year=2026, semester=1, kind="participation", title="参与研讨",
            created_by=sd.job.created_by,
        )  # fmt: skip
    return world


def test_row_security_is_on_for_the_personal_data_tables(committed_world: World) -> None:
    with psycopg.connect(**role_params(APP_ROLE)) as app:
        flags = app.execute(
            "SELECT relname, relrowsecurity FROM pg_class WHERE relname = ANY(%s)", [list(PERSONAL)]
        ).fetchall()
    assert dict(flags) == dict.fromkeys(PERSONAL, True)


def test_the_app_role_with_no_scope_reads_and_changes_nothing(committed_world: World) -> None:
    """No `app.*` setting: every personal-data table looks empty, an UPDATE or DELETE
    reaches no row and an INSERT is refused."""
    teacher = committed_world.schools["A1"].teachers[0]
    with psycopg.connect(**role_params(APP_ROLE)) as app:
        counts = {t: app.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in PERSONAL}  # noqa: S608
        renamed = app.execute("UPDATE people_teacher SET name = '改名' WHERE true").rowcount
        deleted = app.execute("DELETE FROM training_evaluationrecord WHERE true").rowcount
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            app.execute(
                "INSERT INTO people_teacher (created_at, updated_at, district_id, school_id, "
                "employee_no, name, gender, professional_title, highest_education, "
                "psych_certificate, is_moral_cadre, is_active) VALUES (now(), now(), %s, %s, "
                "'X-1', '外来者', 'F', 'none', 'bachelor', 'none', false, true)",
                [teacher.district_id, teacher.school_id],
            )
    assert counts == dict.fromkeys(PERSONAL, 0)
    assert (renamed, deleted) == (0, 0)
    assert Teacher.objects.filter(name="改名").count() == 0
    assert EvaluationRecord.objects.count() == 4


def test_one_schools_scope_reads_that_school_only(committed_world: World) -> None:
    """`set_config('app.school_ids', …, true)` in the transaction: A1's rows, in every
    personal-data table; `app.district_ids`: district A's schools; `system`: all."""
    schools = {key: sd.school.pk for key, sd in committed_world.schools.items()}
    district_a = committed_world.districts["A"].pk
    with psycopg.connect(**role_params(APP_ROLE)) as app:
        with app.transaction():
            app.execute("SELECT set_config('app.school_ids', %s, true)", [str(schools["A1"])])
            one_school = {t: _school_ids(app, t) for t in PERSONAL}
        with app.transaction():
            app.execute("SELECT set_config('app.district_ids', %s, true)", [str(district_a)])
            one_district = {t: _school_ids(app, t) for t in PERSONAL}
        with app.transaction():
            app.execute("SELECT set_config('app.scope', 'system', true)")
            everything = {t: _school_ids(app, t) for t in PERSONAL}
        after = {t: app.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in PERSONAL}  # noqa: S608
    assert one_school == {t: {schools["A1"]} for t in PERSONAL}
    assert one_district == {t: {schools["A1"], schools["A2"]} for t in PERSONAL}
    assert everything == {t: set(schools.values()) for t in PERSONAL}
    assert after == dict.fromkeys(PERSONAL, 0)  # transaction-local: gone after the commit


def test_a_server_side_cursor_reads_in_its_scope_too(committed_world: World) -> None:
    """`QuerySet.iterator()` (a named cursor, outside a transaction here) cannot take the
    statement prefix: it gets its scope by a statement of its own, and nothing leaks to
    the statements after it."""
    a1 = committed_world.schools["A1"].school
    with school_scope(a1.pk):
        iterated = {t.school_id for t in Teacher.objects.all().iterator(chunk_size=2)}
    with db_scope(NO_SCOPE):
        leaked = Teacher.objects.count()
    assert (iterated, leaked) == ({a1.pk}, 0)


@pytest.mark.django_db
def test_every_statement_of_the_app_carries_its_scope(world: World) -> None:
    """The suite's own connection is the app role's: the ORM reads what the scope lets it,
    inside a transaction and out of one, and a scope ends with its block."""
    a1, b1 = world.schools["A1"].school, world.schools["B1"].school
    with db_scope(NO_SCOPE):
        assert Teacher.objects.count() == 0
        assert not ArchiveEntry.objects.exists()
    with school_scope(a1.pk):
        assert set(Teacher.objects.values_list("school_id", flat=True)) == {a1.pk}
        with transaction.atomic():
            assert Teacher.objects.filter(school=b1).update(name="改名") == 0
    with db_scope(DbScope.of(districts=[b1.district_id])):
        assert {t.school.district_id for t in Teacher.objects.select_related("school")} == {
            b1.district_id
        }
    assert Teacher.objects.count() == 12  # the test's own (system) scope again
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('app.scope', true)")
        assert cursor.fetchone()[0] == "system"


@pytest.mark.django_db
def test_a_users_scope_is_the_nodes_of_their_memberships(world: World) -> None:
    """The same nodes the access helpers open: a school role its school, a district role
    its district (and, at a city, the districts under it), a superuser all, a stranger
    none."""
    sd = world.schools["A1"]
    assert user_scope(world.user("A1.leader")) == DbScope.of(schools=[sd.school.pk])
    assert user_scope(world.user("A1.teacher")) == DbScope.of(schools=[sd.school.pk])
    district = world.districts["A"]
    assert user_scope(world.user("A.reviewer")) == DbScope.of(districts=[district.pk])
    city = District.objects.create(code="city", name="市", level=DistrictLevel.CITY)
    District.objects.filter(pk=district.pk).update(parent=city)
    mayor = User.objects.create(username="city_admin")
    Membership.objects.create(user=mayor, district=city, role=Role.DISTRICT_ADMIN)
    assert user_scope(mayor) == DbScope.of(districts=[city.pk, district.pk])
    assert user_scope(User.objects.create(username="root", is_superuser=True)) == SYSTEM
    assert user_scope(User.objects.create(username="nobody")) == NO_SCOPE


@pytest.mark.django_db
def test_a_request_reads_its_users_schools_only(world: World, client_for: Any) -> None:
    """A school leader's page lists their school's teachers; the scope the request ran in
    was the leader's (A1), not the test's system scope."""
    seen: list[DbScope] = []
    from apps.core import dbscope

    real = dbscope.current_scope

    def spy() -> DbScope:
        scope = real()
        seen.append(scope)
        return scope

    sd = world.schools["A1"]
    client = client_for("A1.leader")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("apps.core.postgres.base.current_scope", spy)
        response = client.get(f"/s/{sd.school.pk}/teachers/")
    assert response.status_code == 200
    assert sd.teachers[0].name in response.content.decode()
    assert DbScope.of(schools=[sd.school.pk]) in seen
    assert SYSTEM not in seen


def test_commands_run_in_the_system_scope_but_servers_do_not() -> None:
    from apps.core import dbscope

    with db_scope(None):  # outside any block: the process default
        _check_command_defaults(dbscope)


def _check_command_defaults(dbscope: Any) -> None:
    try:
        use_command_default(["manage.py", "runserver"])
        assert dbscope.current_scope() == NO_SCOPE
        use_command_default(["manage.py", "seed_demo"])
        assert dbscope.current_scope() == SYSTEM
    finally:
        dbscope.set_process_default(NO_SCOPE)


def test_a_task_runs_in_the_system_scope_and_restores_the_callers() -> None:
    from apps.core import dbscope

    with db_scope(NO_SCOPE):
        dbscope.task_started(task_id="t1")
        assert dbscope.current_scope() == SYSTEM
        dbscope.task_ended(task_id="t1")
        assert dbscope.current_scope() == NO_SCOPE


@pytest.mark.django_db
def test_the_backbone_personal_tables_have_row_security_and_the_rest_do_not() -> None:
    """Issue 15: members, task entries, applications, results, consequences, plans, pay,
    honours, pool entries, team members, projects, assessments, ratings and development
    plans (and their history) are personal data under row-level security; teams, cohorts,
    showcases and files' metadata are not."""
    migration = importlib.import_module("apps.backbone.migrations.0001_initial")
    personal = {f"backbone_{t}{s}" for t in migration.PERSONAL_TABLES for s in ("", "history")}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, relrowsecurity FROM pg_class WHERE relkind = 'r' "
            "AND relname LIKE 'backbone%%'"
        )
        flags = dict(cursor.fetchall())
    assert {name for name, on in flags.items() if on} == personal
    assert {"backbone_allowancepayment", "backbone_growthmember"} <= personal
    assert not flags["backbone_growthteam"] and not flags["backbone_cohort"]
