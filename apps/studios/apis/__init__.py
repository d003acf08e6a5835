"""/api/v1/ of studios: one router for every studios endpoint, one module per sub-domain.

* `teams/` — the caller's teams; `teams/<team_id>/sessions/` — a team's sessions (`sessions`).
"""

from rest_framework.routers import DefaultRouter

from .sessions import MyTeamViewSet, TeamSessionViewSet

__all__ = ["router"]

router = DefaultRouter()
router.include_root_view = False
router.include_format_suffixes = False
TEAM = r"teams/(?P<team_id>\d+)"
# studios: space and sessions
router.register("teams", MyTeamViewSet, basename="my-team")
router.register(f"{TEAM}/sessions", TeamSessionViewSet, basename="team-session")
