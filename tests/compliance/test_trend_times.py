"""The trend chart's times are the district's clock (Asia/Shanghai), not UTC (issue #11 §8:
they showed eight hours off)."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from django.urls import reverse

from apps.compliance.models import ComplianceRun, RunTrigger
from apps.core.schoolyear import current_school_year
from tests.personas import World


def test_trend_labels_show_the_run_in_shanghai_time(world: World, client_for: Any) -> None:
    district = world.districts["A"]
    year = current_school_year()
    finished = dt.datetime(2026, 10, 18, 16, 30, tzinfo=dt.UTC)  # 00:30 on the 19th in Shanghai
    run = ComplianceRun.objects.create(
        district=district, school_year=year, as_of=dt.date(2026, 10, 18), data_version="v",
        key="trend-test", trigger=RunTrigger.NIGHTLY, state="succeeded", finished_at=finished,
        summary={"met": 3, "not_met": 1},
    )  # fmt: skip
    page = client_for("A.admin").get(
        reverse("compliance:trend", kwargs={"district_id": district.pk}), {"year": year}
    )
    body = page.content.decode()
    data = json.loads(re.search(r'id="trend-data"[^>]*>(.*?)</script>', body, re.S).group(1))  # type: ignore[union-attr]
    assert data["labels"] == [f"#{run.pk} 10-19 00:30"]
    assert f"#{run.pk} 10-18 16:30" not in body
