"""`manage.py generate_synthetic` (the benchmark's data): schools, people, evidence and
logins, and a second run replacing rather than adding."""

from __future__ import annotations

import re
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from apps.backbone.models import (
    AllowancePayment,
    BackboneMember,
    CharacterProject,
    Consequence,
    GrowthAssessment,
    GrowthMember,
    GrowthTeam,
    HomeroomHonour,
    PoolEntry,
    Rectification,
    Showcase,
)
from apps.backbone.models import Assessment as BackboneAssessment
from apps.compliance import services
from apps.compliance.models import ComplianceRun, Indicator
from apps.core.schoolyear import current_school_year
from apps.evidence.models import EvidenceEvent, EvidenceItem
from apps.people.models import AssignmentRole, HomeroomAssignment, SchoolClass, Teacher
from apps.probation.models import Assessment, ReserveEntry, Trainee
from apps.studios.models import Brief, Member, Outcome, Session, Team
from apps.tenancy.models import District, Membership, School
from tests.personas import World

YEAR = current_school_year()


def _call(name: str, **options: Any) -> str:
    out = StringIO()
    call_command(name, stdout=out, skip_checks=True, **options)
    return out.getvalue()


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
        "trainees": Trainee.objects.filter(district=district).count(),
        "assessments": Assessment.objects.filter(district=district).count(),
        "reserve entries": ReserveEntry.objects.filter(district=district).count(),
        "teams": Team.objects.filter(district=district).count(),
        "team members": Member.objects.filter(district=district).count(),
        "team sessions": Session.objects.filter(team__district=district).count(),
        "outcomes": Outcome.objects.filter(team__district=district).count(),
        "briefs": Brief.objects.filter(team__district=district).count(),
        **_backbone_counts(district),
    }


def _backbone_counts(district: District) -> dict[str, int]:
    return {
        "backbone members": BackboneMember.objects.filter(district=district).count(),
        "backbone assessments": BackboneAssessment.objects.filter(district=district).count(),
        "backbone consequences": Consequence.objects.filter(district=district).count(),
        "rectification plans": Rectification.objects.filter(district=district).count(),
        "allowance payments": AllowancePayment.objects.filter(district=district).count(),
        "homeroom honours": HomeroomHonour.objects.filter(district=district).count(),
        "pool entries": PoolEntry.objects.filter(district=district).count(),
        "growth members": GrowthMember.objects.filter(district=district).count(),
        "growth assessments": GrowthAssessment.objects.filter(district=district).count(),
        "character projects": CharacterProject.objects.filter(district=district).count(),
        "growth teams": GrowthTeam.objects.filter(district=district).count(),
        "showcases": Showcase.objects.filter(district=district).count(),
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
    # issue 14: studios across schools, workshops, briefs on time / late / missing
    assert Team.objects.filter(district=district, school__isnull=True, kind="studio").exists()
    assert Team.objects.filter(district=district, kind="workshop").exists()
    assert printed["teams"] >= 3 and printed["team members"] > printed["teams"]
    # issue 15: the backbone cohort with results and pay, xinbei's pool and growth teams
    assert printed["backbone members"] == 6 and printed["allowance payments"] > 100
    assert printed["growth teams"] == 3 and printed["pool entries"] == 27
    same_school = GrowthMember.objects.filter(district=district).values("team", "school")
    assert max(same_school.annotate(n=Count("id")).values_list("n", flat=True)) <= 2  # XB-TEAM-SIZE


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
