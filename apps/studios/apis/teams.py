"""Teams (工作室 / 工作坊, XH26-A2-2, XB23-WORKSHOP) over the API:

* `districts/<district_id>/teams/` — the district's teams (`?kind=studio|workshop`,
  `?search=`): its roles read, its admin creates and edits (`<id>/`: retrieve, PATCH);
* `districts/<district_id>/teams/<id>/members/` — the roster (GET) or teachers joining
  (POST `{"teachers": [ids], "joined_on": …}`, the district's admin);
* `schools/<school_id>/teams/` — the school's own teams and the district's teams with
  members from the school.

The tenant comes from the URL once (the tenancy base classes); ids in bodies are resolved
inside it (a foreign one is a Chinese 400 naming the field); writes go through the
services, which check who may."""

from __future__ import annotations

from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import SAFE_METHODS
from rest_framework.request import Request
from rest_framework.response import Response

from apps.accounts.models import User
from apps.people.models import Teacher
from apps.studios.models import Team
from apps.studios.selectors.teams import (
    district_school,
    district_teachers_by_ids,
    district_team_get,
    district_teams,
    school_teams,
    team_members,
)
from apps.studios.serializers.teams import (
    TeamInput,
    TeamMemberOutput,
    TeamMembersInput,
    TeamOutput,
    TeamUpdate,
)
from apps.studios.services import TeamFields, member_add, team_create, team_update
from apps.tenancy.access import access_district
from apps.tenancy.api import DistrictScopedAPI, SchoolScopedAPI
from apps.tenancy.models import Role

ID = r"\d+"
KIND = OpenApiParameter(
    "kind", OpenApiTypes.STR, description="studio（工作室）或 workshop（工作坊）"
)
SEARCH = OpenApiParameter("search", OpenApiTypes.STR, description="按名称或主持人查找")


def _actor(request: Request) -> User:
    return cast("User", request.user)


class DistrictAdminWritesAPI(DistrictScopedAPI):
    """The district's roles read; an unsafe method needs its admin (else 404)."""

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        if getattr(self, "swagger_fake_view", False) or request.method in SAFE_METHODS:
            return
        access_district(
            _actor(request), kwargs[self.district_url_kwarg], roles={Role.DISTRICT_ADMIN}
        )


@extend_schema(tags=["studios"])
class TeamViewSet(
    DistrictAdminWritesAPI, mixins.ListModelMixin, mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[Team],
):  # fmt: skip
    """The district's studios and workshops with their counts."""

    serializer_class = TeamOutput
    lookup_value_regex = ID
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Team]:
        if getattr(self, "swagger_fake_view", False):
            return Team.objects.none()
        params = self.request.query_params
        return district_teams(
            district=self.district, kind=params.get("kind"), search=params.get("search", "")
        )

    @extend_schema(parameters=[KIND, SEARCH])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    def get_object(self) -> Team:
        return district_team_get(district=self.district, team_id=self.kwargs["pk"])

    def _host(self, host_id: int | None) -> Teacher | None:
        if host_id is None:
            return None
        found = district_teachers_by_ids(district=self.district, teacher_ids=[host_id])
        if not found:
            raise ValidationError({"host": "找不到该教师，或该教师不属于本区。"})
        return found[0]

    def _fresh(self, team: Team, code: int = status.HTTP_200_OK) -> Response:
        return Response(
            TeamOutput(district_team_get(district=self.district, team_id=team.pk)).data, status=code
        )

    @extend_schema(request=TeamInput, responses={201: TeamOutput})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """A new team of the district (`school` empty) or of one of its schools."""
        data = TeamInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        school = None
        if values["school"] is not None:
            school = district_school(district=self.district, school_id=values["school"])
            if school is None:
                raise ValidationError({"school": "找不到该学校，或该学校不属于本区。"})
        team = team_create(
            district=self.district, school=school, actor=_actor(request), kind=values["kind"],
            name=values["name"], host=self._host(values["host"]), host_name=values["host_name"],
            host_kind=values["host_kind"], workshop_type=values["workshop_type"],
            established_on=values["established_on"], description=values["description"],
        )  # fmt: skip
        return self._fresh(team, status.HTTP_201_CREATED)

    @extend_schema(request=TeamUpdate, responses={200: TeamOutput})
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        team = self.get_object()
        data = TeamUpdate(data=request.data)
        data.is_valid(raise_exception=True)
        given: dict[str, Any] = dict(data.validated_data)
        host = self._host(given["host"]) if "host" in given else team.host
        fields = TeamFields(
            name=given.get("name", team.name), host=host,
            host_name=given.get("host_name", team.host_name),
            host_kind=given.get("host_kind", team.host_kind),
            workshop_type=given.get("workshop_type", team.workshop_type),
            established_on=given.get("established_on", team.established_on),
            description=given.get("description", team.description),
        )  # fmt: skip
        team_update(team=team, actor=_actor(request), fields=fields)
        return self._fresh(team)

    @extend_schema(methods=["GET"], request=None, responses=TeamMemberOutput(many=True))
    @extend_schema(
        methods=["POST"], request=TeamMembersInput, responses={201: TeamMemberOutput(many=True)}
    )
    @action(detail=True, methods=["get", "post"], filter_backends=[], pagination_class=None)
    def members(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """GET: the current members (name, school, role, joined). POST: teachers join
        (the district's admin; a school's team takes the school's teachers only)."""
        team = self.get_object()
        code: int = status.HTTP_200_OK
        if request.method == "POST":
            data = TeamMembersInput(data=request.data)
            data.is_valid(raise_exception=True)
            wanted = set(data.validated_data["teachers"])
            teachers = district_teachers_by_ids(district=self.district, teacher_ids=list(wanted))
            if len(teachers) != len(wanted):
                raise ValidationError({"teachers": "找不到部分教师，或其不属于本区。"})
            member_add(team=team, teachers=teachers, actor=_actor(request),
                       joined_on=data.validated_data["joined_on"])  # fmt: skip
            code = status.HTTP_201_CREATED
        return Response(TeamMemberOutput(team_members(team=team), many=True).data, status=code)


@extend_schema(tags=["studios"])
class SchoolTeamViewSet(SchoolScopedAPI, mixins.ListModelMixin, viewsets.GenericViewSet[Team]):
    """The school's teams: its own, and the district's with members from the school
    (`member_count` counts the school's members)."""

    serializer_class = TeamOutput

    def get_queryset(self) -> QuerySet[Team]:
        if getattr(self, "swagger_fake_view", False):
            return Team.objects.none()
        return school_teams(school=self.school)
