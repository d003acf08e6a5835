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
# ---- end teams ----

# ---- five ones, projects, collections, showcases (XB-FIVE, XB-PROJECT, XB-SHOWCASE) ----
from django.urls import path  # noqa: E402

from .views import five as work_five  # noqa: E402
from .views import work as work_views  # noqa: E402

urlpatterns += [
    path(f"{S}/work/five/", work_five.FiveBoardView.as_view(), name="work_five_board"),
    path(f"{S}/work/projects/", work_five.SchoolProjectsView.as_view(),
         name="work_school_projects"),
    path(f"{S}/work/radiate/", work_five.SchoolRadiateView.as_view(), name="work_school_radiate"),
    path(f"{ME}/five/", work_five.MyFiveView.as_view(), name="work_my_five"),
    path(f"{D}/work/", work_views.WorkOverviewView.as_view(), name="work_overview"),
    path(f"{D}/work/teams/<int:team_id>/", work_views.TeamWorkView.as_view(), name="work_team"),
    path(f"{D}/work/teams/<int:team_id>/collections/<int:collection_id>/file/",
         work_views.CollectionFileView.as_view(), name="work_collection_file"),
    path(f"{D}/work/showcases/", work_views.ShowcaseListView.as_view(), name="work_showcases"),
    path(f"{D}/work/radiate/", work_views.RadiateListView.as_view(), name="work_radiate"),
]  # fmt: skip
# ---- end work ----
