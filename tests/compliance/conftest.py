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


def _xuhui_indicator_count() -> int:
    import yaml

    from apps.compliance.packs import PACK_DIR

    data = yaml.safe_load((PACK_DIR / "xuhui-2026.yaml").read_text(encoding="utf-8"))
    return len(data["indicators"])


# Indicators of xuhui-2026 evaluated per school (the 30 of Appendices 1–2 and, since the
# training module, XH26-CADRE): read from the pack, never a copy of a number.
XUHUI_INDICATORS = _xuhui_indicator_count()
