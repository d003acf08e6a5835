"""`manage.py compliance_run`, and a compliance run over the benchmark's data (the
generator itself is tested in tests/demo/test_synthetic.py)."""

from __future__ import annotations

import re
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from apps.compliance import services
from apps.compliance.models import ComplianceResult, ComplianceRun
from apps.core.schoolyear import current_school_year
from apps.tenancy.models import District
from tests.compliance.conftest import XUHUI_INDICATORS as N
from tests.personas import World

YEAR = current_school_year()

BACKBONE_SCHOOL = 5  # xuhui-backbone-2023 indicators of school scope


def _call(name: str, **options: Any) -> str:
    out = StringIO()
    call_command(name, stdout=out, skip_checks=True, **options)
    return out.getvalue()


# --------------------------------------------------------------------------- compliance_run


def test_compliance_run_sync_executes_and_prints_the_counts(xuhui_world: World) -> None:
    out = _call("compliance_run", district="dist-a", year=YEAR, sync=True)
    run = ComplianceRun.objects.get(district=xuhui_world.districts["A"])
    assert (run.state, run.trigger) == ("succeeded", "command")
    assert f"run #{run.pk} dist-a {YEAR}学年: 已完成" in out
    assert "schools: 2\n" in out
    assert f"indicators: {N}\n" in out
    assert f"results: {2 * N}\n" in out
    printed = {m[0]: int(m[1]) for m in re.findall(r"^  (\w+)\s+(\d+)  ", out, re.MULTILINE)}
    stored = dict(
        ComplianceResult.objects.filter(run=run)
        .values("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    assert printed == stored == run.summary
    assert sum(printed.values()) == 2 * N

    again = _call("compliance_run", district="dist-a", year=YEAR)
    assert f"run #{run.pk} dist-a {YEAR}学年: already evaluated with the same data" in again
    assert ComplianceRun.objects.count() == 1


def test_compliance_run_for_one_school(xuhui_world: World) -> None:
    out = _call("compliance_run", district="dist-a", school="school-a1", sync=True)
    run = ComplianceRun.objects.get()
    assert run.school_id == xuhui_world.schools["A1"].school.pk
    assert "schools: 1\n" in out
    assert f"results: {N}\n" in out


def test_compliance_run_without_sync_queues_the_run(xuhui_world: World) -> None:
    """The test settings have a broker: the task is left to the worker (enqueued on commit)."""
    out = _call("compliance_run", district="dist-a", year=YEAR)
    run = ComplianceRun.objects.get()
    assert run.state == "pending"
    assert f"run #{run.pk} dist-a {YEAR}学年: queued for the worker" in out
    assert ComplianceResult.objects.count() == 0


def test_compliance_run_refuses_unknown_district_school_and_a_district_without_packs(
    world: World,
) -> None:
    with pytest.raises(CommandError, match="找不到代码为 'nowhere' 的区"):
        _call("compliance_run", district="nowhere")
    with pytest.raises(CommandError, match="没有代码为 'school-b1' 的学校"):
        _call("compliance_run", district="dist-a", school="school-b1")  # B's school
    world.districts["A"].policy_packs = []
    world.districts["A"].save(update_fields=["policy_packs"])
    with pytest.raises(CommandError, match="尚未选择政策包"):
        _call("compliance_run", district="dist-a", sync=True)
    assert ComplianceRun.objects.count() == 0


# --------------------------------------------------------------------------- over synthetic data


@pytest.mark.django_db
def test_a_run_of_a_synthetic_district_uses_the_same_queries_for_5_and_50_schools() -> None:
    """With people and evidence records in every school (the bench's data)."""

    def run_queries(schools: int) -> int:
        _call(
            "generate_synthetic", schools=schools, teachers_per_school=4,
            district_code="synth-q", year=YEAR,
        )  # fmt: skip
        district = District.objects.get(code="synth-q")
        run = services.run_start(district=district, school_year=YEAR, force=True)
        with CaptureQueriesContext(connection) as captured:
            services.run_execute(run_id=run.pk)
        run.refresh_from_db()
        assert sum(run.summary.values()) == schools * (N + BACKBONE_SCHOOL) + 2  # + 2 district
        return len(captured)

    assert run_queries(5) == run_queries(50)
