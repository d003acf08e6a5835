"""The studios' URLs (namespace `studios`)."""

from __future__ import annotations

from django.urls import path

from .views import outcomes, space

app_name = "studios"

urlpatterns = [
    path("studio/", space.SpaceView.as_view(), name="space"),
    # outcomes
    path(
        "studio/teams/<int:team_id>/outcomes/",
        outcomes.OutcomeListView.as_view(),
        name="outcome_list",
    ),
    path(
        "studio/teams/<int:team_id>/outcomes/new/",
        outcomes.OutcomeCreateView.as_view(),
        name="outcome_create",
    ),
    path(
        "studio/teams/<int:team_id>/outcomes/files/<int:file_id>/",
        outcomes.OutcomeFileView.as_view(),
        name="outcome_file",
    ),
]
