"""The demo world in order: each app adds its records on top of the ones below it.

For every district of `apps.people.demo.DISTRICTS`, in one transaction:

1. the policy packs (once, idempotent);
2. `people.demo.seed_people_demo`: the district, its schools, teachers, classes,
   homeroom assignments and one login per role;
3. `evidence.demo.seed_evidence_demo`: documents and attestations in every review state,
   submitted by each school's leader and reviewed by the district's reviewer;
4. `training.demo.seed_training_demo`: this school year's sessions, attendance, external
   records and archive entries;
4a. `probation.demo.seed_probation_demo`: trainees at every stage (appointed, short of
   hours, in the district's queue, deferred) where the packs hold XH26-A1-1;
4b. `studios.demo.seed_studios_demo`: a district studio across three schools with its
   lead's login, school studios that met, partly met and missed their monthly sessions,
   workshops with and short of their course, briefs on time, late and missing, and the
   studio rules in every state, where the packs hold XH26-A2-2;
4c. `backbone.demo.seed_backbone_demo`: the 2023 backbone cohort where the packs hold
   xuhui-backbone-2023, the talent pool and growth teams where they hold xinbei-2023;
5. in 新桥区, a homeroom teacher of its second school moved to its first the day after
   the year's last session so far, and a session there they attended (ADR 0012: one
   person, hours at both schools, `people.demo.seed_transfer_demo`);
6. a compliance run of the district, so the dashboards open with results;
7. `reports.demo.seed_reports_demo`: the district report (PDF and Excel) and the first
   school's report in the archive, and the monthly schedule on;
8. `reports.demo.seed_notices_demo`: everyone's 消息中心 with today's 待办 reminders.

Every step is keyed by codes or skipped when its rows exist: running it again changes
nothing.
"""

from __future__ import annotations

from django.db import transaction

from apps.backbone.demo import seed_backbone_demo
from apps.compliance.models import RunTrigger
from apps.compliance.packs import load_all as load_all_packs
from apps.compliance.services import run_execute, run_start
from apps.core.schoolyear import current_school_year
from apps.evidence.demo import seed_evidence_demo
from apps.people.demo import DEMO_PASSWORD, DISTRICTS, seed_people_demo, seed_transfer_demo
from apps.probation.demo import seed_pipeline_demo, seed_probation_demo
from apps.reports.demo import seed_notices_demo, seed_reports_demo
from apps.studios.demo import seed_studios_demo
from apps.training.demo import seed_training_demo, seed_transferred_hours, transfer_demo_day

# The district whose demo has a teacher who moved between its schools (ADR 0012).
TRANSFER_DISTRICT = "xinqiao"


@transaction.atomic
def seed_demo(*, year: int | None = None) -> dict[str, int]:
    """Build (or complete) the demo world; returns how many schools were populated now."""
    year = year or current_school_year()
    load_all_packs()
    populated = 0
    for spec in DISTRICTS:
        people = seed_people_demo(spec, year=year)
        populated += people.schools_populated
        seed_evidence_demo(
            district=people.district,
            year=year,
            leader_of=people.leader_of,
            reviewer=people.reviewer,
        )
        seed_training_demo(district=people.district, year=year, leader_of=people.leader_of)
        seed_probation_demo(
            district=people.district, year=year, leader_of=people.leader_of,
            reviewer=people.reviewer,
        )  # fmt: skip
        seed_pipeline_demo(district=people.district, year=year, leader_of=people.leader_of)
        seed_studios_demo(
            district=people.district, year=year, prefix=spec.login_prefix,
            password=DEMO_PASSWORD, leader_of=people.leader_of, reviewer=people.reviewer,
        )  # fmt: skip
        seed_backbone_demo(
            district=people.district, year=year, prefix=spec.login_prefix,
            password=DEMO_PASSWORD, leader_of=people.leader_of, reviewer=people.reviewer,
        )  # fmt: skip
        day = transfer_demo_day(year)
        if spec.code == TRANSFER_DISTRICT and day is not None:
            moved = seed_transfer_demo(people, on=day)
            if moved is not None:
                seed_transferred_hours(teacher=moved, leader=people.leader_of(moved.school))
        run = run_start(district=people.district, school_year=year, trigger=RunTrigger.COMMAND)
        run_execute(run_id=run.pk)
        seed_reports_demo(district=people.district, reviewer=people.reviewer, year=year)
    seed_notices_demo()
    return {"schools_populated": populated}
