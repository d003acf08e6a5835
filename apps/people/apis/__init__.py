"""/api/v1/ of people: one router, one module per sub-domain.

* `schools/<school_id>/{teachers,classes,assignments,roster-imports,transfers}/` and
  `districts/<district_id>/transfers/` — the roster, its import and transfers (`roster`);
* `schools/<school_id>/teacher-logins/` — the school leader's logins for the teachers
  on its roster (`logins`).

Each viewset mixes in `SchoolScopedAPI` (or `DistrictScopedAPI`), which resolves and vets
the school once; the queryset comes from a selector scoped to it, and writes go through
the services.
"""

from rest_framework.routers import DefaultRouter

from .logins import TeacherLoginViewSet
from .roster import (
    AssignmentViewSet,
    ClassViewSet,
    DistrictTransferViewSet,
    RosterImportViewSet,
    TeacherViewSet,
    TransferViewSet,
)

__all__ = ["router"]

router = DefaultRouter()
router.include_root_view = False
router.include_format_suffixes = False
SCHOOL = r"schools/(?P<school_id>\d+)"
router.register(f"{SCHOOL}/teachers", TeacherViewSet, basename="teacher")
router.register(f"{SCHOOL}/classes", ClassViewSet, basename="class")
router.register(f"{SCHOOL}/assignments", AssignmentViewSet, basename="assignment")
router.register(f"{SCHOOL}/roster-imports", RosterImportViewSet, basename="roster-import")
router.register(f"{SCHOOL}/transfers", TransferViewSet, basename="transfer")
router.register(
    r"districts/(?P<district_id>\d+)/transfers",
    DistrictTransferViewSet,
    basename="district-transfer",
)
router.register(f"{SCHOOL}/teacher-logins", TeacherLoginViewSet, basename="teacher-login")
