"""/api/v1/ of probation: one router for every probation endpoint, one module per
sub-domain.

* `schools/<school_id>/trainees/` — trainees with their progress and their actions;
* `schools/<school_id>/probation-assessments/` — the school's two assessment levels;
* `districts/<district_id>/graduation-candidates/` — the 区级结业考核 queue;
* `me/probation/` — the caller's own probation (`MyProbationView`, in config/api_urls);
* `schools/<school_id>/deputies/`, `case-guidance/`, `reserve/`, `home-visits/`,
  `eligibility-exceptions/` — deputies, the reserve pool, lishui-2015 (`deputies`).
"""

from rest_framework.routers import DefaultRouter

from .deputies import (
    CaseGuidanceViewSet,
    DeputyViewSet,
    EligibilityExceptionViewSet,
    HomeVisitViewSet,
    ReserveViewSet,
)
from .trainees import (
    GraduationCandidateViewSet,
    MyProbationView,
    SchoolAssessmentViewSet,
    TraineeViewSet,
)

__all__ = ["MyProbationView", "router"]

router = DefaultRouter()
router.include_root_view = False
router.include_format_suffixes = False
SCHOOL = r"schools/(?P<school_id>\d+)"
DISTRICT = r"districts/(?P<district_id>\d+)"
router.register(f"{SCHOOL}/trainees", TraineeViewSet, basename="trainee")
router.register(
    f"{SCHOOL}/probation-assessments", SchoolAssessmentViewSet, basename="probation-assessment"
)
router.register(
    f"{DISTRICT}/graduation-candidates", GraduationCandidateViewSet, basename="graduation-candidate"
)
router.register(f"{SCHOOL}/deputies", DeputyViewSet, basename="deputy")
router.register(f"{SCHOOL}/case-guidance", CaseGuidanceViewSet, basename="case-guidance")
router.register(f"{SCHOOL}/reserve", ReserveViewSet, basename="reserve-entry")
router.register(f"{SCHOOL}/home-visits", HomeVisitViewSet, basename="home-visit")
router.register(
    f"{SCHOOL}/eligibility-exceptions",
    EligibilityExceptionViewSet,
    basename="eligibility-exception",
)
