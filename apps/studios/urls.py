"""The studios' URLs (namespace `studios`): the lead's space (/studio/), the district
portal (/d/<district_id>/studios/…) and the school portal (/s/<school_id>/studios/…)."""

from __future__ import annotations

from django.urls import URLPattern, path

from .views import briefs, members, outcomes, rules, sessions, space, teams

app_name = "studios"

D = "d/<int:district_id>/studios"
S = "s/<int:school_id>/studios"
DT = f"{D}/<int:team_id>"
ST = f"{S}/<int:team_id>"
LEAD_T = "studio/teams/<int:team_id>"
DIST = D

urlpatterns: list[URLPattern] = [
    path("studio/", space.SpaceView.as_view(), name="space"),
    # the lead's space and sessions
    path(f"{LEAD_T}/", space.TeamSpaceView.as_view(), name="team_space"),
    path(f"{LEAD_T}/sessions/new/", sessions.SessionCreateView.as_view(), name="session_new"),
    path(
        f"{LEAD_T}/sessions/<int:session_id>/",
        sessions.SessionDetailView.as_view(),
        name="session_detail",
    ),
    # studios: teams, members, leads, themes, funding, plans, studio rules
    path(f"{D}/", teams.DistrictTeamListView.as_view(), name="district_teams"),
    path(f"{D}/new/", teams.DistrictTeamFormView.as_view(), name="district_team_create"),
    path(f"{D}/rules/", rules.DistrictRulesView.as_view(), name="district_rules"),
    path(
        f"{D}/rules/<int:rules_id>/review/",
        rules.DistrictRulesReviewView.as_view(),
        name="district_rules_review",
    ),
    path(f"{DT}/", teams.DistrictTeamDetailView.as_view(), name="district_team"),
    path(f"{DT}/edit/", teams.DistrictTeamFormView.as_view(), name="district_team_edit"),
    path(f"{DT}/members/", members.DistrictMembersView.as_view(), name="district_team_members"),
    path(
        f"{DT}/members/<int:member_id>/leave/",
        members.DistrictLeaveView.as_view(),
        name="district_team_leave",
    ),
    path(f"{DT}/end/", teams.DistrictEndView.as_view(), name="district_team_end"),
    path(f"{DT}/lead/", members.DistrictLeadView.as_view(), name="district_team_lead"),
    path(f"{DT}/themes/", teams.DistrictThemeView.as_view(), name="district_team_theme"),
    path(f"{DT}/funding/", teams.DistrictFundingView.as_view(), name="district_team_funding"),
    path(f"{DT}/plans/", teams.DistrictPlanView.as_view(), name="district_team_plan"),
    path(f"{S}/", teams.SchoolTeamListView.as_view(), name="school_teams"),
    path(f"{S}/new/", teams.SchoolTeamFormView.as_view(), name="school_team_create"),
    path(f"{S}/rules/", rules.SchoolRulesView.as_view(), name="school_rules"),
    path(f"{ST}/", teams.SchoolTeamDetailView.as_view(), name="school_team"),
    path(f"{ST}/edit/", teams.SchoolTeamFormView.as_view(), name="school_team_edit"),
    path(f"{ST}/members/", members.SchoolMembersView.as_view(), name="school_team_members"),
    path(
        f"{ST}/members/<int:member_id>/leave/",
        members.SchoolLeaveView.as_view(),
        name="school_team_leave",
    ),
    path(f"{ST}/end/", teams.SchoolEndView.as_view(), name="school_team_end"),
    path(f"{ST}/lead/", members.SchoolLeadView.as_view(), name="school_team_lead"),
    # end of studios: teams
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
