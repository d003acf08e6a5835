"""Writes of the compliance engine: starting and executing runs, the debounced recompute
of one school, nightly runs, and district parameter overrides.

A run is a kit job (`apps.core.models.JobBase`): claimed with a lease, kept alive by its
heartbeat, finished once, and looked after by the kit's reconciler (registered below),
which sends a dead run's task again. `run_start` does the same for the run it would
return: a repeated start never hands back a dead run as if it were live.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections import Counter
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from apps.core.jobs import register_job, register_sweep
from apps.core.models import JobState, LeaseLost
from apps.core.plausible import plausible_school_year
from apps.core.queue import enqueue_on_commit
from apps.core.schoolyear import current_school_year
from apps.tenancy import services as tenancy_services
from apps.tenancy.models import District, School

from . import engine, fanout
from . import packs as pack_data
from .models import (
    ComplianceRun,
    PackParameter,
    ParameterOverride,
    RecomputeRequest,
    RunTrigger,
)
from .store import store_results

if TYPE_CHECKING:
    from apps.accounts.models import User

logger = logging.getLogger(__name__)
LIVE_STATES = (JobState.PENDING, JobState.RUNNING, JobState.SUCCEEDED)

# Task names (apps/compliance/tasks.py registers them; services send them by name).
EXECUTE_RUN = "compliance.execute_run"
RECOMPUTE_SCHOOL = "compliance.recompute_school"
SYSTEM_ERROR = "评估时发生系统错误，已记录。请稍后重试；如反复出现，请联系管理员。"

register_job(ComplianceRun, task=EXECUTE_RUN)


def _run_key(*parts: object) -> str:
    return hashlib.sha256("|".join(str(p) for p in parts).encode()).hexdigest()


def run_start(
    *,
    district: District,
    school_year: int,
    school: School | None = None,
    trigger: str = RunTrigger.MANUAL,
    actor: User | None = None,
    force: bool = False,
) -> ComplianceRun:
    """Start a run, or return the one already made for the same district, year, school,
    reference date, pack versions and data (idempotent). The task is enqueued after commit.

    The run returned is live: if the one already made is dead (running with an expired
    lease — its worker died — or pending past the grace since it was sent — its message
    was lost or never sent), it is put back to pending and its task sent again, rather
    than a second run made for the same key: the person keeps watching the same run and
    the results stay one set per key. A run whose attempts all died (the kit gives up on
    it) is replaced by a new one."""
    if school is not None and school.district_id != district.pk:
        raise ValidationError({"school": "该学校不属于本区。"})
    active = pack_data.active_packs(district)
    if not active:
        raise ValidationError(
            {"district": "本区尚未选择政策包，请先在系统管理中为本区配置政策包。"}
        )
    versions = {pack.code: pack.version for pack in active}
    as_of = engine.as_of_for(school_year)
    data_version = engine.fingerprint(district, school_year, active, school)
    key = _run_key(
        district.pk,
        school_year,
        school.pk if school else "",
        as_of,
        sorted(versions.items()),
        data_version,
    )
    with transaction.atomic():
        District.objects.select_for_update().filter(pk=district.pk).first()  # serialise starts
        if not force:
            existing = ComplianceRun.objects.filter(key=key, state__in=LIVE_STATES).first()
            if existing and existing.revive():
                enqueue_on_commit(EXECUTE_RUN, existing.pk)
            if existing and existing.state != JobState.ERROR:  # ERROR: its attempts all died
                return existing
        run = ComplianceRun.objects.create(
            district=district,
            school=school,
            school_year=school_year,
            as_of=as_of,
            pack_versions=versions,
            data_version=data_version,
            key=key,
            trigger=trigger,
            requested_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        enqueue_on_commit(EXECUTE_RUN, run.pk)
    return run


def run_execute(*, run_id: int) -> None:
    """Evaluate and store a run's results in one transaction with its `finish`, under the
    run's heartbeat. A run interrupted by a worker crash left nothing behind and is taken
    again once its lease expires; an attempt that lost its lease keeps nothing (`finish`
    raises `LeaseLost` and the results roll back), so a run completes exactly once."""
    run = ComplianceRun.objects.select_related("district", "school").filter(pk=run_id).first()
    if run is None or not run.claim():
        return
    if run.school_id is None:
        school_ids = list(
            School.objects.filter(district=run.district)
            .order_by("code")
            .values_list("pk", flat=True)
        )
        if fanout.fans_out(run, len(school_ids)):
            fanout.dispatch(run, school_ids)  # the chunks' workers take it from here
            return
    try:
        with run.heartbeat():
            _evaluate_and_store(run)
    except LeaseLost:
        logger.warning("compliance run %s: taken over by another attempt", run.pk)
    except Exception:
        logger.exception("compliance run %s failed", run.pk, extra={"run_id": run.pk})
        try:
            run.finish(JobState.ERROR, SYSTEM_ERROR)
        except LeaseLost:
            logger.warning("compliance run %s: taken over before its failure was recorded", run.pk)


def _evaluate_and_store(run: ComplianceRun) -> None:
    schools = (
        [run.school]
        if run.school
        else list(School.objects.filter(district=run.district).order_by("code"))
    )
    evaluated = engine.evaluate(
        district=run.district,
        school_year=run.school_year,
        schools=schools,
        as_of=run.as_of,
        progress=run.report_progress,
        whole_district=run.school is None,
        district_scope=run.school is None,
    )
    finished = timezone.now()
    summary = dict(Counter(item.outcome.status for item in evaluated))
    with transaction.atomic():
        written = store_results(run, evaluated, finished)
        run.finish(
            JobState.SUCCEEDED,
            f"已评估 {len(schools)} 所学校、{run.total} 项指标，共 {written} 条结果。",
            at=finished,
            summary=summary,
        )


# --------------------------------------------------------------------------- recompute


def schedule_school_recompute(*, school: School, school_year: int | None = None) -> None:
    """A school's records or evidence changed: recompute it once things are quiet.

    Trailing-edge debounce, one record per school and year (`RecomputeRequest`): every
    change moves its `requested_at`; only the change that creates the record sends a
    delayed task. The task, woken before the quiet period has passed since the last
    change, sends itself again for the rest of it; once quiet it starts the school's run
    and deletes the record in one transaction. A burst of changes — ten saves in a
    second — gives one message and one recompute, after the last of them. A record left
    behind by a lost message or a worker that died before its commit is found by the
    kit's reconciler (`recompute_due`, registered below); the run it starts is a job with
    a lease like any other (ADR 0008).
    """
    year = school_year if school_year is not None else current_school_year()
    if not plausible_school_year(year):
        # No record can be about such a year (the services refuse them); one stored before
        # they did never starts a run that could only crash on its dates.
        logger.warning("recompute of school %s for implausible year %s skipped", school.pk, year)
        return
    _request, created = RecomputeRequest.objects.update_or_create(
        school=school,
        school_year=year,
        defaults={"district_id": school.district_id, "requested_at": timezone.now()},
    )
    if settings.CELERY_TASK_ALWAYS_EAGER:
        # No broker, no delayed tasks: recompute right after the commit, in this process.
        transaction.on_commit(
            lambda: recompute_school_when_quiet(school_id=school.pk, school_year=year, wait=False)
        )
        return
    if created:
        delay = settings.COMPLIANCE_RECOMPUTE_DEBOUNCE_SECONDS
        enqueue_on_commit(RECOMPUTE_SCHOOL, school.pk, year, countdown=delay)


def recompute_school_when_quiet(
    *, school_id: int, school_year: int, wait: bool = True
) -> ComplianceRun | None:
    """Start the school's recompute once no change came for the debounce period (at
    once with `wait=False`), consuming its request; None when there is nothing to do
    yet (the task has been sent again for the rest of the period) or any more."""
    debounce = settings.COMPLIANCE_RECOMPUTE_DEBOUNCE_SECONDS
    with transaction.atomic():
        request = (
            RecomputeRequest.objects.select_for_update(skip_locked=True)
            .filter(school_id=school_id, school_year=school_year)
            .first()
        )
        if request is None:
            return None  # done already, or being done by another worker right now
        quiet = (timezone.now() - request.requested_at).total_seconds()
        if wait and quiet < debounce * 0.9:
            enqueue_on_commit(
                RECOMPUTE_SCHOOL, school_id, school_year, countdown=max(1, round(debounce - quiet))
            )
            return None
        request.delete()
        school = School.objects.select_related("district").get(pk=school_id)
        if not pack_data.active_packs(school.district):
            return None
        return run_start(
            district=school.district,
            school_year=school_year,
            school=school,
            trigger=RunTrigger.AUTO,
        )


def recompute_due(*, limit: int = 200) -> int:
    """The reconciler's sweep: start every recompute whose request has been quiet past
    the debounce period and is still there (its message lost, or its worker gone before
    the commit); the number started."""
    cutoff = timezone.now() - dt.timedelta(seconds=settings.COMPLIANCE_RECOMPUTE_DEBOUNCE_SECONDS)
    due = (
        RecomputeRequest.objects.filter(requested_at__lte=cutoff)
        .order_by("requested_at")
        .values_list("school_id", "school_year")[:limit]
    )
    started = 0
    for school_id, school_year in list(due):
        run = recompute_school_when_quiet(school_id=school_id, school_year=school_year)
        started += run is not None
    return started


register_sweep(recompute_due)


def nightly_runs() -> int:
    """Beat: a district-wide run of the current school year for every district with packs."""
    year = current_school_year()
    started = 0
    for district in District.objects.exclude(policy_packs=[]):
        if pack_data.active_packs(district):
            run_start(district=district, school_year=year, trigger=RunTrigger.NIGHTLY)
            started += 1
    return started


# --------------------------------------------------------------------------- overrides


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _check_override_value(original: Any, value: Any) -> None:
    """Same kind as the policy's value; a share (0–1) stays a share; no negative numbers."""
    if _is_number(original):
        if not _is_number(value):
            raise ValidationError({"value": f"请填写数字（政策原值为 {original}）。"})
        if value < 0:
            raise ValidationError({"value": "取值不能为负数。"})
        if isinstance(original, float) and 0 < original <= 1 and not 0 < value <= 1:
            raise ValidationError(
                {
                    "value": "该参数是比例，请填写 0 到 1 之间的小数（如 0.3 表示 30%），"
                    f"政策原值为 {original}。"
                }
            )
    elif type(value) is not type(original):
        raise ValidationError({"value": f"取值类型应与政策原值一致（原值为 {original}）。"})


