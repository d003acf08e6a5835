"""/api/v1/ of probation: one router for every probation endpoint, one module per
sub-domain (trainees and assessments; deputies, the reserve pool and eligibility)."""

from rest_framework.routers import DefaultRouter

from .deputies import (
    CaseGuidanceViewSet,
    DeputyViewSet,
    EligibilityExceptionViewSet,
    HomeVisitViewSet,
    ReserveViewSet,
)

__all__ = ["router"]

router = DefaultRouter()
router.include_root_view = False
SCHOOL = r"schools/(?P<school_id>\d+)"
# deputies, the reserve pool, lishui-2015 (apis/deputies.py)
router.register(f"{SCHOOL}/deputies", DeputyViewSet, basename="deputy")
router.register(f"{SCHOOL}/case-guidance", CaseGuidanceViewSet, basename="case-guidance")
router.register(f"{SCHOOL}/reserve", ReserveViewSet, basename="reserve-entry")
router.register(f"{SCHOOL}/home-visits", HomeVisitViewSet, basename="home-visit")
router.register(
    f"{SCHOOL}/eligibility-exceptions",
    EligibilityExceptionViewSet,
    basename="eligibility-exception",
)
