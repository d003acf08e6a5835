"""`manage.py compliance_run` and `manage.py generate_synthetic` (the benchmark's data)."""

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
from apps.compliance.models import ComplianceResult, ComplianceRun, Indicator
from apps.core.schoolyear import current_school_year
from apps.evidence.models import EvidenceEvent, EvidenceItem
from apps.people.models import AssignmentRole, HomeroomAssignment, SchoolClass, Teacher
from apps.tenancy.models import District, Membership, School
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


# --------------------------------------------------------------------------- generate_synthetic


def _generate(**options: Any) -> dict[str, int]:
    out = _call(
        "generate_synthetic",
        schools=3,
        teachers_per_school=5,
        district_code="synth-t",
        year=YEAR,
        **options,
    )
    summary = out.splitlines()[0]
    return {key: int(n) for n, key in re.findall(r"(\d+) ([a-z ]+?)(?:,| in )", summary)}


def _counts(district: District) -> dict[str, int]:
    return {
        "schools": School.objects.filter(district=district).count(),
        "teachers": Teacher.objects.filter(district=district).count(),
        "classes": SchoolClass.objects.filter(district=district).count(),
        "assignments": HomeroomAssignment.objects.filter(district=district).count(),
        "evidence items": EvidenceItem.objects.filter(district=district).count(),
    }


@pytest.mark.django_db
def test_generate_synthetic_creates_what_it_says() -> None:
    printed = _generate()
    district = District.objects.get(code="synth-t")
    assert district.policy_packs == ["xuhui-2026", "xuhui-backbone-2023"]
    assert printed == _counts(district)
    assert printed["schools"] == 3 and printed["teachers"] == 15

    schools = list(School.objects.filter(district=district).order_by("code"))
    assert len({s.school_type for s in schools}) > 1
    assert any(s.featured_projects for s in schools)
    for school in schools:
        assert Teacher.objects.filter(school=school).count() == 5
    classes = SchoolClass.objects.filter(district=district, school_year=YEAR)
    uncovered = classes.exclude(assignments__role=AssignmentRole.HOMEROOM)
    assert uncovered.count() >= 1  # the demo generator leaves a class of "…2" schools open
    assert HomeroomAssignment.objects.filter(
        district=district, role__in=[AssignmentRole.DEPUTY_TRAINING, AssignmentRole.DEPUTY_EXPERT]
    ).exists()

    items = EvidenceItem.objects.filter(district=district)
    assert set(items.values_list("status", flat=True)) <= {"submitted", "accepted", "returned"}
    assert items.exists()
    documents = {
        i.code
        for i in Indicator.objects.filter(pack__code__in=district.policy_packs)
        if "evidence.document"
        in [i.evaluator, *[p["evaluator"] for p in i.params.get("parts", [])]]
    }
    assert set(items.values_list("indicator_code", flat=True)) <= documents
    assert EvidenceEvent.objects.filter(item__district=district).count() == (
        items.count() + items.exclude(status="submitted").count()
    )
    assert Membership.objects.filter(district=district, user__username="synth-t_admin").exists()


@pytest.mark.django_db
def test_generate_synthetic_twice_replaces_rather_than_duplicates() -> None:
    first = _generate()
    district = District.objects.get(code="synth-t")
    old_schools = set(School.objects.filter(district=district).values_list("pk", flat=True))
    run = services.run_start(district=district, school_year=YEAR)
    services.run_execute(run_id=run.pk)  # results refer to the schools that get replaced
    second = _generate()
    assert second == first == _counts(district)
    assert District.objects.filter(code="synth-t").count() == 1
    new_schools = set(School.objects.filter(district=district).values_list("pk", flat=True))
    assert old_schools.isdisjoint(new_schools)
    assert ComplianceRun.objects.filter(district=district).count() == 0
    assert Membership.objects.filter(district=district, role="school_leader").count() == 1


def test_generate_synthetic_leaves_a_district_it_did_not_make_alone(world: World) -> None:
    before = _counts(world.districts["A"])
    with pytest.raises(CommandError, match="was not made by this command"):
        _call("generate_synthetic", schools=1, teachers_per_school=1, district_code="dist-a")
    assert _counts(world.districts["A"]) == before


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
