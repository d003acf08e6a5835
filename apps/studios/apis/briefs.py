"""`teams/<team_id>/briefs/`: the team's briefs (list) and filing the quarter's (create),
for the team's lead only — any other caller gets the same 404;
`districts/<district_id>/briefs/board/`: the district's board of every active studio
and workshop × the year's quarters (`?year=`, `?kind=`), for the district's roles.

Writes go through the services, whose Chinese errors answer as 400s."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from apps.core.web import read_upload
from apps.studios.models import Brief, Team, TeamKind
from apps.studios.selectors.briefs import brief_board, team_briefs, team_for_lead
from apps.studios.serializers.briefs import BoardOutput, BriefInput, BriefOutput
from apps.studios.services.briefs import brief_file
from apps.tenancy.api import DistrictScopedAPI


@extend_schema(tags=["studios"])
class TeamBriefViewSet(mixins.ListModelMixin, viewsets.GenericViewSet[Brief]):
    """XB23-BRIEF: the team's quarterly briefs, newest first; the lead files one."""

    serializer_class = BriefOutput
    http_method_names = ["get", "post", "head", "options"]
    team: Team

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        if getattr(self, "swagger_fake_view", False):
            return
        found = team_for_lead(user=request.user, team_id=int(kwargs["team_id"]))
        if found is None:
            raise Http404
        self.team = found

    def get_queryset(self) -> QuerySet[Brief]:
        if getattr(self, "swagger_fake_view", False):
            return Brief.objects.none()
        return team_briefs(team=self.team)

    @extend_schema(request=BriefInput, responses={201: BriefOutput})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """File the quarter's brief (title, text, optional files); `filed_at` is now."""
        data = BriefInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        files = [read_upload(upload) for upload in values["files"]]
        brief = brief_file(
            team=self.team, actor=request.user, year=values["year"], quarter=values["quarter"],
            title=values["title"], body=values["body"],
            files=[(name, blob) for name, blob in files if blob is not None],
        )  # fmt: skip
        fresh = team_briefs(team=self.team).get(pk=brief.pk)
        return Response(BriefOutput(fresh).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["studios"])
class BriefBoardViewSet(DistrictScopedAPI, viewsets.GenericViewSet[Any]):
    """XB23-BRIEF: the district's board (状态：on_time 按时 / late 逾期 / missing 缺报 /
    not_yet_due 未到期 / not_asked 无需报送)."""

    serializer_class = BoardOutput
    pagination_class = None

    @extend_schema(responses=BoardOutput)
    @action(detail=False, methods=["get"])
    def board(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        now = timezone.localtime()
        try:
            year = int(request.query_params.get("year", now.year))
        except ValueError:
            year = now.year
        year = year if 2000 <= year <= now.year + 1 else now.year
        kind = request.query_params.get("kind", "")
        board = brief_board(
            district=self.district, year=year, kind=kind if kind in TeamKind.values else ""
        )
        return Response(BoardOutput(board).data)
