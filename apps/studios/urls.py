"""The studios' URLs (namespace `studios`)."""

from __future__ import annotations

from django.urls import path

from .views import sessions, space

app_name = "studios"

TEAM = "studio/teams/<int:team_id>/"

urlpatterns = [
    # studios: space and sessions
    path("studio/", space.SpaceView.as_view(), name="space"),
    path(TEAM, space.TeamSpaceView.as_view(), name="team_space"),
    path(f"{TEAM}sessions/new/", sessions.SessionCreateView.as_view(), name="session_new"),
    path(
        f"{TEAM}sessions/<int:session_id>/",
        sessions.SessionDetailView.as_view(),
        name="session_detail",
    ),
]
