from django.urls import path

from . import views

app_name = "training"

S = "s/<int:school_id>/training"
D = "d/<int:district_id>/training"
urlpatterns = [
    # teacher space
    path("me/", views.teacher_home, name="teacher_home"),
    path("me/training/", views.MyTrainingView.as_view(), name="my_training"),
    path("me/training/new/", views.MyExternalCreateView.as_view(), name="my_external_new"),
    path(
        "me/training/records/<int:record_id>/file/",
        views.MyExternalFileView.as_view(),
        name="my_external_file",
    ),
    path("me/training/ledger/", views.MyLedgerView.as_view(), name="my_ledger"),
    path("me/archive/", views.MyArchiveView.as_view(), name="my_archive"),
    path("me/archive/print/", views.MyArchivePrintView.as_view(), name="my_archive_print"),
    path(
        "me/archive/<int:entry_id>/file/", views.MyArchiveFileView.as_view(), name="my_archive_file"
    ),
    # school portal
    path(f"{S}/activities/", views.ActivityListView.as_view(), name="activity_list"),
    path(f"{S}/activities/new/", views.ActivityCreateView.as_view(), name="activity_create"),
    path(
        f"{S}/activities/<int:activity_id>/",
        views.ActivityDetailView.as_view(),
        name="activity_detail",
    ),
    path(
        f"{S}/activities/<int:activity_id>/attachments/",
        views.ActivityAttachmentAddView.as_view(),
        name="activity_attachment_add",
    ),
    path(
        f"{S}/activities/<int:activity_id>/attachments/<int:attachment_id>/",
        views.ActivityAttachmentFileView.as_view(),
        name="activity_attachment_file",
    ),
    path(f"{S}/hours-review/", views.ExternalQueueView.as_view(), name="external_queue"),
    path(
        f"{S}/hours-review/<int:record_id>/",
        views.ExternalDetailView.as_view(),
        name="external_detail",
    ),
    path(
        f"{S}/hours-review/<int:record_id>/file/",
        views.ExternalFileView.as_view(),
        name="external_file",
    ),
    path(f"{S}/ledger/", views.LedgerView.as_view(), name="ledger"),
    path(
        f"{S}/ledger/teachers/<int:teacher_id>/",
        views.LedgerTeacherView.as_view(),
        name="ledger_teacher",
    ),
    path(
        f"{S}/ledger/<int:entry_id>/reverse/",
        views.LedgerReverseView.as_view(),
        name="ledger_reverse",
    ),
    path(f"{S}/credits/", views.CreditsView.as_view(), name="credits"),
    path(f"{S}/credits/offset/", views.CreditOffsetView.as_view(), name="credit_offset"),
    path(f"{S}/archive/", views.ArchiveListView.as_view(), name="archive_list"),
    path(
        f"{S}/archive/<int:teacher_id>/",
        views.ArchiveTeacherView.as_view(),
        name="archive_teacher",
    ),
    path(
        f"{S}/archive/<int:teacher_id>/print/",
        views.ArchivePrintView.as_view(),
        name="archive_print",
    ),
    path(
        f"{S}/archive/entries/<int:entry_id>/file/",
        views.ArchiveFileView.as_view(),
        name="archive_file",
    ),
    # district portal
    path(
        f"{D}/activities/", views.DistrictActivityListView.as_view(), name="district_activity_list"
    ),
    path(
        f"{D}/activities/new/",
        views.DistrictActivityCreateView.as_view(),
        name="district_activity_create",
    ),
    path(
        f"{D}/activities/<int:activity_id>/",
        views.DistrictActivityDetailView.as_view(),
        name="district_activity_detail",
    ),
    path(
        f"{D}/activities/<int:activity_id>/attachments/",
        views.DistrictActivityAttachmentAddView.as_view(),
        name="district_activity_attachment_add",
    ),
    path(
        f"{D}/activities/<int:activity_id>/attachments/<int:attachment_id>/",
        views.DistrictActivityAttachmentFileView.as_view(),
        name="district_activity_attachment_file",
    ),
]
