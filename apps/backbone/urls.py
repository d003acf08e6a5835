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
# ---- end work ----