def parameter_override_set(
    *,
    district: District,
    pack_code: str,
    key: str,
    value: Any,
    reason: str,
    actor: User,
    clear: bool = False,
) -> ParameterOverride:
    """Record a district's own value for a pack parameter (who, when, why)."""
    if pack_code not in district.policy_packs:
        raise ValidationError({"pack_code": "本区未采用该政策包。"})
    parameter = (
        PackParameter.objects.filter(pack__code=pack_code, key=key)
        .order_by("-pack__version")
        .first()
    )
    if parameter is None:
        raise ValidationError({"key": f"政策包 {pack_code} 中没有参数 {key}。"})
    if not reason.strip():
        raise ValidationError({"reason": "请填写调整理由（将记录在案）。"})
    if not clear:
        _check_override_value(parameter.value, value)
    return ParameterOverride.objects.create(
        district=district,
        pack_code=pack_code,
        key=key,
        value=None if clear else value,
        cleared=clear,
        reason=reason.strip(),
        set_by=actor,
    )


def district_packs_choose(
    *, actor: User, district: District, packs: list[str], reason: str
) -> None:
    """The district admin's choice of policy packs (issue 10 §2), with the reason kept on
    the district's history row (who and when come with it); the chosen packs are loaded
    if they are not yet, and the district's results are computed again."""
    unknown = pack_data.unknown_packs(packs)
    if unknown:
        raise ValidationError({"packs": f"未知的政策包：{'、'.join(unknown)}。"})
    with transaction.atomic():
        tenancy_services.district_packs_set(
            actor=actor, district=district, packs=packs, reason=reason
        )
        pack_data.packs_ensure_loaded(packs)
