"""The demo's 汇景区 backbone cohort (XB23-COHORT, XB23-TASKS): the 2023届 cohort with its
members, 带头人 among them, tasks met at most schools and short at some, entries accepted
and waiting, the next cohort taking applications, and the teacher login's own list."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from apps.accounts.models import User
from apps.backbone.models import BackboneMember, Category, Cohort, EntryStatus, TaskEntry
from apps.compliance.models import ComplianceResult


def _statuses(code: str) -> list[str]:
    rows = ComplianceResult.objects.filter(indicator_code=code).order_by(
        "school_id", "-finished_at"
    )
    latest: dict[int | None, str] = {}
    for row in rows:
        latest.setdefault(row.school_id, row.status)
    return sorted(latest.values())


@pytest.mark.django_db
def test_demo_cohort_members_tasks_mix_and_the_teachers_own_list() -> None:
    call_command("seed_demo", stdout=StringIO())
    cohorts = dict(Cohort.objects.filter(district__code="huijing").values_list("name", "pk"))
    assert set(cohorts) == {"2023届骨干", "2026届骨干"}
    assert Cohort.objects.get(pk=cohorts["2026届骨干"]).accepting_applications
    members = BackboneMember.objects.filter(cohort_id=cohorts["2023届骨干"])
    assert 12 <= members.count() <= 14
    assert 3 <= members.filter(category=Category.LEADER).count() <= 4
    assert members.filter(left_on__isnull=False).exists()
    statuses = TaskEntry.objects.filter(member__cohort_id=cohorts["2023届骨干"]).values_list(
        "status", flat=True
    )
    assert {EntryStatus.ACCEPTED, EntryStatus.SUBMITTED} <= set(statuses)
    tasks = _statuses("XB23-TASKS")
    assert "no_data" not in tasks
    assert {"met", "partly_met"} <= set(tasks), tasks
    assert _statuses("XB23-COHORT")
    client = Client()
    client.force_login(User.objects.get(username="hj_teacher"))
    page = client.get(reverse("backbone:my_tasks")).content.decode()
    assert "2023届骨干" in page and "任务二 公开教学或学术交流" in page
