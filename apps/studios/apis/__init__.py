"""/api/v1/ of studios: one router for every studios endpoint, one module per sub-domain.

* `districts/<district_id>/teams/` — the district's studios and workshops, `<id>/members/`
  their rosters (`teams`);
* `schools/<school_id>/teams/` — a school's teams (`teams`).
"""

from rest_framework.routers import DefaultRouter

from .teams import SchoolTeamViewSet, TeamViewSet

__all__ = ["router"]

router = DefaultRouter()
router.include_root_view = False
router.include_format_suffixes = False
SCHOOL = r"schools/(?P<school_id>\d+)"
DISTRICT = r"districts/(?P<district_id>\d+)"
# studios: teams
router.register(f"{DISTRICT}/teams", TeamViewSet, basename="team")
router.register(f"{SCHOOL}/teams", SchoolTeamViewSet, basename="school-team")
