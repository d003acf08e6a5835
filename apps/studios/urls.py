"""The studios' URLs (namespace `studios`)."""

from __future__ import annotations

from django.urls import path

from .views import briefs, outcomes, space

app_name = "studios"

LEAD_T = "studio/teams/<int:team_id>"
DIST = "d/<int:district_id>/studios"

urlpatterns = [
    path("studio/", space.SpaceView.as_view(), name="space"),
    # quarterly briefs (XB23-BRIEF): the lead's pages and the district's board
    path(f"{LEAD_T}/briefs/", briefs.TeamBriefsView.as_view(), name="team_briefs"),
    path(f"{LEAD_T}/briefs/new/", briefs.BriefNewView.as_view(), name="brief_new"),
    path(
        f"{LEAD_T}/briefs/<int:brief_id>/edit/", briefs.BriefEditView.as_view(), name="brief_edit"
    ),
    path(
        f"{LEAD_T}/briefs/<int:brief_id>/files/<int:file_id>/",
        briefs.LeadBriefFileView.as_view(),
        name="lead_brief_file",
    ),
    path(f"{DIST}/briefs/", briefs.BriefBoardView.as_view(), name="brief_board"),
    path(f"{DIST}/briefs/<int:brief_id>/", briefs.BriefDetailView.as_view(), name="brief_detail"),
    path(
        f"{DIST}/briefs/<int:brief_id>/files/<int:file_id>/",
        briefs.DistrictBriefFileView.as_view(),
        name="brief_file",
    ),
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
