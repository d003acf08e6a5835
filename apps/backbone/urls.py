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
from .views import assessments as assess  # noqa: E402
from .views import assessments_own as assess_own  # noqa: E402

DA, SA, MA = f"{D}/assessments", f"{S}/assessments", f"{ME}/assessments"
urlpatterns += [
    path(f"{DA}/", assess.BoardView.as_view(), name="assessments_board"),
    path(f"{DA}/members/<int:member_id>/", assess.MemberView.as_view(), name="assessment_member"),
    path(f"{DA}/members/<int:member_id>/terminate/", assess.TerminateView.as_view(),
         name="assessment_terminate"),
    path(f"{DA}/members/<int:member_id>/certificate/", assess_own.DistrictCertificateView.as_view(),
         name="district_certificate"),
    path(f"{DA}/rectifications/", assess.RectificationQueueView.as_view(),
         name="rectification_queue"),
    path(f"{DA}/rectifications/<int:rectification_id>/", assess.RectificationReviewView.as_view(),
         name="rectification_review"),
    path(f"{DA}/rectifications/<int:rectification_id>/file/",
         assess.RectificationFileView.as_view(), name="rectification_file"),
    path(f"{DA}/applications/", assess.ApplicationsView.as_view(), name="applications"),
    path(f"{DA}/applications/<int:application_id>/decide/",
         assess.ApplicationDecideView.as_view(), name="application_decide"),
    path(f"{SA}/", assess_own.SchoolAssessmentsView.as_view(), name="school_assessments"),
    path(f"{SA}/warnings/<int:warning_id>/plan/", assess_own.SchoolPlanView.as_view(),
         name="school_plan_file"),
    path(f"{SA}/apply/", assess_own.SchoolApplyView.as_view(), name="school_apply"),
    path(f"{SA}/members/<int:member_id>/certificate/", assess_own.SchoolCertificateView.as_view(),
         name="school_certificate"),
    path(f"{MA}/", assess_own.MyAssessmentsView.as_view(), name="my_assessments"),
    path(f"{MA}/warnings/<int:warning_id>/plan/", assess_own.MyPlanView.as_view(),
         name="my_plan_file"),
    path(f"{MA}/apply/", assess_own.MyApplyView.as_view(), name="my_apply"),
    path(f"{MA}/members/<int:member_id>/certificate/", assess_own.MyCertificateView.as_view(),
         name="my_certificate"),
]  # fmt: skip
# ---- end assessments ----

# ---- allowance ledger (XB23-ALLOWANCE) ----
from django.urls import path  # noqa: E402

from .views import allowance as allowance_views  # noqa: E402

urlpatterns += [
    path(f"{S}/allowance/", allowance_views.SchoolLedgerView.as_view(), name="allowance_ledger"),
    path(f"{S}/allowance/pay/", allowance_views.SchoolPayMonthView.as_view(), name="allowance_pay"),
    path(
        f"{S}/allowance/bonus/", allowance_views.SchoolBonusView.as_view(), name="allowance_bonus"
    ),
    path(
        f"{S}/allowance/payroll/",
        allowance_views.SchoolPayrollView.as_view(),
        name="allowance_payroll",
    ),
    path(
        f"{S}/allowance/<int:payment_id>/delete/",
        allowance_views.SchoolPaymentDeleteView.as_view(),
        name="allowance_delete",
    ),
    path(
        f"{D}/allowance/",
        allowance_views.DistrictOverviewView.as_view(),
        name="allowance_district",
    ),
    path(f"{ME}/allowance/", allowance_views.MyAllowanceView.as_view(), name="allowance_mine"),
]
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
