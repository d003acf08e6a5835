"""/api/v1/ of the studios: one router for every studios endpoint, one module per topic.

* `districts/<district_id>/teams/` — the district's studios and workshops, `<id>/members/`
  their rosters; `schools/<school_id>/teams/` — a school's teams (`teams`);
* `teams/<team_id>/briefs/`, `districts/<district_id>/briefs/board/` — quarterly briefs
  (XB23-BRIEF, `briefs`);
* `teams/<team_id>/outcomes/` — a team's outcomes (`outcomes`);
* `teams/` — the caller's teams; `teams/<team_id>/sessions/` — a team's sessions (`sessions`).
"""

from rest_framework.routers import DefaultRouter

from .briefs import BriefBoardViewSet, TeamBriefViewSet
from .outcomes import TeamOutcomeViewSet
from .sessions import MyTeamViewSet, TeamSessionViewSet
from .teams import SchoolTeamViewSet, TeamViewSet

__all__ = ["router"]

router = DefaultRouter()
router.include_root_view = False
router.include_format_suffixes = False
TEAM = r"teams/(?P<team_id>\d+)"
SCHOOL = r"schools/(?P<school_id>\d+)"
DISTRICT = r"districts/(?P<district_id>\d+)"
# teams
router.register(f"{DISTRICT}/teams", TeamViewSet, basename="team")
router.register(f"{SCHOOL}/teams", SchoolTeamViewSet, basename="school-team")
# quarterly briefs
router.register(f"{TEAM}/briefs", TeamBriefViewSet, basename="team-brief")
router.register(f"{DISTRICT}/briefs", BriefBoardViewSet, basename="district-brief")
# outcomes
router.register(f"{TEAM}/outcomes", TeamOutcomeViewSet, basename="team-outcome")
# the lead's space and sessions
router.register("teams", MyTeamViewSet, basename="my-team")
router.register(f"{TEAM}/sessions", TeamSessionViewSet, basename="team-session")
