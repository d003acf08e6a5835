"""Fixtures for compliance tests: the real policy packs, loaded from fixtures/policy/."""

from __future__ import annotations

import pytest

from apps.compliance.packs import load_all
from tests.personas import World


@pytest.fixture
def packs(db: None) -> None:
    load_all()


@pytest.fixture
def xuhui_world(world: World, packs: None) -> World:
    """The persona world with both districts on xuhui-2026 (A1 opted into the dual-track
    deputy project)."""
    for district in world.districts.values():
        district.policy_packs = ["xuhui-2026"]
        district.save(update_fields=["policy_packs"])
    school = world.schools["A1"].school
    school.featured_projects = ["dual_track_deputy"]
    school.save(update_fields=["featured_projects"])
    return world
