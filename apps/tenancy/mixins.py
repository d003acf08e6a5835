"""Portal view mixins: resolve the tenant from the URL once, through the access helpers."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponseBase

from .access import access_district, access_school, school_ids_led_by
from .models import District, School


class SchoolPortalMixin(LoginRequiredMixin):
    """`self.school` for views under /s/<school_id>/.

    Reading needs read access (the school's leader, or a member of its district); any
    unsafe method — and any view with `write_required = True`, such as an edit form —
    needs the school's leader.
    """

    write_required = False
    school: School

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        write = self.write_required or request.method not in ("GET", "HEAD", "OPTIONS")
        self.school = access_school(request.user, kwargs["school_id"], write=write)
        self.load_objects(**kwargs)
        return super().dispatch(request, *args, **kwargs)

    def load_objects(self, **kwargs: Any) -> None:
        """Fetch the rows named in the URL, inside `self.school` (404 when not there)."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)  # type: ignore[misc]
        context["school"] = self.school
        context["can_edit"] = self.can_edit
        return context

    @property
    def can_edit(self) -> bool:
        return self.school.pk in school_ids_led_by(self.request.user)  # type: ignore[attr-defined]


class DistrictPortalMixin(LoginRequiredMixin):
    """`self.district` for views under /d/<district_id>/ (district roles only)."""

    district: District

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.district = access_district(request.user, kwargs["district_id"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)  # type: ignore[misc]
        context["district"] = self.district
        return context
