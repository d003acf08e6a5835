"""Training fixtures: the persona world on real packs, and helpers to record hours
through the services (never raw ledger inserts)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

import pytest

from apps.compliance.packs import load_all
from apps.people.models import Teacher
from apps.training import services
from apps.training.models import Attendance, CreditClass, TrainingActivity
from tests.personas import World


@pytest.fixture
def training_world(world: World) -> World:
    """District A on xuhui-2026 + putuo-2024 (hours and credit rules), B on lishui-2015."""
    load_all()
    world.districts["A"].policy_packs = ["xuhui-2026", "putuo-2024"]
    world.districts["A"].save(update_fields=["policy_packs"])
    world.districts["B"].policy_packs = ["lishui-2015"]
    world.districts["B"].save(update_fields=["policy_packs"])
    return world


MINUTES = "本次研修围绕班级中学生冲突的成因与干预策略展开，三位班主任分享案例并形成改进方案。"


@pytest.fixture
def record_hours(world: World) -> Callable[..., list[Attendance]]:
    """Record a school activity on `day` worth `hours` for `teachers` of school `key`."""

    def record(
        key: str,
        teachers: Iterable[Teacher],
        *,
        day: dt.date,
        hours: str = "2",
        credit_class: str = CreditClass.LECTURE,
        **flags: Any,
    ) -> list[Attendance]:
        sd = world.schools[key]
        activity: TrainingActivity = services.activity_create(
            district=sd.school.district,
            school=sd.school,
            actor=world.user(f"{key}.leader"),
            title=flags.pop("title", "班主任校本研修"),
            topic=flags.pop("topic", "学生冲突的成因与干预"),
            date=day,
            hours=Decimal(hours),
            form="case",
            credit_class=credit_class,
            minutes=MINUTES,
            **flags,
        )
        return services.attendance_record(
            activity=activity, teachers=list(teachers), actor=world.user(f"{key}.leader")
        )

    return record
