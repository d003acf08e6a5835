"""What the training API views share: the shape of a file download in the schema, the id
pattern of the routes, reading an uploaded file, and the district base class whose unsafe
methods need the district's admin."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import SAFE_METHODS
from rest_framework.request import Request

from apps.core.schema import file_responses
from apps.tenancy.access import access_district
from apps.tenancy.api import DistrictScopedAPI
from apps.tenancy.models import Role

FILE_RESPONSE = file_responses("证明材料（PDF、Word、Excel 或图片），以附件形式下载")
ID = r"\d+"


class DistrictAdminWritesAPI(DistrictScopedAPI):
    """The district's roles read; an unsafe method needs its admin (else 404)."""

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        if getattr(self, "swagger_fake_view", False) or request.method in SAFE_METHODS:
            return
        access_district(
            request.user,  # type: ignore[arg-type]
            kwargs[self.district_url_kwarg],
            roles={Role.DISTRICT_ADMIN},
        )
