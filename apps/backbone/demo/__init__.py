"""The backbone demo (called by apps/demo only): xuhui's 2023 cohort where the district
holds xuhui-backbone-2023, xinbei's talent pool and growth teams where it holds
xinbei-2023; each topic seeds its own rows on top of the ones before it, idempotent."""

from __future__ import annotations

from typing import Any

from apps.compliance import packs as pack_data
from apps.tenancy.models import District


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
    # ---- cohort ----
    from .cohort import seed as seed_cohort  # noqa: PLC0415

    seed_cohort(ctx)
    # ---- end cohort ----
    # ---- assessments ----
    from .assessments import seed as seed_assessments  # noqa: PLC0415

    seed_assessments(ctx)
    # ---- end assessments ----
    # ---- allowance ----
    from .allowance import seed as seed_allowance  # noqa: PLC0415

    seed_allowance(ctx)
    # ---- end allowance ----
    # ---- pool (ladder) ----
    from . import pool as pool_demo  # noqa: PLC0415

    pool_demo.seed_ladder(ctx)
    # ---- end pool (ladder) ----


def _xinbei(ctx: dict[str, Any]) -> None:
    # ---- pool ----
    from . import pool as pool_demo  # noqa: PLC0415

    pool_demo.seed(ctx)
    # ---- end pool ----
    # ---- teams ----
    from . import teams  # noqa: PLC0415

    teams.seed(ctx)
    # ---- end teams ----
    # ---- work ----
    from . import work  # noqa: PLC0415

    work.seed(ctx)
    # ---- end work ----
