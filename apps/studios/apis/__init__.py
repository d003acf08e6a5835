"""/api/v1/ of studios: one router for every studios endpoint, one module per topic.

* `teams/<team_id>/outcomes/` — a team's outcomes (`outcomes`).
"""

from rest_framework.routers import DefaultRouter

from .outcomes import TeamOutcomeViewSet

__all__ = ["router"]

router = DefaultRouter()
router.include_root_view = False
router.include_format_suffixes = False
TEAM = r"teams/(?P<team_id>\d+)"
router.register(f"{TEAM}/outcomes", TeamOutcomeViewSet, basename="team-outcome")
