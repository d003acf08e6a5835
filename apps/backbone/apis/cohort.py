"""The cohort's API (read-only lists, XB23-TASKS progress computed like the pages):

* `districts/<district_id>/backbone-members/` — the district's members of its current
  cohorts with their progress (district roles; `?school=`, `?category=`);
* `schools/<school_id>/backbone-members/` — the school's members (its leader, the
  district's roles);
* `me/backbone-tasks/` — the caller's own memberships and tasks.

The tenant is fetched through the access helpers (else 404)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from apps.accounts.models import User
from apps.backbone.selectors import cohort as sel
from apps.backbone.serializers.cohort import MemberProgressOutput
from apps.core.schoolyear import today
from apps.tenancy.access import access_district, access_school


def _user(request: Request) -> User:
    assert isinstance(request.user, User)
    return request.user


def _answer(members: list[Any]) -> Response:
    found = sel.progress_for_members(members=members, as_of=today())
    rows = [found[m.pk] for m in members if m.pk in found]
    return Response(MemberProgressOutput(rows, many=True).data)


@extend_schema(tags=["backbone"], responses=MemberProgressOutput(many=True))
class DistrictMemberViewSet(viewsets.ViewSet):
    permission_classes = [IsAuthenticated]

    def list(self, request: Request, district_id: str) -> Response:
        district = access_district(_user(request), district_id)
        school = request.query_params.get("school", "")
        category = request.query_params.get("category", "")
        members = sel.district_members(
            district=district, school_id=int(school) if school.isdigit() else None,
            category=category,
        )  # fmt: skip
        return _answer(list(members))


@extend_schema(tags=["backbone"], responses=MemberProgressOutput(many=True))
class SchoolMemberViewSet(viewsets.ViewSet):
    permission_classes = [IsAuthenticated]

    def list(self, request: Request, school_id: str) -> Response:
        school = access_school(_user(request), school_id)
        return _answer(list(sel.school_members(school=school)))


@extend_schema(tags=["backbone"], responses=MemberProgressOutput(many=True))
class MyTaskViewSet(viewsets.ViewSet):
    permission_classes = [IsAuthenticated]

    def list(self, request: Request) -> Response:
        return _answer(list(sel.teacher_members(user=request.user)))
