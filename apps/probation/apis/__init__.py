"""/api/v1/ of probation: one router for every probation endpoint, one module per
sub-domain (trainees and assessments; deputies, the reserve pool and eligibility)."""

from rest_framework.routers import DefaultRouter

__all__ = ["router"]

router = DefaultRouter()
router.include_root_view = False
