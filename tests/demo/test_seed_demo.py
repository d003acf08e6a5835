"""`manage.py seed_demo` (issue #2 §8): two districts, idempotent, a login per role."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from apps.compliance.selectors import latest_results
from apps.core.schoolyear import current_school_year
from apps.people.demo import DISTRICTS
from apps.people.models import AssignmentRole, HomeroomAssignment, Teacher
from apps.probation.models import Trainee
from apps.reports.models import Notice, ReportJob
from apps.studios.models import Member, Team
from apps.tenancy.models import District, School
from apps.training.models import LedgerEntry


@pytest.mark.django_db
def test_seed_demo_builds_both_districts_and_is_idempotent() -> None:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert "hj_admin" in out.getvalue()
    assert "demo-2026" in out.getvalue()
    counts = (School.objects.count(), Teacher.objects.count(), HomeroomAssignment.objects.count())
    reports = sorted(ReportJob.objects.values_list("pk", "state", "sha256"))
    call_command("seed_demo", stdout=StringIO())
    assert (
        School.objects.count(),
        Teacher.objects.count(),
        HomeroomAssignment.objects.count(),
    ) == counts
    # Issue 12: each district's archive opens with its Excel rendered and its PDF and a
    # school's PDF queued for the worker; seeding again (unchanged data) asks nothing new.
    assert len(reports) == 6
    assert sorted(ReportJob.objects.values_list("fmt", "state")) == [
        *[("pdf", "pending")] * 4,
        *[("xlsx", "succeeded")] * 2,
    ]
    assert sorted(ReportJob.objects.values_list("pk", "state", "sha256")) == reports
    # …and the 消息中心 is not empty: the reviewer has the evidence queue to work through.
    reviewer = get_user_model().objects.get(username="hj_reviewer")
    assert Notice.objects.filter(recipient=reviewer, kind="todo").exists()

    huijing, xinqiao = District.objects.get(code="huijing"), District.objects.get(code="xinqiao")
    assert huijing.policy_packs[0] == "xuhui-2026"
    assert xinqiao.policy_packs == ["xinbei-2023", "lishui-2015", "putuo-2024"]
    assert huijing.schools.count() == 10
    assert xinqiao.schools.count() == 6
    assert xinqiao.schools.filter(is_rural=True).count() >= 3
    assert len({s.school_type for s in huijing.schools.all()}) >= 6
    roster = Teacher.objects.filter(school__district=huijing).exclude(employee_no__startswith="JX")
    assert roster.count() == 400  # and the trainees, new teachers of their own (issue 13):
    stages = set(Trainee.objects.filter(district=huijing).values_list("status", flat=True))
    assert stages == {"appointed", "in_probation", "awaiting", "deferred"}
    a1_1 = set(latest_results(district=huijing, school_year=current_school_year())
               .filter(indicator_code="XH26-A1-1").values_list("status", flat=True))  # fmt: skip
    assert {"met", "partly_met", "not_met", "not_yet_due", "no_data"} <= a1_1
    for district, code in ((huijing, "XH26-A1-4"), (xinqiao, "LS15-HOMEVISIT"),
                           (huijing, "XB23-WORKSHOP")):  # fmt: skip
        found = list(latest_results(district=district, school_year=current_school_year())
                     .filter(indicator_code=code).values_list("status", flat=True))  # fmt: skip
        assert len(set(found)) >= 2, (code, found)  # a mix, never all one colour
    # issue 14: studios across schools; XH26-A2-2 and XB23-BRIEF show every colour
    for code in ("XH26-A2-2", "XB23-BRIEF"):
        found = set(latest_results(district=huijing, school_year=current_school_year())
                    .filter(indicator_code=code).values_list("status", flat=True))  # fmt: skip
        assert {"met", "partly_met", "not_met"} <= found, (code, found)
    district_studio = Team.objects.get(district=huijing, school=None, kind="studio")
    assert Member.objects.filter(team=district_studio).values("school").distinct().count() >= 3
    roles = set(HomeroomAssignment.objects.values_list("role", flat=True))
    assert roles == set(AssignmentRole.values)  # homeroom and both deputy tracks


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("username", "landing"),
    [
        ("hj_admin", "/d/"),
        ("hj_reviewer", "/d/"),
        ("hj_leader", "/s/"),
        ("hj_teacher", "/me/"),
        ("xq_admin", "/d/"),
        ("xq_reviewer", "/d/"),
        ("xq_leader", "/s/"),
        ("xq_teacher", "/me/"),
        ("hj_studio", "/studio/"),
    ],
)
def test_each_demo_login_lands_on_its_portal(username: str, landing: str) -> None:
    call_command("seed_demo", stdout=StringIO())
    client = Client()
    response = client.post(
        "/accounts/login/", {"username": username, "password": "demo-2026"}, follow=True
    )
    final = response.redirect_chain[-1][0]
    assert final.startswith(landing), (username, response.redirect_chain)
    assert response.status_code == 200


@pytest.mark.django_db
def test_the_demo_has_one_teacher_moved_with_hours_at_both_schools() -> None:
    """ADR 0012: in 新桥区 one homeroom teacher moved from its second school to its
    first, the same person with hours at both; the leader of the first school sees the
    earlier school's hours on the teacher's archive. A second run moves nobody else."""
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())
    (old,) = Teacher.objects.filter(status="transferred")
    new = Teacher.objects.get(person_key=old.person_key, status="active")
    spec = next(d for d in DISTRICTS if d.code == "xinqiao")
    first, second = (
        School.objects.get(district__code="xinqiao", code=s.code) for s in spec.schools[:2]
    )
    assert (old.school_id, new.school_id, new.started_on) == (second.pk, first.pk, old.ended_on)
    assert LedgerEntry.objects.filter(teacher=old).exists()
    assert LedgerEntry.objects.filter(teacher=new).exists()
    client = Client()
    client.force_login(get_user_model().objects.get(username="xq_leader"))
    body = client.get(f"/s/{first.pk}/training/archive/{new.pk}/").content.decode()
    assert f"在{second.name}获得" in body
