from django.urls import path

from .views import classes, logins, portal, transfers

app_name = "people"

S = "s/<int:school_id>"
urlpatterns = [
    # school portal
    path(f"{S}/", portal.SchoolHomeView.as_view(), name="school_home"),
    path(f"{S}/teachers/", portal.TeacherListView.as_view(), name="teacher_list"),
    path(f"{S}/teachers/new/", portal.TeacherCreateView.as_view(), name="teacher_create"),
    path(
        f"{S}/teachers/<int:teacher_id>/", portal.TeacherDetailView.as_view(), name="teacher_detail"
    ),
    path(
        f"{S}/teachers/<int:teacher_id>/edit/",
        portal.TeacherUpdateView.as_view(),
        name="teacher_edit",
    ),
    path(
        f"{S}/teachers/transfer-in/",
        transfers.TransferInView.as_view(),
        name="teacher_transfer_in",
    ),
    path(
        f"{S}/teachers/<int:teacher_id>/leave/",
        transfers.TeacherLeaveView.as_view(),
        name="teacher_leave",
    ),
    path(f"{S}/classes/", classes.ClassListView.as_view(), name="class_list"),
    path(f"{S}/classes/new/", classes.ClassCreateView.as_view(), name="class_create"),
    path(f"{S}/classes/<int:class_id>/edit/", classes.ClassUpdateView.as_view(), name="class_edit"),
    path(
        f"{S}/classes/<int:class_id>/delete/",
        classes.ClassDeleteView.as_view(),
        name="class_delete",
    ),
    path(f"{S}/assignments/", classes.AssignmentListView.as_view(), name="assignment_list"),
    path(f"{S}/assignments/new/", classes.AssignmentCreateView.as_view(), name="assignment_create"),
    path(
        f"{S}/assignments/<int:assignment_id>/edit/",
        classes.AssignmentUpdateView.as_view(),
        name="assignment_edit",
    ),
    path(
        f"{S}/assignments/<int:assignment_id>/delete/",
        classes.AssignmentDeleteView.as_view(),
        name="assignment_delete",
    ),
    path(f"{S}/logins/", logins.TeacherLoginsView.as_view(), name="teacher_logins"),
    path(
        f"{S}/logins/<int:teacher_id>/reset/",
        logins.TeacherLoginResetView.as_view(),
        name="teacher_login_reset",
    ),
    path(
        f"{S}/logins/<int:teacher_id>/deactivate/",
        logins.TeacherLoginDeactivateView.as_view(),
        name="teacher_login_deactivate",
    ),
    path(f"{S}/imports/", portal.RosterImportView.as_view(), name="import"),
    path(f"{S}/imports/template.xlsx", portal.RosterTemplateView.as_view(), name="import_template"),
    path(
        f"{S}/imports/<int:job_id>/", portal.RosterImportDetailView.as_view(), name="import_detail"
    ),
    # district portal
    path("d/<int:district_id>/", portal.DistrictHomeView.as_view(), name="district_home"),
    path(
        "d/<int:district_id>/transfers/",
        transfers.DistrictTransferView.as_view(),
        name="district_transfer",
    ),
    path(
        "d/<int:district_id>/schools/<int:school_id>/",
        portal.DistrictSchoolDetailView.as_view(),
        name="district_school",
    ),
]
