from django.urls import path

from . import views

app_name = "people"

S = "s/<int:school_id>"
urlpatterns = [
    # school portal
    path(f"{S}/", views.SchoolHomeView.as_view(), name="school_home"),
    path(f"{S}/teachers/", views.TeacherListView.as_view(), name="teacher_list"),
    path(f"{S}/teachers/new/", views.TeacherCreateView.as_view(), name="teacher_create"),
    path(
        f"{S}/teachers/<int:teacher_id>/", views.TeacherDetailView.as_view(), name="teacher_detail"
    ),
    path(
        f"{S}/teachers/<int:teacher_id>/edit/",
        views.TeacherUpdateView.as_view(),
        name="teacher_edit",
    ),
    path(f"{S}/classes/", views.ClassListView.as_view(), name="class_list"),
    path(f"{S}/classes/new/", views.ClassCreateView.as_view(), name="class_create"),
    path(f"{S}/classes/<int:class_id>/edit/", views.ClassUpdateView.as_view(), name="class_edit"),
    path(
        f"{S}/classes/<int:class_id>/delete/", views.ClassDeleteView.as_view(), name="class_delete"
    ),
    path(f"{S}/assignments/", views.AssignmentListView.as_view(), name="assignment_list"),
    path(f"{S}/assignments/new/", views.AssignmentCreateView.as_view(), name="assignment_create"),
    path(
        f"{S}/assignments/<int:assignment_id>/edit/",
        views.AssignmentUpdateView.as_view(),
        name="assignment_edit",
    ),
    path(
        f"{S}/assignments/<int:assignment_id>/delete/",
        views.AssignmentDeleteView.as_view(),
        name="assignment_delete",
    ),
    path(f"{S}/imports/", views.RosterImportView.as_view(), name="import"),
    path(f"{S}/imports/template.xlsx", views.RosterTemplateView.as_view(), name="import_template"),
    path(
        f"{S}/imports/<int:job_id>/", views.RosterImportDetailView.as_view(), name="import_detail"
    ),
    # district portal
    path("d/<int:district_id>/", views.DistrictHomeView.as_view(), name="district_home"),
    path(
        "d/<int:district_id>/schools/<int:school_id>/",
        views.DistrictSchoolDetailView.as_view(),
        name="district_school",
    ),
]
