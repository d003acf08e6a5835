"""The backbone demo (called by apps/demo only): xuhui's 2023 cohort where the district
holds xuhui-backbone-2023, xinbei's talent pool and growth teams where it holds
xinbei-2023; each topic seeds its own rows on top of the ones before it, idempotent."""

from __future__ import annotations

from typing import Any

from apps.compliance import packs as pack_data
from apps.tenancy.models import District

from . import allowance, assessments, cohort, pool, teams, work


def seed_backbone_demo(
    *, district: District, year: int, prefix: str, password: str, leader_of: Any, reviewer: Any
) -> None:
    packs = {pack.code for pack in pack_data.active_packs(district)}
    ctx = {
        "district": district, "year": year, "prefix": prefix, "password": password,
        "leader_of": leader_of, "reviewer": reviewer,
    }  # fmt: skip
    if "xuhui-backbone-2023" in packs:
        _xuhui(ctx)
    if "xinbei-2023" in packs:
        _xinbei(ctx)


def _xuhui(ctx: dict[str, Any]) -> None:
    """The 2023 cohort, its results and pay; the ladder's pilot ratings."""
    cohort.seed(ctx)
    assessments.seed(ctx)
    allowance.seed(ctx)
    pool.seed_ladder(ctx)


def _xinbei(ctx: dict[str, Any]) -> None:
    """Honours and the talent pool, the growth teams, their work."""
    pool.seed(ctx)
    teams.seed(ctx)
    work.seed(ctx)
