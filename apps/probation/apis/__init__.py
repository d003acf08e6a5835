"""/api/v1/ of probation: one router for every probation endpoint, one module per
sub-domain (trainees and assessments; deputies, the reserve pool and eligibility).

* `schools/<school_id>/trainees/` — trainees with their progress and their actions;
* `schools/<school_id>/probation-assessments/` — the school's two assessment levels;
* `districts/<district_id>/graduation-candidates/` — the 区级结业考核 queue;
* `me/probation/` — the caller's own probation (`MyProbationView`, in config/api_urls).
"""

from rest_framework.routers import DefaultRouter

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
