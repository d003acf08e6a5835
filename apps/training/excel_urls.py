"""Routes of the training Excel imports and the ledger export (namespace training_excel)."""

from django.urls import path

from . import excel_views as views

app_name = "training_excel"

S = "s/<int:school_id>/training"
D = "d/<int:district_id>/training"
urlpatterns = [
    # school portal
    path(f"{S}/imports/", views.SchoolImportsView.as_view(), name="school_imports"),
    path(f"{S}/imports/<int:job_id>/", views.ImportDetailView.as_view(), name="import_detail"),
    path(
        f"{S}/activities/<int:activity_id>/import/",
        views.AttendanceImportView.as_view(),
        name="attendance_import",
    ),
    path(
        f"{S}/activities/<int:activity_id>/import/template.xlsx",
        views.AttendanceTemplateView.as_view(),
        name="attendance_template",
    ),
    path(f"{S}/external/import/", views.ExternalImportView.as_view(), name="external_import"),
    path(
        f"{S}/external/import/template.xlsx",
        views.ExternalTemplateView.as_view(),
        name="external_template",
    ),
    path(f"{S}/ledger/export.xlsx", views.LedgerExportView.as_view(), name="ledger_export"),
    # district portal
    path(
        f"{D}/activities/<int:activity_id>/import/",
        views.DistrictAttendanceImportView.as_view(),
        name="district_attendance_import",
    ),
    path(
        f"{D}/activities/<int:activity_id>/import/template.xlsx",
        views.DistrictAttendanceTemplateView.as_view(),
        name="district_attendance_template",
    ),
    path(
        f"{D}/imports/<int:job_id>/",
        views.DistrictImportDetailView.as_view(),
        name="district_import_detail",
    ),
]
