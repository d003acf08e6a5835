"""The backbone app's URLs (namespace `backbone`): the district portal
(/d/<district_id>/backbone/…), the school portal (/s/<school_id>/backbone/…) and the
teacher's own pages (/me/backbone/…). One block per topic."""

from __future__ import annotations

from django.urls import URLPattern, path

from .views import cohort as cohort_views
from .views import tasks as task_views

app_name = "backbone"

D = "d/<int:district_id>/backbone"
S = "s/<int:school_id>/backbone"
ME = "me/backbone"

urlpatterns: list[URLPattern] = []

# ---- cohort and tasks (XB23-COHORT, XB23-TASKS) ----
DC = f"{D}/cohorts/<int:cohort_id>"
urlpatterns += [
    path(f"{D}/cohorts/", cohort_views.CohortListView.as_view(), name="cohort_list"),
    path(f"{DC}/", cohort_views.CohortDetailView.as_view(), name="cohort_detail"),
    path(f"{DC}/edit/", cohort_views.CohortEditView.as_view(), name="cohort_edit"),
    path(f"{DC}/members/add/", cohort_views.MemberAddView.as_view(), name="cohort_member_add"),
    path(
        f"{DC}/members/<int:member_id>/leave/",
        cohort_views.MemberLeaveView.as_view(),
        name="cohort_member_leave",
    ),
    path(f"{S}/members/", task_views.SchoolMembersView.as_view(), name="school_members"),
    path(
        f"{S}/entries/<int:entry_id>/review/",
        task_views.SchoolEntryReviewView.as_view(),
        name="school_entry_review",
    ),
    path(
        f"{S}/entries/<int:entry_id>/file/",
        task_views.SchoolEntryFileView.as_view(),
        name="school_entry_file",
    ),
    path(f"{ME}/", task_views.MyTasksView.as_view(), name="my_tasks"),
    path(
        f"{ME}/<int:member_id>/entries/new/",
        task_views.MyEntryNewView.as_view(),
        name="my_entry_new",
    ),
    path(f"{ME}/<int:member_id>/plan/", task_views.MyPlanView.as_view(), name="my_plan"),
]
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
