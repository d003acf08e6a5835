"""/api/v1/ of the backbone app: one router for every backbone endpoint, one module per
topic (each block below registers its topic's viewsets)."""

from rest_framework.routers import DefaultRouter

__all__ = ["router"]

router = DefaultRouter()
router.include_root_view = False
router.include_format_suffixes = False
SCHOOL = r"schools/(?P<school_id>\d+)"
DISTRICT = r"districts/(?P<district_id>\d+)"

# ---- cohort and tasks ----
from .cohort import DistrictMemberViewSet, MyTaskViewSet, SchoolMemberViewSet  # noqa: E402

router.register(f"{DISTRICT}/backbone-members", DistrictMemberViewSet, basename="backbone-member")
router.register(
    f"{SCHOOL}/backbone-members", SchoolMemberViewSet, basename="school-backbone-member"
)
router.register("me/backbone-tasks", MyTaskViewSet, basename="my-backbone-task")
# ---- end cohort ----

# ---- assessments ----
from .assessments import DistrictAssessmentViewSet, MyAssessmentViewSet  # noqa: E402

router.register(
    rf"{DISTRICT}/backbone/assessments", DistrictAssessmentViewSet, basename="backbone-assessment"
)
router.register(r"me/backbone/assessments", MyAssessmentViewSet, basename="my-backbone-assessment")
# ---- end assessments ----

# ---- allowance ----
from .allowance import DistrictAllowanceViewSet, SchoolAllowanceViewSet  # noqa: E402

router.register(
    f"{SCHOOL}/backbone-allowance", SchoolAllowanceViewSet, basename="backbone-allowance"
)
router.register(
    f"{DISTRICT}/backbone-allowance",
    DistrictAllowanceViewSet,
    basename="backbone-allowance-district",
)
# ---- end allowance ----

# ---- pool ----
from .pool import DistrictPoolEntryViewSet, SchoolPoolEntryViewSet  # noqa: E402

router.register(f"{SCHOOL}/pool-entries", SchoolPoolEntryViewSet, basename="school-pool-entry")
router.register(
    f"{DISTRICT}/pool-entries", DistrictPoolEntryViewSet, basename="district-pool-entry"
)
# ---- end pool ----

# ---- teams ----
from .teams import (  # noqa: E402
    DistrictAdmissionViewSet,
    DistrictTeamViewSet,
    MyTeamViewSet,
    SchoolAdmissionViewSet,
)

router.register(rf"{DISTRICT}/backbone/teams", DistrictTeamViewSet, basename="backbone-team")
router.register(
    rf"{DISTRICT}/backbone/team-admissions",
    DistrictAdmissionViewSet,
    basename="backbone-team-admission",
)
router.register(
    rf"{SCHOOL}/backbone/team-admissions",
    SchoolAdmissionViewSet,
    basename="school-backbone-team-admission",
)
router.register(r"me/backbone/teams", MyTeamViewSet, basename="my-backbone-team")
# ---- end teams ----

# ---- work ----
from .work import (  # noqa: E402
    DistrictColumnViewSet,
    DistrictProjectViewSet,
    DistrictShowcaseViewSet,
    MyFiveViewSet,
    SchoolFiveViewSet,
)

router.register(f"{SCHOOL}/backbone/five", SchoolFiveViewSet, basename="backbone-five")
router.register("me/backbone/five", MyFiveViewSet, basename="my-backbone-five")
router.register(
    f"{DISTRICT}/backbone/showcases", DistrictShowcaseViewSet, basename="backbone-showcase"
)
router.register(
    f"{DISTRICT}/backbone/projects", DistrictProjectViewSet, basename="backbone-project"
)
router.register(f"{DISTRICT}/backbone/column", DistrictColumnViewSet, basename="backbone-column")
# ---- end work ----
