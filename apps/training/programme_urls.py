"""Pages of the tiered programmes (district portal), needs surveys (district and school
portals, teacher space) and training evaluation (school portal). Namespace "programmes"."""

from django.urls import path

from . import programme_views as views

app_name = "programmes"

D = "d/<int:district_id>"
S = "s/<int:school_id>"
COHORT = f"{D}/programmes/<int:cohort_id>"

urlpatterns = [
    # XH26-TIER: 启航 / 续航 / 领航, district portal
    path(f"{D}/programmes/", views.CohortListView.as_view(), name="cohort_list"),
    path(f"{D}/programmes/new/", views.CohortFormView.as_view(), name="cohort_create"),
    path(f"{COHORT}/", views.CohortDetailView.as_view(), name="cohort_detail"),
    path(f"{COHORT}/edit/", views.CohortUpdateView.as_view(), name="cohort_edit"),
    path(f"{COHORT}/enrol/", views.CohortEnrolView.as_view(), name="cohort_enrol"),
    path(f"{COHORT}/members/", views.CohortMembersView.as_view(), name="cohort_members"),
    # PT24-NEEDS: district surveys
    path(f"{D}/surveys/", views.DistrictSurveyListView.as_view(), name="district_survey_list"),
    path(
        f"{D}/surveys/new/", views.DistrictSurveyCreateView.as_view(), name="district_survey_create"
    ),
    path(
        f"{D}/surveys/<int:survey_id>/",
        views.DistrictSurveyDetailView.as_view(),
        name="district_survey_detail",
    ),
    path(
        f"{D}/surveys/<int:survey_id>/state/",
        views.DistrictSurveyStateView.as_view(),
        name="district_survey_state",
    ),
    # PT24-NEEDS: school surveys
    path(f"{S}/surveys/", views.SchoolSurveyListView.as_view(), name="school_survey_list"),
    path(f"{S}/surveys/new/", views.SchoolSurveyCreateView.as_view(), name="school_survey_create"),
    path(
        f"{S}/surveys/<int:survey_id>/",
        views.SchoolSurveyDetailView.as_view(),
        name="school_survey_detail",
    ),
    path(
        f"{S}/surveys/<int:survey_id>/state/",
        views.SchoolSurveyStateView.as_view(),
        name="school_survey_state",
    ),
    # PT24-NEEDS: the teacher answers
    path("me/surveys/", views.MySurveyListView.as_view(), name="my_surveys"),
    path(
        "me/surveys/<int:survey_id>/", views.MySurveyAnswerView.as_view(), name="my_survey_answer"
    ),
    # PT24-EVAL: school portal
    path(f"{S}/evaluations/", views.EvaluationOverviewView.as_view(), name="evaluation_overview"),
    path(f"{S}/evaluations/new/", views.EvaluationCreateView.as_view(), name="evaluation_create"),
    path(
        f"{S}/evaluations/teachers/<int:teacher_id>/",
        views.EvaluationTeacherView.as_view(),
        name="evaluation_teacher",
    ),
    path(
        f"{S}/evaluations/<int:record_id>/file/",
        views.EvaluationFileView.as_view(),
        name="evaluation_file",
    ),
    path(
        f"{S}/evaluations/<int:record_id>/delete/",
        views.EvaluationDeleteView.as_view(),
        name="evaluation_delete",
    ),
]
