"""The growth teams' API ("2+N", XB-TEAMS … XB-MEMBER):

* `districts/<district_id>/backbone/teams/` — the board: each tier's count against
  XB-TEAMS and each team's composition and leader checks (XB-TEAM-SIZE, XB-LEADER), read
  by the district's roles; `applies` false, with the reason, when the district's packs
  hold no growth teams;
* `districts/<district_id>/backbone/teams/<id>/members/` — a team's admissions and
  members with school and step;
* `districts/<district_id>/backbone/team-admissions/<id>/step/` (组织遴选 by its reviewer
  or admin, 行政审核 by another admin) and `…/confirm/` (确定名单, its admin; a refusal
  names XB-TEAM-SIZE);
* `schools/<school_id>/backbone/team-admissions/<id>/recommend/` — 学校推荐, the school's
  leader;
* `me/backbone/teams/` — the caller's own applications and memberships.

Tenants come through the access helpers; "not yours" (or a step that is not the caller's
to take) is a 404; the services' Chinese refusals are 400s naming the field."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.permissions import SAFE_METHODS, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from apps.backbone.models import AdmissionStatus, GrowthMember
from apps.backbone.selectors import admissions as adm
from apps.backbone.selectors import teams as sel
from apps.backbone.serializers.teams import (
    AdmissionConfirmInput,
    AdmissionStepInput,
    GrowthMemberOutput,
    TeamBoardOutput,
)
from apps.backbone.services import admissions
from apps.core.schema import OneObjectListSchema
from apps.core.schoolyear import today
from apps.people.selectors import teacher_records_of
from apps.tenancy.access import access_district
from apps.tenancy.api import DistrictScopedAPI, SchoolScopedAPI
from apps.tenancy.models import Role

PARAMS = {"members_max": "team_members_max", "same_school_members_max": "same_school_members_max",
          "rural_members_min": "rural_members_min", "mentors_max": "team_mentors_max"}  # fmt: skip


def _board(district: Any) -> dict[str, Any]:
    if not sel.teams_apply(district=district):
        return {"applies": False, "note": sel.NO_PACK, "tiers": [], "teams": [],
                **dict.fromkeys(PARAMS)}  # fmt: skip
    params = sel.team_params(district=district)
    rows = sel.team_rows(district=district)
    return {"applies": True, "note": "", "tiers": sel.tier_counts(rows, params), "teams": rows,
            **{out: int(params[key]) for out, key in PARAMS.items()}}  # fmt: skip


def _members(members: Any) -> Response:
    return Response(GrowthMemberOutput(list(members), many=True).data)


def _stepped(act: Any) -> Response:
    """A service's step; a step the caller may not take answers like "not yours"."""
    try:
        member = act()
    except PermissionDenied:
        raise Http404 from None
    return _members([member])


@extend_schema(tags=["backbone"])
class DistrictTeamViewSet(DistrictScopedAPI, viewsets.ViewSet):
    """The district's teams (the board) and a team's members, for the district's roles."""

    permission_classes = [IsAuthenticated]
    schema = OneObjectListSchema()
    lookup_value_regex = r"\d+"

    @extend_schema(responses=TeamBoardOutput)
    def list(self, request: Request, district_id: str) -> Response:
        return Response(TeamBoardOutput(_board(self.district)).data)

    @extend_schema(responses=GrowthMemberOutput(many=True))
    @action(detail=True, methods=["get"])
    def members(self, request: Request, district_id: str, pk: str) -> Response:
        team = sel.team_of_district(district=self.district, team_id=int(pk))
        if team is None:
            raise Http404
        return _members(adm.team_admissions(team=team))


@extend_schema(tags=["backbone"])
class DistrictAdmissionViewSet(DistrictScopedAPI, viewsets.ViewSet):
    """POST-only steps of the district (its reviewers and admins; else 404)."""

    permission_classes = [IsAuthenticated]
    lookup_value_regex = r"\d+"

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        if request.method not in SAFE_METHODS and not getattr(self, "swagger_fake_view", False):
            access_district(request.user, kwargs["district_id"],  # type: ignore[arg-type]
                            roles=(Role.DISTRICT_REVIEWER, Role.DISTRICT_ADMIN))  # fmt: skip

    def _member(self, pk: str) -> GrowthMember:
        found = adm.member_of_district(district=self.district, member_id=int(pk))
        if found is None:
            raise Http404
        return found

    @extend_schema(request=AdmissionStepInput, responses=GrowthMemberOutput(many=True))
    @action(detail=True, methods=["post"])
    def step(self, request: Request, district_id: str, pk: str) -> Response:
        member = self._member(pk)
        data = AdmissionStepInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        return _stepped(lambda: admissions.admission_step(
            actor=request.user, member=member, accept=values["accept"],
            comment=values["comment"]))  # fmt: skip

    @extend_schema(request=AdmissionConfirmInput, responses=GrowthMemberOutput(many=True))
    @action(detail=True, methods=["post"])
    def confirm(self, request: Request, district_id: str, pk: str) -> Response:
        member = self._member(pk)
        data = AdmissionConfirmInput(data=request.data)
        data.is_valid(raise_exception=True)
        day = data.validated_data["on"] or today()
        return _stepped(lambda: admissions.admission_confirm(
            actor=request.user, member=member, on=day))  # fmt: skip


@extend_schema(tags=["backbone"])
class SchoolAdmissionViewSet(SchoolScopedAPI, viewsets.ViewSet):
    """学校推荐: the school's leader passes or declines its teacher's application."""

    permission_classes = [IsAuthenticated]
    lookup_value_regex = r"\d+"

    @extend_schema(request=AdmissionStepInput, responses=GrowthMemberOutput(many=True))
    @action(detail=True, methods=["post"])
    def recommend(self, request: Request, school_id: str, pk: str) -> Response:
        member = adm.member_of_school(school=self.school, member_id=int(pk))
        if member is None:
            raise Http404
        data = AdmissionStepInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        if member.status != AdmissionStatus.APPLIED:
            raise ValidationError(
                {"member": f"该申报当前为“{member.get_status_display()}”，不能办理学校推荐。"}
            )
        return _stepped(lambda: admissions.admission_step(
            actor=request.user, member=member, accept=values["accept"],
            comment=values["comment"]))  # fmt: skip


@extend_schema(tags=["backbone"], responses=GrowthMemberOutput(many=True))
class MyTeamViewSet(viewsets.ViewSet):
    """The caller's own applications and memberships, newest first."""

    permission_classes = [IsAuthenticated]
    lookup_value_regex = r"\d+"

    def list(self, request: Request) -> Response:
        records = list(teacher_records_of(user=request.user))  # type: ignore[arg-type]
        return _members(adm.own_admissions(teachers=records))
