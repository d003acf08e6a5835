"""Fixtures for the reports: the persona world on xuhui-2026 with a finished run."""

from __future__ import annotations

import pytest

from apps.compliance import services as compliance
from apps.core.schoolyear import current_school_year
from tests.compliance.conftest import packs, xuhui_world  # noqa: F401 - fixtures
from tests.personas import World

YEAR = current_school_year()


@pytest.fixture
def evaluated(xuhui_world: World) -> World:  # noqa: F811 - the imported fixture
    """Both districts evaluated for this school year."""
    for district in xuhui_world.districts.values():
        run = compliance.run_start(district=district, school_year=YEAR, force=True)
        compliance.run_execute(run_id=run.pk)
    return xuhui_world
