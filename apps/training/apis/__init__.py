"""/api/v1/ of training: one router for every training endpoint, one module per sub-domain.

* `schools/<school_id>/training-activities/` — activities, their sign-in and attachments
  (`activities`);
* `schools/<school_id>/external-training/` — 学时审定 of the teachers' external records;
  `me/training/` — the caller's own progress and records, `me/training/records/<id>/` —
  one of them, corrected or withdrawn while it waits (`external`);
* `schools/<school_id>/ledger/` — the hours ledger and its reversals (`ledger`);
* `schools/<school_id>/credits/` — end-of-semester credits (`credits`);
* `schools/<school_id>/archive-entries/` — development-archive entries (`archive`);
* `districts/<district_id>/research-sessions/` — the schools' research sessions and the
  district's spot-check (`research`);
* `districts/<district_id>/cohorts/` — 启航 / 续航 / 领航 cohorts and members (`programmes`);
* `districts/<district_id>/surveys/`, `schools/<school_id>/surveys/` — needs surveys and
  their tallies (`surveys`);
* `schools/<school_id>/evaluation-records/` — process and outcome evaluation (`evaluations`).

The district or school comes from the URL through `DistrictScopedAPI`/`SchoolScopedAPI`
(reads: its roles; writes: the school's leader, or the district's admin through
`DistrictAdminWritesAPI`); every row is fetched through a selector scoped to it, so
another tenant's row is a 404. Writes go through the services. Ids in filters and bodies
are plain numbers resolved inside the scope, never model choices (no existence oracle).
"""

from rest_framework.routers import DefaultRouter

from .activities import ActivityViewSet
from .archive import ArchiveEntryViewSet
from .credits import CreditViewSet
from .evaluations import EvaluationRecordViewSet
from .external import ExternalViewSet, MyExternalViewSet, MyTrainingView
from .ledger import LedgerViewSet
from .programmes import CohortViewSet
from .research import ResearchSessionViewSet
from .surveys import DistrictSurveyViewSet, SchoolSurveyViewSet

__all__ = ["MyTrainingView", "router"]

router = DefaultRouter()
router.include_root_view = False
router.include_format_suffixes = False
SCHOOL = r"schools/(?P<school_id>\d+)"
DISTRICT = r"districts/(?P<district_id>\d+)"
router.register(f"{SCHOOL}/training-activities", ActivityViewSet, basename="training-activity")
router.register(f"{SCHOOL}/external-training", ExternalViewSet, basename="external-training")
router.register("me/training/records", MyExternalViewSet, basename="my-external-training")
router.register(f"{SCHOOL}/ledger", LedgerViewSet, basename="ledger-entry")
router.register(f"{SCHOOL}/credits", CreditViewSet, basename="credit")
router.register(f"{SCHOOL}/archive-entries", ArchiveEntryViewSet, basename="archive-entry")
router.register(f"{DISTRICT}/cohorts", CohortViewSet, basename="cohort")
router.register(
    f"{DISTRICT}/research-sessions", ResearchSessionViewSet, basename="research-session"
)
router.register(f"{DISTRICT}/surveys", DistrictSurveyViewSet, basename="district-survey")
router.register(f"{SCHOOL}/surveys", SchoolSurveyViewSet, basename="school-survey")
router.register(
    f"{SCHOOL}/evaluation-records", EvaluationRecordViewSet, basename="evaluation-record"
)
