"""DRF base classes that resolve the tenant from the URL once and hand over a vetted object.

A viewset under `/api/v1/schools/<school_id>/…` mixes in `SchoolScopedAPI`: after
authentication, `initial()` calls `access_school` (write access for unsafe methods) and
stores the school on `self.school`; the handler's queryset is then built from it. A school
the caller may not see answers 404 exactly like one that does not exist.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from rest_framework.permissions import SAFE_METHODS
from rest_framework.request import Request

from .access import access_district, access_school
from .models import District, Role, School


class SchoolScopedAPI:
    school_url_kwarg = "school_id"
    school: School

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)  # type: ignore[misc]
        if getattr(self, "swagger_fake_view", False):
            return
        self.school = access_school(
            request.user,  # type: ignore[arg-type]
            kwargs[self.school_url_kwarg],
            write=request.method not in SAFE_METHODS,
        )


class DistrictScopedAPI:
    """`self.district` for the district's roles (and a city's above it); with
    `district_roles`, only for those roles held at the district itself (else 404)."""

    district_url_kwarg = "district_id"
    district_roles: ClassVar[Iterable[str] | None] = None
    district: District

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)  # type: ignore[misc]
        if getattr(self, "swagger_fake_view", False):
            return
        self.district = access_district(
            request.user,  # type: ignore[arg-type]
            kwargs[self.district_url_kwarg],
            roles=self.district_roles,
        )


class DistrictAdminAPI(DistrictScopedAPI):
    """The district's own admin only, reads included — as on the portal's pages of 学校管理
    and 账号管理: its reviewers and a city's roles get the same 404 as a stranger."""

    district_roles = (Role.DISTRICT_ADMIN,)
