"""`teams/<team_id>/outcomes/`: a team's outcomes (list) and a new one (create, JSON or
multipart with `file`) by its lead or a manager. The team is fetched for a caller who may
read it (`selectors.team_get_for`, else 404); who may read but not add gets a 404 on
POST too, like a stranger."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import ValidationError as APIValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from apps.core.web import read_upload
from apps.studios.models import Outcome, Team
from apps.studios.selectors import team_get_for, team_outcomes
from apps.studios.serializers.outcomes import OutcomeInput, OutcomeOutput
from apps.studios.services import outcome_add
from apps.studios.services.outcomes import may_add_outcome


@extend_schema(tags=["studios"])
class TeamOutcomeViewSet(mixins.ListModelMixin, viewsets.GenericViewSet[Outcome]):
    serializer_class = OutcomeOutput
    team: Team

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        if getattr(self, "swagger_fake_view", False):
            return
        self.team = team_get_for(user=request.user, team_id=kwargs["team_id"])

    def get_queryset(self) -> QuerySet[Outcome]:
        if getattr(self, "swagger_fake_view", False):
            return Outcome.objects.none()
        return team_outcomes(team=self.team)

    @extend_schema(request=OutcomeInput, responses={201: OutcomeOutput})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not may_add_outcome(request.user, self.team):
            raise Http404
        data = OutcomeInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        file_name, file_data = read_upload(values.pop("file", None))
        theme_id = values.pop("theme", None)
        theme = self.team.themes.filter(pk=theme_id).first() if theme_id else None
        if theme_id and theme is None:
            raise APIValidationError({"theme": ["该研究主题不属于本工作室，请重新选择。"]})
        made = outcome_add(
            team=self.team, actor=request.user, theme=theme, file_name=file_name,
            data=file_data, **values,
        )  # fmt: skip
        return Response(OutcomeOutput(made).data, status=status.HTTP_201_CREATED)
