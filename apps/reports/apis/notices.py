"""/api/v1/me/notices/: the caller's own notices, newest first (`?unread=1` for the unread
only), and marking one read. Another person's notice is a 404."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.schema import NOT_FOUND
from apps.reports.selectors.notices import user_notice_get, user_notices
from apps.reports.serializers.notices import NoticeOutput
from apps.reports.services.notices import notice_mark_read


@extend_schema(
    tags=["notices"],
    parameters=[OpenApiParameter("unread", bool, description="只看未读 (1)")],
)
class MyNoticesView(generics.ListAPIView):  # type: ignore[type-arg]
    serializer_class = NoticeOutput

    def get_queryset(self) -> Any:
        unread = self.request.query_params.get("unread") in ("1", "true")
        return user_notices(user=self.request.user, unread=unread)


class MyNoticeReadView(APIView):
    @extend_schema(tags=["notices"], request=None, responses={200: NoticeOutput, 404: NOT_FOUND})
    def post(self, request: Request, pk: int) -> Response:
        notice = notice_mark_read(notice=user_notice_get(user=request.user, notice_id=pk))
        return Response(NoticeOutput(notice).data)
