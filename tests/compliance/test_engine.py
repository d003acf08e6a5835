"""The compliance engine (ARCHITECTURE §5; issue #3 §2, §4, §6): evaluators, applicability,
deadlines, runs (idempotent, deterministic, crash-safe, immutable) and the debounced
recompute of one school."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.compliance import engine, services
from apps.compliance.models import (
    ComplianceResult,
    ComplianceRun,
    PolicyPack,
    RecomputeRequest,
    RunTrigger,
)
from apps.compliance.selectors import latest_results
from apps.core.models import JobState
from apps.core.schoolyear import current_school_year
from apps.people.models import AssignmentRole, HomeroomAssignment, PsychCertificate, Teacher
from apps.tenancy.models import School, SchoolType
from tests.compliance.conftest import XUHUI_INDICATORS as N
from tests.personas import World
from tests.probation.staffing_rows import reserve_and_plan

YEAR = current_school_year()


def _evaluate(
    world: World, district_key: str = "A", year: int = YEAR
) -> dict[tuple[str, str], Any]:
    district = world.districts[district_key]
    schools = list(School.objects.filter(district=district).order_by("code"))
    rows = engine.evaluate(
        district=district, school_year=year, schools=schools, as_of=engine.as_of_for(year)
    )
    keys = {s.pk: s.name for s in schools}
    return {(keys.get(r.school_id, "district"), r.indicator.code): r.outcome for r in rows}


def _run(world: World, district_key: str = "A", **kwargs: Any) -> ComplianceRun:
    run = services.run_start(district=world.districts[district_key], school_year=YEAR, **kwargs)
    services.run_execute(run_id=run.pk)
    run.refresh_from_db()
    return run


# --------------------------------------------------------------------------- XH26-A1-4


def test_xh26_a1_4_partly_met_names_the_class_without_homeroom(xuhui_world: World) -> None:
    """A1: 1 of 2 classes has a homeroom teacher; one deputy (training track)."""
    outcome = _evaluate(xuhui_world)[("学校MK-A1-", "XH26-A1-4")]
    assert outcome.status == "partly_met"
    staffing = outcome.parts[0]
    assert staffing["status"] == "partly_met"
    assert staffing["value"] == "班主任配备 1/2（50%）；副班主任 1 人次"
    assert staffing["target"] == "配备率 ≥ 100%；副班主任 ≥ 1 人次"
    assert staffing["missing"] == ["未配班主任：二年级A1班"]


def test_xh26_a1_4_met_when_every_class_is_staffed_and_a_deputy_exists(xuhui_world: World) -> None:
    """Staffed with a deputy: that part is met; with the reserve pool and the plan too,
    the indicator is met."""
    sd = xuhui_world.schools["A1"]
    HomeroomAssignment.objects.create(
        school=sd.school, district_id=sd.school.district_id, teacher=sd.teachers[2],
        school_class=sd.classes[1], school_year=YEAR, role=AssignmentRole.HOMEROOM,
    )  # fmt: skip
    outcome = _evaluate(xuhui_world)[("学校MK-A1-", "XH26-A1-4")]
    assert outcome.parts[0]["status"] == "met"
    assert outcome.parts[0]["value"].startswith("班主任配备 2/2（100%）")
    assert outcome.status == "partly_met"  # no reserve pool, no plan yet
    reserve_and_plan(sd, YEAR)
    outcome = _evaluate(xuhui_world)[("学校MK-A1-", "XH26-A1-4")]
    assert outcome.status == "met"
    assert outcome.missing == []


def test_xh26_a1_4_not_met_with_no_homeroom_teacher_and_no_deputy(xuhui_world: World) -> None:
    HomeroomAssignment.objects.filter(school=xuhui_world.schools["A2"].school).delete()
    outcome = _evaluate(xuhui_world)[("学校MK-A2-", "XH26-A1-4")]
    assert outcome.status == "not_met"
    assert outcome.parts[0]["value"] == "班主任配备 0/2（0%）；副班主任 0 人次"
    assert "副班主任试点：0 人次，至少 1 人次" in outcome.missing
    assert "未配班主任：一年级A2班" in outcome.missing


def test_xh26_a1_4_staffed_but_no_deputy_is_partly_met(xuhui_world: World) -> None:
    sd = xuhui_world.schools["A2"]
    HomeroomAssignment.objects.filter(
        school=sd.school, role=AssignmentRole.DEPUTY_TRAINING
    ).delete()
    HomeroomAssignment.objects.create(
        school=sd.school, district_id=sd.school.district_id, teacher=sd.teachers[2],
        school_class=sd.classes[1], school_year=YEAR, role=AssignmentRole.HOMEROOM,
    )  # fmt: skip
    reserve_and_plan(sd, YEAR)
    outcome = _evaluate(xuhui_world)[("学校MK-A2-", "XH26-A1-4")]
    assert outcome.status == "partly_met"
    assert outcome.missing == ["副班主任试点：0 人次，至少 1 人次"]


def test_xh26_a1_4_without_classes_is_no_data_not_a_fake_value(xuhui_world: World) -> None:
    outcome = _evaluate(xuhui_world, year=YEAR - 3)[("学校MK-A1-", "XH26-A1-4")]
    assert outcome.status == "no_data"
    assert "没有班级记录" in outcome.note


def test_xh26_a1_4_target_comes_from_the_pack_and_the_district_override(xuhui_world: World) -> None:
    """The 100% target is a pack parameter; a district may override it (who/when/why kept)."""
    services.parameter_override_set(
        district=xuhui_world.districts["A"],
        pack_code="xuhui-2026",
        key="homeroom_coverage_target",
        value=0.5,
        reason="试点期间按一半计",
        actor=xuhui_world.user("A.admin"),
    )
    outcome = _evaluate(xuhui_world)[("学校MK-A1-", "XH26-A1-4")]
    assert outcome.parts[0]["status"] == "met"
    assert outcome.parts[0]["target"].startswith("配备率 ≥ 50%")
    other = _evaluate(xuhui_world, "B")[("学校MK-B1-", "XH26-A1-4")]
    assert other.parts[0]["status"] == "partly_met"  # district B keeps the policy's 100%


# --------------------------------------------------------------------------- LS15-ELIGIBLE


def test_ls15_eligible_names_who_lacks_the_certificate_or_the_years(
    world: World, packs: None
) -> None:
    district = world.districts["A"]
    district.policy_packs = ["lishui-2015"]
    district.save(update_fields=["policy_packs"])
    sd = world.schools["A1"]
    Teacher.objects.filter(pk=sd.teachers[0].pk).update(psych_certificate=PsychCertificate.NONE)
    outcome = _evaluate(world)[("学校MK-A1-", "LS15-ELIGIBLE")]
    assert outcome.status == "not_met"
    assert outcome.value == "符合任职条件 0/1 人"
    assert outcome.missing == [
        f"{sd.teachers[0].name}：未持有中小学心理健康教育C级及以上教师资格证"
    ]
    Teacher.objects.filter(pk=sd.teachers[0].pk).update(psych_certificate=PsychCertificate.B)
    assert _evaluate(world)[("学校MK-A1-", "LS15-ELIGIBLE")].status == "met"


# --------------------------------------------------------------------------- applicability


def test_appendix_2_indicators_are_not_applicable_without_the_project(xuhui_world: World) -> None:
    """XH26-A2P-*: a school that did not opt into the featured project is not 'unmet'."""
    results = _evaluate(xuhui_world)
    for code in ("XH26-A2P-1.1", "XH26-A2P-2.1", "XH26-A2P-3.1", "XH26-A2P-4.1"):
        assert results[("学校MK-A2-", code)].status == "not_applicable", code
    # A1 opted into the dual-track deputy project only
    assert results[("学校MK-A1-", "XH26-A2P-1.1")].status != "not_applicable"
    assert results[("学校MK-A1-", "XH26-A2P-2.1")].status == "not_applicable"


def test_every_school_gets_every_indicator(xuhui_world: World) -> None:
    results = _evaluate(xuhui_world)
    codes = {code for (_school, code) in results}
    assert len(codes) == N
    assert len(results) == 2 * N


# --------------------------------------------------------------------------- deadlines, no_data


def test_xh26_a4_1_is_not_yet_due_before_its_deadline_and_not_met_after(xuhui_world: World) -> None:
    """XH26-A4-1 (减负清单) is due 2026-06-30: with nothing uploaded a school is not failed
    before that date, and is afterwards."""
    district = xuhui_world.districts["A"]
    school = xuhui_world.schools["A1"].school
    before = engine.evaluate(
        district=district, school_year=2025, schools=[school], as_of=dt.date(2026, 6, 29)
    )
    after = engine.evaluate(
        district=district, school_year=2025, schools=[school], as_of=dt.date(2026, 7, 1)
    )
    pick = lambda rows: next(r.outcome for r in rows if r.indicator.code == "XH26-A4-1")  # noqa: E731
    assert pick(before).status == "not_yet_due"
    assert "2026-06-30" in pick(before).note
    assert pick(after).status == "not_met"
    assert pick(after).missing == ["尚未提交：《校本减负清单》"]


def test_indicators_of_modules_not_built_yet_say_which_module(xuhui_world: World) -> None:
    outcome = _evaluate(xuhui_world)[("学校MK-A1-", "XH26-A3-4")]
    assert outcome.status == "no_data"
    assert "激励与待遇模块" in outcome.note and "incentives" in outcome.note
    combined = _evaluate(xuhui_world)[("学校MK-A1-", "XH26-A2-1")]
    assert [p["evaluator"] for p in combined.parts] == [
        "evidence.document",
        "training.monthly_sessions",
    ]


# --------------------------------------------------------------------------- runs


def test_run_stores_one_row_per_school_and_indicator(xuhui_world: World) -> None:
    run = _run(xuhui_world)
    assert run.state == JobState.SUCCEEDED
    assert run.progress == run.total == N
    assert ComplianceResult.objects.filter(run=run).count() == 2 * N
    assert sum(run.summary.values()) == 2 * N
    assert run.pack_versions == {
        "xuhui-2026": PolicyPack.objects.filter(code="xuhui-2026").order_by("-version")[0].version
    }


def test_starting_again_with_unchanged_data_returns_the_same_run(xuhui_world: World) -> None:
    first = _run(xuhui_world)
    again = services.run_start(district=xuhui_world.districts["A"], school_year=YEAR)
    assert again.pk == first.pk
    sd = xuhui_world.schools["A1"]
    HomeroomAssignment.objects.filter(pk=sd.assignments[1].pk).delete()  # the data changed
    changed = services.run_start(district=xuhui_world.districts["A"], school_year=YEAR)
    assert changed.pk != first.pk


def _rows(run: ComplianceRun) -> list[tuple[Any, ...]]:
    return list(
        ComplianceResult.objects.filter(run=run)
        .order_by("school_id", "indicator_code")
        .values_list(
            "school_id",
            "indicator_code",
            "status",
            "value",
            "target",
            "missing",
            "evidence",
            "note",
        )
    )


def test_two_runs_on_unchanged_data_give_identical_rows(xuhui_world: World) -> None:
    first = _run(xuhui_world)
    second = _run(xuhui_world, force=True)
    assert first.pk != second.pk
    assert _rows(first) == _rows(second)


def test_a_run_interrupted_by_a_worker_crash_completes_once(xuhui_world: World) -> None:
    run = services.run_start(district=xuhui_world.districts["A"], school_year=YEAR)
    assert run.claim()  # the first worker took it … and died before storing anything
    services.run_execute(run_id=run.pk)  # re-delivered while its lease is live: left alone
    run.refresh_from_db()
    assert (run.state, run.attempts) == (JobState.RUNNING, 1)
    ComplianceRun.objects.filter(pk=run.pk).update(lease_expires_at=timezone.now())
    services.run_execute(run_id=run.pk)  # delivered again once the lease expired
    services.run_execute(run_id=run.pk)  # and a duplicate delivery
    run.refresh_from_db()
    assert (run.state, run.attempts, run.lease_expires_at) == (JobState.SUCCEEDED, 2, None)
    assert ComplianceResult.objects.filter(run=run).count() == 2 * N


@pytest.fixture
def sent_runs(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    from apps.compliance import tasks

    box: list[int] = []
    monkeypatch.setattr(tasks.execute_run, "delay", box.append)
    return box


def _start_again(world: World, capture: Any) -> ComplianceRun:
    with capture(execute=True):
        return services.run_start(district=world.districts["A"], school_year=YEAR)


def test_starting_again_while_a_run_is_live_returns_it_and_sends_nothing_more(
    xuhui_world: World, sent_runs: list[int], django_capture_on_commit_callbacks: Any
) -> None:
    first = _start_again(xuhui_world, django_capture_on_commit_callbacks)
    assert sent_runs == [first.pk]
    assert _start_again(xuhui_world, django_capture_on_commit_callbacks).pk == first.pk
    assert first.claim()  # a worker runs it now, its lease live
    again = _start_again(xuhui_world, django_capture_on_commit_callbacks)
    assert (again.pk, again.state) == (first.pk, JobState.RUNNING)
    assert sent_runs == [first.pk]


def test_starting_again_after_its_worker_died_revives_the_same_run(
    xuhui_world: World, sent_runs: list[int], django_capture_on_commit_callbacks: Any
) -> None:
    """Issue 8: the dead run used to be returned as live. Now it goes back to the queue
    (same run, same key: one set of results) and completes on the next delivery."""
    first = _start_again(xuhui_world, django_capture_on_commit_callbacks)
    assert first.claim()  # the worker took it … and was killed
    ComplianceRun.objects.filter(pk=first.pk).update(lease_expires_at=timezone.now())
    again = _start_again(xuhui_world, django_capture_on_commit_callbacks)
    assert (again.pk, again.state, again.lease_expires_at) == (first.pk, JobState.PENDING, None)
    assert sent_runs == [first.pk, first.pk]
    services.run_execute(run_id=again.pk)
    again.refresh_from_db()
    assert (again.state, again.attempts) == (JobState.SUCCEEDED, 2)
    assert ComplianceResult.objects.filter(run=again).count() == 2 * N
    assert ComplianceRun.objects.count() == 1


def test_starting_again_after_every_attempt_died_makes_a_new_run(
    xuhui_world: World, sent_runs: list[int], django_capture_on_commit_callbacks: Any
) -> None:
    first = _start_again(xuhui_world, django_capture_on_commit_callbacks)
    ComplianceRun.objects.filter(pk=first.pk).update(
        state=JobState.RUNNING,
        attempts=settings.JOB_MAX_ATTEMPTS,
        lease_expires_at=timezone.now(),
    )
    again = _start_again(xuhui_world, django_capture_on_commit_callbacks)
    first.refresh_from_db()
    assert first.state == JobState.ERROR and "已停止重试" in first.message
    assert again.pk != first.pk and again.state == JobState.PENDING
    assert sent_runs == [first.pk, again.pk]


def test_starting_again_sends_a_run_whose_message_was_lost(
    xuhui_world: World, sent_runs: list[int], django_capture_on_commit_callbacks: Any
) -> None:
    """Pending past the grace since it was sent (the broker lost or refused its task)."""
    first = _start_again(xuhui_world, django_capture_on_commit_callbacks)
    long_ago = timezone.now() - dt.timedelta(seconds=settings.JOB_PENDING_GRACE_SECONDS + 1)
    ComplianceRun.objects.filter(pk=first.pk).update(enqueued_at=long_ago)
    again = _start_again(xuhui_world, django_capture_on_commit_callbacks)
    assert again.pk == first.pk and again.enqueued_at > long_ago
    assert sent_runs == [first.pk, first.pk]


def test_results_are_immutable(xuhui_world: World) -> None:
    run = _run(xuhui_world)
    result = ComplianceResult.objects.filter(run=run).first()
    assert result is not None
    with pytest.raises(DatabaseError, match="immutable"), transaction.atomic():
        ComplianceResult.objects.filter(pk=result.pk).update(status="met")


def test_a_run_needs_packs(world: World) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="尚未选择政策包"):
        services.run_start(district=world.districts["A"], school_year=YEAR)


def test_latest_result_per_school_includes_a_later_school_recompute(xuhui_world: World) -> None:
    _run(xuhui_world)
    sd = xuhui_world.schools["A1"]
    HomeroomAssignment.objects.create(
        school=sd.school, district_id=sd.school.district_id, teacher=sd.teachers[2],
        school_class=sd.classes[1], school_year=YEAR, role=AssignmentRole.HOMEROOM,
    )  # fmt: skip
    reserve_and_plan(sd, YEAR)  # XH26-A1-4's reserve pool and workforce plan
    _run(xuhui_world, school=sd.school, trigger=RunTrigger.AUTO)
    latest = {
        (r.school_id, r.indicator_code): r.status
        for r in latest_results(district=xuhui_world.districts["A"], school_year=YEAR)
    }
    assert latest[(sd.school.pk, "XH26-A1-4")] == "met"
    assert latest[(xuhui_world.schools["A2"].school.pk, "XH26-A1-4")] == "partly_met"
    assert len(latest) == 2 * N


# --------------------------------------------------------------------------- recompute, nightly


def test_recompute_is_debounced(
    xuhui_world: World, settings: Any, django_capture_on_commit_callbacks: Any, monkeypatch: Any
) -> None:
    """A burst of changes gives one message and one recompute, after the last change has
    settled (issue 9 §3)."""
    settings.COMPLIANCE_RECOMPUTE_DEBOUNCE_SECONDS = 30
    school = xuhui_world.schools["A1"].school
    with django_capture_on_commit_callbacks() as callbacks:
        services.schedule_school_recompute(school=school, school_year=YEAR)
        services.schedule_school_recompute(school=school, school_year=YEAR)
    assert len(callbacks) == 1  # one delayed task for the burst …
    with django_capture_on_commit_callbacks() as resent:
        assert services.recompute_school_when_quiet(school_id=school.pk, school_year=YEAR) is None
    assert len(resent) == 1  # … woken too early, it sent itself again for the rest
    quiet = timezone.now() - dt.timedelta(seconds=31)
    RecomputeRequest.objects.filter(school=school).update(requested_at=quiet)
    run = services.recompute_school_when_quiet(school_id=school.pk, school_year=YEAR)
    assert run is not None and run.school_id == school.pk and run.trigger == RunTrigger.AUTO
    again = services.recompute_school_when_quiet(school_id=school.pk, school_year=YEAR)
    assert again is None  # the request was consumed: a duplicate delivery does no new work
    assert ComplianceRun.objects.filter(school=school).count() == 1


def test_nightly_starts_a_run_per_district_with_packs(xuhui_world: World) -> None:
    district = xuhui_world.districts["B"]
    district.policy_packs = []
    district.save(update_fields=["policy_packs"])
    assert services.nightly_runs() == 1
    assert (
        ComplianceRun.objects.filter(district=xuhui_world.districts["A"], trigger="nightly").count()
        == 1
    )


# --------------------------------------------------------------------------- scale


def _add_schools(world: World, count: int, prefix: str) -> None:
    """Schools without records, half of them in the dual-track deputy project."""
    district = world.districts["A"]
    School.objects.bulk_create(
        School(district=district, code=f"{prefix}{n}", name=f"学校{prefix}{n}",
               school_type=SchoolType.PRIMARY,
               featured_projects=["dual_track_deputy"] if n % 2 else [])
        for n in range(count)
    )  # fmt: skip


def _run_queries(world: World) -> int:
    run = services.run_start(district=world.districts["A"], school_year=YEAR, force=True)
    with CaptureQueriesContext(connection) as captured:
        services.run_execute(run_id=run.pk)
    return len(captured)


def test_a_full_run_uses_the_same_number_of_queries_for_5_and_50_schools(
    xuhui_world: World,
) -> None:
    _add_schools(xuhui_world, 3, "x")  # 5 schools
    few = _run_queries(xuhui_world)
    _add_schools(xuhui_world, 45, "y")  # 50 schools
    many = _run_queries(xuhui_world)
    assert School.objects.filter(district=xuhui_world.districts["A"]).count() == 50
    assert many == few


def test_the_dashboard_uses_the_same_number_of_queries_for_5_and_50_schools(
    xuhui_world: World, client_for: Any
) -> None:
    from django.urls import reverse

    district = xuhui_world.districts["A"]
    url = reverse("compliance:dashboard", kwargs={"district_id": district.pk})
    client = client_for("A.admin")
    _add_schools(xuhui_world, 3, "x")
    _run(xuhui_world, force=True)
    cache.clear()  # each measured page built from the database, not the dashboard's cache
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _add_schools(xuhui_world, 45, "z")
    _run(xuhui_world, force=True)
    cache.clear()
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count('class="cell"') == 50 * N
    assert len(many) == len(few)


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("homeroom_coverage_target", True, "请填写数字"),
        ("homeroom_coverage_target", 90, "0 到 1 之间"),
        ("excellent_share_min", -0.1, "不能为负数"),
        ("deputy_pilot_min", "一个", "请填写数字"),
    ],
)
def test_overrides_that_would_break_evaluation_are_refused(
    xuhui_world: World, key: str, value: Any, message: str
) -> None:
    from django.core.exceptions import ValidationError

    from apps.compliance.models import ParameterOverride

    with pytest.raises(ValidationError, match=message):
        services.parameter_override_set(
            district=xuhui_world.districts["A"],
            pack_code="xuhui-2026",
            key=key,
            value=value,
            reason="测试",
            actor=xuhui_world.user("A.admin"),
        )
    assert not ParameterOverride.objects.exists()


def test_results_of_a_pack_the_district_dropped_are_not_shown(xuhui_world: World) -> None:
    _run(xuhui_world)
    district = xuhui_world.districts["A"]
    assert latest_results(district=district, school_year=YEAR).count() == 2 * N
    district.policy_packs = ["putuo-2024"]
    district.save(update_fields=["policy_packs"])
    assert latest_results(district=district, school_year=YEAR).count() == 0


def test_ls15_eligible_partly_met_when_some_homeroom_teachers_lack_the_years(
    world: World, packs: None
) -> None:
    """LS15-ELIGIBLE: ≥ 1 year of teaching and a C-or-above certificate, per teacher."""
    district = world.districts["A"]
    district.policy_packs = ["lishui-2015"]
    district.save(update_fields=["policy_packs"])
    sd = world.schools["A1"]
    Teacher.objects.filter(pk__in=[t.pk for t in sd.teachers]).update(
        psych_certificate=PsychCertificate.C
    )
    HomeroomAssignment.objects.create(
        school=sd.school, district_id=sd.school.district_id, teacher=sd.teachers[2],
        school_class=sd.classes[1], school_year=YEAR, role=AssignmentRole.HOMEROOM,
    )  # fmt: skip
    Teacher.objects.filter(pk=sd.teachers[2].pk).update(teaching_since=timezone.localdate())
    outcome = _evaluate(world)[("学校MK-A1-", "LS15-ELIGIBLE")]
    assert outcome.status == "partly_met"
    assert outcome.value == "符合任职条件 1/2 人"
    assert outcome.target == "全部班主任教学经历满 1 年且持心理健康教育C级及以上证书"
    assert outcome.missing == [f"{sd.teachers[2].name}：教育教学工作经历不满 1 年"]
