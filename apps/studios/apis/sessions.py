"""`teams/` — the caller's teams (led or taken part in); `teams/<team_id>/sessions/` — a
team's sessions with their attendance counts, and recording one (the lead or a manager).
The team comes from the URL through the space's selector (404 unless the caller may read
it; a write by anyone else is a 404 too); writes go through the service."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.permissions import SAFE_METHODS, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from apps.studios.models import Session, Team
from apps.studios.selectors import team_get_for, team_sessions, teams_of
from apps.studios.serializers.sessions import MyTeamOutput, SessionInput, SessionOutput
from apps.studios.services import may_record_sessions, session_record


@extend_schema(tags=["studios"])
class MyTeamViewSet(mixins.ListModelMixin, viewsets.GenericViewSet[Team]):
    """The teams the caller leads or takes part in."""

    serializer_class = MyTeamOutput
    permission_classes = [IsAuthenticated]

    def get_queryset(self) -> QuerySet[Team]:
        if getattr(self, "swagger_fake_view", False):
            return Team.objects.none()
        return teams_of(user=self.request.user)


@extend_schema(tags=["studios"])
class TeamSessionViewSet(mixins.ListModelMixin, viewsets.GenericViewSet[Session]):
    """XH26-STUDIO-MONTHLY: a team's sessions; POST records one with its attendance."""

    serializer_class = SessionOutput
    permission_classes = [IsAuthenticated]
    team: Team

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        if getattr(self, "swagger_fake_view", False):
            return
        self.team = team_get_for(user=request.user, team_id=kwargs["team_id"])
        if request.method not in SAFE_METHODS and not may_record_sessions(request.user, self.team):
            raise Http404

    def get_queryset(self) -> QuerySet[Session]:
        if getattr(self, "swagger_fake_view", False):
            return Session.objects.none()
        return team_sessions(team=self.team)

    @extend_schema(request=SessionInput, responses={201: SessionOutput})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = SessionInput(data=request.data)
        data.is_valid(raise_exception=True)
        session = session_record(team=self.team, actor=request.user, **data.validated_data)
        return Response(SessionOutput(session).data, status=status.HTTP_201_CREATED)
