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
from django.urls import path  # noqa: E402

from apps.backbone.views import honours as honour_views  # noqa: E402
from apps.backbone.views import ladder as ladder_views  # noqa: E402
from apps.backbone.views import pool as pool_views  # noqa: E402

urlpatterns += [
    path(f"{ME}/pool/", pool_views.MyPoolView.as_view(), name="pool_me"),
    path(f"{S}/honours/", honour_views.SchoolHonoursView.as_view(), name="pool_honours"),
    path(f"{S}/pool/", pool_views.SchoolPoolView.as_view(), name="pool_school"),
    path(
        f"{S}/pool/<int:entry_id>/recommend/",
        pool_views.RecommendView.as_view(),
        name="pool_recommend",
    ),
    path(f"{S}/ladder/", ladder_views.SchoolLadderView.as_view(), name="pool_ladder"),
    path(f"{D}/pool/", pool_views.BoardView.as_view(), name="pool_board"),
    path(f"{D}/pool/<int:entry_id>/review/", pool_views.ReviewView.as_view(), name="pool_review"),
    path(f"{D}/pool/talent/", pool_views.TalentPoolView.as_view(), name="pool_talent"),
    path(f"{D}/pool/target/", pool_views.TargetView.as_view(), name="pool_target"),
]
# ---- end pool ----

# ---- growth teams, composition, leaders, admissions, assessment (XB-TEAMS … XB-ASSESS) ----
# ---- end teams ----

# ---- five ones, projects, collections, showcases (XB-FIVE, XB-PROJECT, XB-SHOWCASE) ----
# ---- end work ----
