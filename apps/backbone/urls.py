"""The backbone app's URLs (namespace `backbone`): the district portal
(/d/<district_id>/backbone/…), the school portal (/s/<school_id>/backbone/…) and the
teacher's own pages (/me/backbone/…). One block per topic."""

from __future__ import annotations

from django.urls import URLPattern

app_name = "backbone"

D = "d/<int:district_id>/backbone"
S = "s/<int:school_id>/backbone"
ME = "me/backbone"

urlpatterns: list[URLPattern] = []

# ---- cohort and tasks (XB23-COHORT, XB23-TASKS) ----
# ---- end cohort ----

# ---- assessments, consequences, rectification, applications, certificates (XB23-ASSESS) ----
# ---- end assessments ----

# ---- allowance ledger (XB23-ALLOWANCE) ----
# ---- end allowance ----

# ---- honours, talent pool, target, ladder (XB-POOL, XB-TARGET, XH26-LADDER) ----
# ---- end pool ----

# ---- growth teams, composition, leaders, admissions, assessment (XB-TEAMS … XB-ASSESS) ----
from django.urls import path  # noqa: E402

from .views import admissions as admission_views  # noqa: E402
from .views import teams as team_views  # noqa: E402

urlpatterns += [
    path(f"{D}/teams/", team_views.TeamBoardView.as_view(), name="teams_board"),
    path(f"{D}/teams/<int:team_id>/", team_views.TeamDetailView.as_view(), name="team_detail"),
    path(f"{D}/teams/<int:team_id>/act/", team_views.TeamActionView.as_view(), name="team_act"),
    path(
        f"{D}/teams/members/<int:member_id>/act/",
        team_views.MemberActionView.as_view(),
        name="team_member_act",
    ),
    path(f"{S}/teams/", admission_views.SchoolQueueView.as_view(), name="school_teams"),
    path(f"{ME}/teams/", admission_views.MyTeamsView.as_view(), name="my_teams"),
]
# ---- end teams ----

# ---- five ones, projects, collections, showcases (XB-FIVE, XB-PROJECT, XB-SHOWCASE) ----
# ---- end work ----
