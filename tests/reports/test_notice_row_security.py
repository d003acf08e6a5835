"""Notices are personal data (docs/operations.md, 数据库角色): over a connection that
logs in as the app role, with no scope nothing of `reports_notice` (or its history) is
read; with one school's scope only that school's notices; a district's scope also its
district-level ones."""

from __future__ import annotations

from typing import Any

import psycopg
import pytest

from apps.reports.services.notices import notify
from tests.personas import World, build_world
from tests.support.db_roles import APP_ROLE, role_params

TABLES = ("reports_notice", "reports_noticehistory")


@pytest.fixture
def committed_notices(transactional_db: None) -> World:
    world = build_world()
    for key, sd in world.schools.items():
        notify(
            recipient=world.user(f"{key}.teacher"), kind="todo", title=f"{sd.marker}待办",
            dedupe_key="k", district_id=sd.school.district_id, school_id=sd.school.pk,
        )  # fmt: skip
    notify(
        recipient=world.user("A.reviewer"), kind="todo", title="区级待办", dedupe_key="k",
        district_id=world.districts["A"].pk,
    )  # fmt: skip
    return world


def _titles(app: psycopg.Connection[Any], table: str) -> set[str]:
    return {row[0] for row in app.execute(f"SELECT title FROM {table}").fetchall()}  # noqa: S608


def test_notices_are_read_only_in_a_scope_that_reaches_them(committed_notices: World) -> None:
    world = committed_notices
    with psycopg.connect(**role_params(APP_ROLE)) as app:
        none = {t: _titles(app, t) for t in TABLES}
        with app.transaction():
            school = world.schools["A1"].school.pk
            app.execute("SELECT set_config('app.school_ids', %s, true)", [str(school)])
            one_school = {t: _titles(app, t) for t in TABLES}
        with app.transaction():
            district = world.districts["A"].pk
            app.execute("SELECT set_config('app.district_ids', %s, true)", [str(district)])
            one_district = {t: _titles(app, t) for t in TABLES}
    assert none == {t: set() for t in TABLES}
    assert one_school == {t: {"MK-A1-待办"} for t in TABLES}
    assert one_district == {t: {"MK-A1-待办", "MK-A2-待办", "区级待办"} for t in TABLES}
